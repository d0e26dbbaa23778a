// Email at scale (issue 11): 1,000 statements of account rendered (mustache → HTML and text, and
// the PDF with its CJK font) and handed to SMTP, one message each, to a local smtp-server on
// loopback. Per message: the render, the SMTP hand-off, and both. The floor beside them: the same
// 1,000 hand-offs of one message already rendered (what SMTP alone costs on this machine).
import { performance } from 'node:perf_hooks';
import type { Db } from '../../src/store/connection.js';
import { dateIn } from '../../src/domain/calendar.js';
import { customerDocument } from '../../src/services/documents/customer-document.js';
import { createMailer, type OutgoingEmail } from '../../src/services/email/mailer.js';
import { startSmtpSink } from '../../src/services/email/smtp-sink.js';
import { seedAgingBench } from './aging-bench.js';

export interface EmailBench {
  statements: number; renderMs: number; smtpMs: number; totalMs: number; floorSmtpMs: number; refused: number; bytes: number;
}

export async function benchEmail(db: Db, statements = 1_000): Promise<EmailBench> {
  // 1,000 customers with 10 invoices each on average (about 4 open: the statement lists them).
  const orgId = await seedAgingBench(db, { slug: 'bench-email', invoices: statements * 10, customers: statements });
  const customers = await db.selectFrom('customers').select('code').where('org_id', '=', orgId).orderBy('id').limit(statements).execute();
  const today = dateIn('Asia/Shanghai');
  const sink = await startSmtpSink();
  const mailer = createMailer({ url: sink.url, from: 'AR bench <ar@bench.example>' });
  let renderMs = 0;
  let smtpMs = 0;
  let refused = 0;
  let bytes = 0;
  let first: OutgoingEmail | null = null;
  const started = performance.now();
  try {
    for (const [i, c] of customers.entries()) {
      const t0 = performance.now();
      const { message: m } = await customerDocument(db, orgId, c.code, 'statement', { today, locale: i % 2 ? 'en-US' : 'zh-CN' });
      const t1 = performance.now();
      const email: OutgoingEmail = { messageId: `<bench.${i}@bench.example>`, to: [`ap+${i}@customer.example`], subject: m.subject,
        text: m.text, html: m.html, attachments: m.attachments };
      const r = await mailer.send(email);
      const t2 = performance.now();
      if (r.status !== 'accepted') refused++;
      renderMs += t1 - t0;
      smtpMs += t2 - t1;
      bytes += m.attachments.reduce((a, x) => a + x.data.length, 0);
      first ??= email;
    }
    const totalMs = performance.now() - started;
    const f0 = performance.now();
    for (let i = 0; i < customers.length; i++) await mailer.send({ ...first!, messageId: `<floor.${i}@bench.example>` });
    const floorSmtpMs = performance.now() - f0;
    return { statements: customers.length, renderMs, smtpMs, totalMs, floorSmtpMs, refused, bytes };
  } finally {
    mailer.close();
    await sink.close();
  }
}
