// Issue 11, done when — written once, run through every adapter (email-console.test.ts,
// email-slack.test.ts, email-lark.test.ts): `/ar remind` answers with a preview and Send / Cancel;
// Send queues the message for the `email` delivery of the driver's delivery worker (BullMQ on
// Redis, as `duebot serve` runs it), which hands it to a real SMTP server on loopback; the message arrives with its PDF, whose Chinese
// pdftotext can read; a collection record holds the hashes of the bytes that arrived; the chain
// verifies; and three such sends plus the customer's recorded answer satisfy the evidence rule.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRecordChain } from '../../../src/services/audit.js';
import { ensureOpenCase } from '../../../src/services/cases/open-case.js';
import { loadDemoOrg } from '../../../src/services/demo/index.js';
import { sha256Hex } from '../../../src/services/email/email-hashes.js';
import { createMailer, type Mailer } from '../../../src/services/email/mailer.js';
import { startSmtpSink, type SmtpSink } from '../../../src/services/email/smtp-sink.js';
import { testDatabase } from '../../support/db.js';
import { AS_OF, demoOrgId, type Driver, type DriverOptions } from './driver.js';
import { SALES } from './story.contract.js';

const CODE = 'MAIL01';
const NAME = '宁波海港贸易有限公司';
const CONTACT = 'ap@ningbo-port.example';

const FROM = '东方机电 应收 <ar@orient.example>';

