// Issue 11, the send as a written record: a preview frozen as a draft, Send by the owner, the
// `email` delivery through the real jobs runtime (BullMQ on Redis) to a real SMTP server on
// loopback; what arrived is parsed and its bytes' hashes are the ones the chained record holds.
// A 5yz refusal writes the record, marks it undelivered beside it (never an UPDATE) and tells the
// owner; it then counts for neither the evidence rule nor the limitation clock.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseDeliveryLog, createJobsRuntime, type JobsRuntime } from '../../../../jobs/index.js';
import { verifyRecordChain } from '../../../../src/services/audit.js';
import { loadDemoOrg } from '../../../../src/services/demo/index.js';
import { sha256Hex } from '../../../../src/services/email/email-hashes.js';
import { createMailer, type Mailer } from '../../../../src/services/email/mailer.js';
import { startSmtpSink, type SmtpSink } from '../../../../src/services/email/smtp-sink.js';
import { actorByEmail, type Actor } from '../../../../src/services/identity.js';
import { cancelMessage } from '../../../../src/services/messages/cancel-message.js';
import { prepareMessage } from '../../../../src/services/messages/prepare-message.js';
import { sendMessage } from '../../../../src/services/messages/send-message.js';
import { testDatabase } from '../../../support/db.js';
import { silent, testPrefix } from '../../jobs/jobs-fixtures.js';

const AS_OF = '2026-11-23';
const NOW = new Date('2026-11-23T03:00:00Z');   // Monday 11:00 in Shanghai

const t = testDatabase();
let sink: SmtpSink;
let mailer: Mailer;
let rt: JobsRuntime;
let orgId: number;
let owner: Actor;
let code: string;
let caseId: number;

beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = createMailer({ url: sink.url, from: 'Orient AR <ar@orient.example>' });
  const demo = await loadDemoOrg(t.db, { asOf: AS_OF });
  orgId = demo.orgId;
  const row = await t.db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
    .innerJoin('users', 'users.id', 'cases.owner_user_id')
    .select(['cases.id', 'customers.code', 'users.email']).where('cases.org_id', '=', orgId).where('cases.status', '=', 'open')
    .where('users.role', '=', 'sales').orderBy('cases.id').executeTakeFirstOrThrow();
  [caseId, code] = [row.id, row.code];
  owner = await actorByEmail(t.db, orgId, row.email);
  rt = createJobsRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: {}, log: silent,
    maintenance: false, now: () => NOW, mailer });
  await rt.start();
});
afterAll(async () => { await rt?.stop(); mailer?.close(); await sink?.close(); });

const opts = { today: AS_OF, now: NOW };
const deliveryOf = (outboundId: number) => t.db.selectFrom('deliveries').selectAll().where('org_id', '=', orgId)
  .where('outbound_message_id', '=', outboundId).executeTakeFirst();

