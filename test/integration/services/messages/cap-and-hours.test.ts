// Issue 11: the weekly contact cap (every contact counts, logged or sent; over it only a manager
// sends, with a reason that is kept) and the customer's working hours (a message due outside them
// waits for the next one, and the email delivery defers till then).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedInstant } from '../../../../src/domain/calendar.js';
import { ensureOpenCase } from '../../../../src/services/cases/open-case.js';
import { setOrgMessaging } from '../../../../src/services/documents/org-messaging.js';
import { createMailer, type Mailer } from '../../../../src/services/email/mailer.js';
import { startSmtpSink, type SmtpSink } from '../../../../src/services/email/smtp-sink.js';
import { deliverMessage } from '../../../../src/services/messages/deliver-message.js';
import { prepareMessage } from '../../../../src/services/messages/prepare-message.js';
import { sendMessage } from '../../../../src/services/messages/send-message.js';
import { testDatabase } from '../../../support/db.js';
import { addCustomer, seedOrg, TODAY } from '../fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';
let sink: SmtpSink;
let mailer: Mailer;
beforeAll(async () => { sink = await startSmtpSink(); mailer = createMailer({ url: sink.url, from: 'ar@org.example' }); });
afterAll(async () => { mailer?.close(); await sink?.close(); });

async function world() {
  const f = await seedOrg(t.db);
  const c = await addCustomer(t.db, f.orgId, { code: 'LATE', invoices: [{ number: 'L-1', amount: 250_000n, daysOverdue: 40 }] });
  await t.db.insertInto('contacts').values({ org_id: f.orgId, customer_id: c.id, name: 'AP', email: 'ap@late.example', role: 'billing', locale: 'en-US' }).execute();
  const kase = (await t.db.transaction().execute((trx) => ensureOpenCase(trx, f.orgId, c.id, TODAY)))!.row;
  await t.db.updateTable('cases').set({ owner_user_id: f.sales.userId }).where('id', '=', kase.id).execute();
  return { f, c, caseId: kase.id };
}

describe('the weekly contact cap', () => {
  it('counts logged contacts and sends; over it the owner is refused and a manager sends with a reason', async () => {
    const { f, c, caseId } = await world();
    await t.db.updateTable('org_policies').set({ contact_cap_per_week: 2 }).where('org_id', '=', f.orgId).execute();
    const now = zonedInstant(TZ, TODAY, 10 * 60);
    const opts = { today: TODAY, now };
    await t.db.insertInto('collection_records').values({ org_id: f.orgId, case_id: caseId, customer_id: c.id, author_user_id: f.sales.userId,
      method: 'call', body: 'called', recorded_at: now }).execute();
    const first = await prepareMessage(t.db, f.sales, { customer: 'LATE', kind: 'reminder' }, opts);
    expect(first.preview.contacts).toEqual({ thisWeek: 1, cap: 2 });
    await sendMessage(t.db, f.sales, { messageId: first.preview.id }, opts);
    expect((await deliverMessage(t.db, mailer, { orgId: f.orgId, outboundId: first.preview.id }, { now: () => now })).status).toBe('sent');

    const second = await prepareMessage(t.db, f.sales, { customer: 'LATE', kind: 'final_notice' }, opts);
    expect(second.preview.contacts).toEqual({ thisWeek: 2, cap: 2 });
    await expect(sendMessage(t.db, f.sales, { messageId: second.preview.id }, opts)).rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'over_cap' } });
    await expect(sendMessage(t.db, f.finance, { messageId: second.preview.id }, opts)).rejects.toMatchObject({ detail: { reason: 'over_cap' } });
    await expect(sendMessage(t.db, f.manager, { messageId: second.preview.id }, opts)).rejects.toMatchObject({ code: 'invalid', detail: { reason: 'over_cap_reason' } });
    const m0 = await t.db.selectFrom('outbound_messages').select(['status']).where('id', '=', second.preview.id).executeTakeFirstOrThrow();
    expect(m0.status).toBe('draft');
    const r = await sendMessage(t.db, f.manager, { messageId: second.preview.id, overrideReason: 'customer asked for the notice in writing' }, opts);
    expect(r).toMatchObject({ status: 'queued', overridden: true });
    const m = await t.db.selectFrom('outbound_messages').select(['status', 'override_reason', 'approved_by']).where('id', '=', second.preview.id).executeTakeFirstOrThrow();
    expect(m).toEqual({ status: 'queued', override_reason: 'customer asked for the notice in writing', approved_by: f.manager.userId });
  });

  it('a new week starts on Monday in the org\'s time zone', async () => {
    const { f, c, caseId } = await world();
    await t.db.updateTable('org_policies').set({ contact_cap_per_week: 1 }).where('org_id', '=', f.orgId).execute();
    // Sunday 23:30 in Shanghai is last week; the preview on Monday counts nothing.
    await t.db.insertInto('collection_records').values({ org_id: f.orgId, case_id: caseId, customer_id: c.id, author_user_id: f.sales.userId,
      method: 'email', body: 'sent', recorded_at: zonedInstant(TZ, '2026-03-15', 23 * 60 + 30) }).execute();
    const p = await prepareMessage(t.db, f.sales, { customer: 'LATE', kind: 'reminder' }, { today: '2026-03-16', now: zonedInstant(TZ, '2026-03-16', 10 * 60) });
    expect(p.preview.contacts).toEqual({ thisWeek: 0, cap: 1 });
  });
});

describe('the customer\'s working hours', () => {
  it('a Send on Saturday waits for Monday 09:00; the delivery defers until then, and sends then', async () => {
    const { f } = await world();
    const saturday = zonedInstant(TZ, '2026-03-14', 11 * 60);
    const monday9 = zonedInstant(TZ, '2026-03-16', 9 * 60);
    const p = await prepareMessage(t.db, f.sales, { customer: 'LATE', kind: 'reminder' }, { today: '2026-03-14', now: saturday });
    expect(p.preview.opensAt).toBe(monday9.toISOString());
    const r = await sendMessage(t.db, f.sales, { messageId: p.preview.id }, { today: '2026-03-14', now: saturday });
    expect(r).toMatchObject({ status: 'queued', message: { notBefore: monday9.toISOString() } });
    const before = sink.messages.length;
    expect(await deliverMessage(t.db, mailer, { orgId: f.orgId, outboundId: p.preview.id }, { now: () => saturday }))
      .toEqual({ status: 'wait', until: monday9 });
    expect(sink.messages.length).toBe(before);
    expect((await deliverMessage(t.db, mailer, { orgId: f.orgId, outboundId: p.preview.id }, { now: () => monday9 })).status).toBe('sent');
    expect(sink.messages.length).toBe(before + 1);
  });

  it('follows the org\'s customer hours and days, and its business calendar', async () => {
    const { f } = await world();
    await setOrgMessaging(t.db, f.orgId, { hours: '08:30-12:00', days: [1, 2, 3, 4, 5, 6] }, 'test');
    await t.db.insertInto('calendar_days').values({ org_id: f.orgId, day: '2026-03-16', kind: 'holiday', name: 'test holiday' }).execute();
    const saturday1pm = zonedInstant(TZ, '2026-03-14', 13 * 60);
    const p = await prepareMessage(t.db, f.sales, { customer: 'LATE', kind: 'reminder' }, { today: '2026-03-14', now: saturday1pm });
    // Saturday after 12:00 → Monday is a holiday → Tuesday 08:30.
    expect(p.preview.opensAt).toBe(zonedInstant(TZ, '2026-03-17', 8 * 60 + 30).toISOString());
  });
});