export function emailContract(makeDriver: (opts: DriverOptions) => Driver): void {
  const t = testDatabase();
  let sink: SmtpSink;
  let smtp: Mailer | undefined;
  // The driver's delivery worker sends through SMTP to the sink started below.
  const mailer: Mailer = {
    from: FROM, replyTo: null,
    send: (e) => smtp!.send(e),
    close: () => smtp?.close(),
  };
  const d = makeDriver({ mailer });
  let orgId: number;
  let caseId: number;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'duebot-mail-'));
    sink = await startSmtpSink();
    smtp = createMailer({ url: sink.url, from: FROM });
    await loadDemoOrg(t.db, { asOf: AS_OF });
    orgId = await demoOrgId(t.db);
    // A customer 145 days overdue with no record yet, owned by the salesperson, whose billing
    // contact reads Chinese.
    const owner = await t.db.selectFrom('users').select('id').where('org_id', '=', orgId).where('email', '=', SALES).executeTakeFirstOrThrow();
    const c = await t.db.insertInto('customers').values({ org_id: orgId, code: CODE, name: NAME, credit_grade: 'C', credit_limit_minor: 50_000_000n,
      payment_terms_days: 30, owner_user_id: owner.id, region: 'east' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('invoices').values({ org_id: orgId, customer_id: c.id, number: 'INV-MAIL-1', currency: 'CNY', amount_minor: 8_765_432n,
      issued_on: '2026-06-01', due_on: '2026-07-01' }).execute();
    await t.db.insertInto('contacts').values({ org_id: orgId, customer_id: c.id, name: '王会计', email: CONTACT, role: 'billing', locale: 'zh-CN' }).execute();
    caseId = (await t.db.transaction().execute((trx) => ensureOpenCase(trx, orgId, c.id, AS_OF)))!.row.id;
    await t.db.updateTable('cases').set({ owner_user_id: owner.id }).where('id', '=', caseId).execute();
    await d.setup(t.db);
  });
  afterAll(async () => {
    await d.teardown();
    smtp?.close();
    await sink?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Until `n` messages have arrived and their sends are recorded. */
  async function arrived(n: number): Promise<ParsedMail[]> {
    const wait = sink.waitFor(n, 20_000);
    const mails = await Promise.all((await wait).map((m) => simpleParser(m.raw)));
    // The server's 250 comes before the worker's commit of the record: wait for that state.
    for (let i = 0; i < 400; i++) {
      const settled = await t.db.selectFrom('outbound_messages').select((eb) => eb.fn.countAll<string>().as('n'))
        .where('org_id', '=', orgId).where('status', '=', 'sent').executeTakeFirstOrThrow();
      if (Number(settled.n) >= n) return mails;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${n} sends were not recorded`);
  }

  const pdfText = (pdf: Buffer) => {
    const file = path.join(dir, `${randomUUID()}.pdf`);
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };

  // A story: its steps run in order even under `--sequence.shuffle` (issue 14) — its steps build on each other: the previews and sends of one customer's messages, in the order the story tells them.
  describe(`email to a customer on ${d.platform}`, { shuffle: false }, () => {
    it('previews the reminder, sends nothing on Cancel, and sends it once on Send', async () => {
      await d.as(SALES);
      await d.command('lang en');
      let from = d.transcript().length;
      await d.command(`remind ${CODE}`);
      let out = d.transcript().slice(from);
      expect(out).toContain(`Preview: payment reminder for ${NAME}`);
      expect(out).toContain(CONTACT);
      expect(out).toMatch(/reminder-MAIL01-2026-11-23\.pdf/);
      expect(out).toContain('截至');           // the first lines, in the contact's language

      await d.press('email_cancel');
      expect(d.transcript().slice(from)).toContain('was cancelled; nothing was sent');

      from = d.transcript().length;
      await d.command(`remind ${CODE}`);
      await d.press('email_send');
      out = d.transcript().slice(from);
      expect(out).toContain(`is on its way to ${CONTACT}`);
      await d.replay();                         // a retried click: still one message
      const [mail] = await arrived(1);
      expect(mail!.to && 'text' in mail!.to ? mail!.to.text : '').toContain(CONTACT);
      expect(mail!.subject).toContain(NAME);
      expect(mail!.replyTo?.text).toBe(SALES);
      const pdf = mail!.attachments.find((a) => a.contentType === 'application/pdf')!;
      const text = pdfText(pdf.content);
      expect(text).toContain('付款提醒函');
      expect(text).toContain(NAME);
      expect(text).toContain('INV-MAIL-1');

      const m = await t.db.selectFrom('outbound_messages').select(['record_id', 'message_id']).where('org_id', '=', orgId)
        .where('status', '=', 'sent').executeTakeFirstOrThrow();
      expect(mail!.messageId).toBe(m.message_id);
      const record = await t.db.selectFrom('collection_records').select(['method', 'case_id', 'body']).where('id', '=', m.record_id!).executeTakeFirstOrThrow();
      expect(record).toMatchObject({ method: 'email', case_id: caseId });
      expect(record.body).toContain(`SHA-256 text/html: ${sha256Hex(mail!.html as string)}`);
      expect(record.body).toContain(`SHA-256 text/plain: ${sha256Hex(mail!.text!)}`);
      expect(record.body).toContain(`SHA-256 ${pdf.filename} (${pdf.content.length} bytes): ${sha256Hex(pdf.content)}`);
      expect(await verifyRecordChain(t.db, orgId)).toMatchObject({ ok: true });
      // The retried click queued nothing more: one delivery, sent once.
      const deliveries = await t.db.selectFrom('deliveries').select(['status', 'attempts']).where('org_id', '=', orgId).where('kind', '=', 'email').execute();
      expect(deliveries).toEqual([{ status: 'sent', attempts: 1 }]);
    });

    it('with a statement, a final notice and the customer\'s answer, the evidence rule is met', async () => {
      await d.command(`statement ${CODE}`);
      await d.press('email_send');
      await d.command(`remind ${CODE} final_notice`);
      await d.press('email_send');
      const mails = await arrived(3);
      expect(mails.map((m) => m.attachments[0]!.filename)).toEqual(
        ['reminder-MAIL01-2026-11-23.pdf', 'statement-MAIL01-2026-11-23.pdf', 'final-notice-MAIL01-2026-11-23.pdf']);
      expect(sink.messages).toHaveLength(3);
      const written = await t.db.selectFrom('collection_records').select('method').where('org_id', '=', orgId).where('case_id', '=', caseId).execute();
      expect(written.map((r) => r.method)).toEqual(['email', 'email', 'email']);

      await d.command(`log ${CODE} call refused Refuses to pay before the audit`);
      const from = d.transcript().length;
      await d.command(`escalate ${CODE} Three emails and a refusal: hand to legal`);
      expect(d.transcript().slice(from)).not.toContain('missing');
      const esc = await t.db.selectFrom('escalations').select(['status', 'missing', 'override_reason']).where('org_id', '=', orgId)
        .where('case_id', '=', caseId).executeTakeFirstOrThrow();
      expect(esc).toEqual({ status: 'pending', missing: [], override_reason: null });
      expect(await verifyRecordChain(t.db, orgId)).toMatchObject({ ok: true });
    });
  });
}