async function settled(outboundId: number): Promise<string> {
  for (;;) {
    await rt.processOutbox();
    const m = await t.db.selectFrom('outbound_messages').select('status').where('id', '=', outboundId).executeTakeFirstOrThrow();
    if (m.status === 'sent' || m.status === 'undelivered') return m.status;
    const d = await deliveryOf(outboundId);
    if (d?.status === 'failed') return `failed:${d.reason}`;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the preview the first step makes is what the later steps cancel, refuse and send.
describe('a reminder sent by email', { shuffle: false }, () => {
  it('previews who gets what, and sends it once however often Send is pressed', async () => {
    const p = await prepareMessage(t.db, owner, { customer: code, kind: 'reminder' }, opts);
    expect(p.preview.recipients).toEqual([`ap@${code.toLowerCase()}.demo.example`]);
    expect(p.preview.attachments[0]!.filename).toMatch(/\.pdf$/);
    expect(p.preview.firstLines.length).toBeGreaterThan(0);
    expect(p.preview.opensAt).toBeNull();

    const first = await sendMessage(t.db, owner, { messageId: p.preview.id }, { ...opts, idempotencyKey: 'click-1' });
    expect(first.status).toBe('queued');
    const again = await sendMessage(t.db, owner, { messageId: p.preview.id }, { ...opts, idempotencyKey: 'click-2' });
    expect(again.status).toBe('already_queued');
    const before = sink.messages.length;
    expect(await settled(p.preview.id)).toBe('sent');
    const [got] = (await sink.waitFor(before + 1)).slice(before);
    expect(sink.messages.length).toBe(before + 1);

    const parsed = await simpleParser(got!.raw);
    const m = await t.db.selectFrom('outbound_messages').selectAll().where('id', '=', p.preview.id).executeTakeFirstOrThrow();
    expect(parsed.messageId).toBe(m.message_id);
    expect(parsed.replyTo?.text).toBe(owner.email);
    const record = await t.db.selectFrom('collection_records').selectAll().where('id', '=', m.record_id!).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ method: 'email', case_id: caseId, author_user_id: owner.userId });
    expect(record.body).toContain(`Message-ID: ${m.message_id}`);
    expect(record.body).toContain(`SHA-256 text/html: ${sha256Hex(parsed.html as string)}`);
    expect(record.body).toContain(`SHA-256 text/plain: ${sha256Hex(parsed.text!)}`);
    const pdf = parsed.attachments[0]!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(record.body).toContain(`SHA-256 ${pdf.filename} (${pdf.content.length} bytes): ${sha256Hex(pdf.content)}`);
    expect(await verifyRecordChain(t.db, orgId)).toMatchObject({ ok: true });

    const d = await deliveryOf(p.preview.id);
    expect(d).toMatchObject({ kind: 'email', status: 'sent', case_id: caseId, message_id: m.message_id });
    // `duebot jobs deliveries --case <customer>` lists it with its try.
    const log = await caseDeliveryLog(t.db, orgId, code);
    expect(log.deliveries.filter((x) => x.kind === 'email')).toEqual([expect.objectContaining({ platform: 'email',
      channelId: `ap@${code.toLowerCase()}.demo.example`, status: 'sent', messageId: m.message_id,
      attempts: [expect.objectContaining({ outcome: 'sent' })] })]);
    const events = await t.db.selectFrom('case_events').select(['type']).where('org_id', '=', orgId)
      .where('type', 'in', ['email.approved', 'email.sent']).execute();
    expect(events.map((e) => e.type).sort()).toEqual(['email.approved', 'email.sent']);
  });

  it('previews the Reply-To the send will use: SMTP_REPLY_TO when set, else the case owner', async () => {
    const own = await prepareMessage(t.db, owner, { customer: code, kind: 'reminder' }, opts);
    expect(own.preview.replyTo).toBe(owner.email);
    const shared = await prepareMessage(t.db, owner, { customer: code, kind: 'reminder' }, { ...opts, replyTo: 'ar@orient.example' });
    expect(shared.preview.replyTo).toBe('ar@orient.example');
    for (const id of [own.preview.id, shared.preview.id]) await cancelMessage(t.db, owner, { messageId: id }, opts);
  });

  it('cancels a preview: nothing is sent and Send is then refused', async () => {
    const p = await prepareMessage(t.db, owner, { customer: code, kind: 'statement' }, opts);
    expect((await cancelMessage(t.db, owner, { messageId: p.preview.id })).status).toBe('cancelled');
    await expect(sendMessage(t.db, owner, { messageId: p.preview.id }, opts)).rejects.toMatchObject({ code: 'conflict' });
    expect(await deliveryOf(p.preview.id)).toBeUndefined();
  });

  it('refuses a salesperson who does not own the customer, and another org\'s message', async () => {
    const other = await t.db.selectFrom('users').select('email').where('org_id', '=', orgId).where('role', '=', 'sales')
      .where('id', '<>', owner.userId).executeTakeFirstOrThrow();
    const stranger = await actorByEmail(t.db, orgId, other.email);
    await expect(prepareMessage(t.db, stranger, { customer: code, kind: 'reminder' }, opts)).rejects.toMatchObject({ code: 'forbidden' });
    const p = await prepareMessage(t.db, owner, { customer: code, kind: 'reminder' }, opts);
    await expect(sendMessage(t.db, stranger, { messageId: p.preview.id }, opts)).rejects.toMatchObject({ code: 'forbidden' });
    await loadDemoOrg(t.db, { asOf: AS_OF, slug: 'other' });
    const otherOrg = await t.db.selectFrom('orgs').select('id').where('slug', '=', 'other').executeTakeFirstOrThrow();
    const otherAdmin = await t.db.selectFrom('users').select('email').where('org_id', '=', otherOrg.id).where('role', '=', 'admin').executeTakeFirstOrThrow();
    await expect(sendMessage(t.db, await actorByEmail(t.db, otherOrg.id, otherAdmin.email), { messageId: p.preview.id }, opts))
      .rejects.toMatchObject({ code: 'not_found' });
    await cancelMessage(t.db, owner, { messageId: p.preview.id });
  });

  it('marks a send the server refuses (550) undelivered beside its record, and tells the owner', async () => {
    const contact = `ap@${code.toLowerCase()}.demo.example`;
    sink.refuse(contact, 550);
    try {
      const p = await prepareMessage(t.db, owner, { customer: code, kind: 'final_notice' }, opts);
      await sendMessage(t.db, owner, { messageId: p.preview.id }, opts);
      expect(await settled(p.preview.id)).toBe('undelivered');
      const m = await t.db.selectFrom('outbound_messages').selectAll().where('id', '=', p.preview.id).executeTakeFirstOrThrow();
      expect(m.smtp_response).toMatch(/^550 /);
      const status = await t.db.selectFrom('record_delivery_statuses').selectAll().where('record_id', '=', m.record_id!).execute();
      expect(status).toEqual([expect.objectContaining({ status: 'undelivered', org_id: orgId })]);
      // The record is the same record: append-only, still verifying.
      expect(await verifyRecordChain(t.db, orgId)).toMatchObject({ ok: true });
      const d = await deliveryOf(p.preview.id);
      expect(d).toMatchObject({ status: 'failed', reason: 'smtp_rejected' });
      const ev = await t.db.selectFrom('case_events').select(['type', 'payload']).where('org_id', '=', orgId)
        .where('type', '=', 'email.undelivered').execute();
      expect(ev).toHaveLength(1);
    } finally {
      sink.refuse(contact, null);
    }
  });
});
