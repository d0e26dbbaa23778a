// Issue 11: auto_remind (off by default) sends the pre-due courtesy reminder and the first
// reminder by itself, once each however often it runs, in the customer's working hours; a later
// message waits for a person; a customer over the weekly contact cap is left for a person.
import { describe, expect, it } from 'vitest';
import { zonedInstant } from '../../../../src/domain/calendar.js';
import { ensureOpenCase } from '../../../../src/services/cases/open-case.js';
import { setOrgMessaging } from '../../../../src/services/documents/org-messaging.js';
import { autoRemind } from '../../../../src/services/messages/auto-remind.js';
import { testDatabase } from '../../../support/db.js';
import { addCustomer, seedOrg, TODAY } from '../fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';
const TUESDAY_10AM = zonedInstant(TZ, TODAY, 10 * 60);   // 2026-03-10 is a Tuesday

async function world() {
  const f = await seedOrg(t.db);
  const soon = await addCustomer(t.db, f.orgId, { code: 'SOON', invoices: [{ number: 'S-1', amount: 100_000n, daysOverdue: -2 }] });
  const late = await addCustomer(t.db, f.orgId, { code: 'LATE', invoices: [{ number: 'L-1', amount: 250_000n, daysOverdue: 40 }] });
  const mute = await addCustomer(t.db, f.orgId, { code: 'MUTE', invoices: [{ number: 'M-1', amount: 50_000n, daysOverdue: 10 }] });
  for (const c of [soon, late]) {
    await t.db.insertInto('contacts').values({ org_id: f.orgId, customer_id: c.id, name: 'AP desk', email: `ap@${c.code.toLowerCase()}.example`, role: 'billing', locale: 'en-US' }).execute();
  }
  for (const c of [late, mute]) await t.db.transaction().execute((trx) => ensureOpenCase(trx, f.orgId, c.id, TODAY));
  return { f, soon, late, mute };
}

const messages = (orgId: number) => t.db.selectFrom('outbound_messages').select(['customer_id', 'kind', 'status', 'automatic', 'approved_by', 'not_before'])
  .where('org_id', '=', orgId).orderBy('id').execute();

describe('auto_remind', () => {
  it('does nothing while the org has it off (the default)', async () => {
    const { f } = await world();
    expect(await autoRemind(t.db, f.orgId, TUESDAY_10AM)).toEqual({ queued: { courtesy: 0, reminder: 0 }, skipped: { overCap: 0, noContact: 0 } });
    expect(await messages(f.orgId)).toEqual([]);
  });

  it('queues the pre-due courtesy and the first reminder once, without an approver, and says what it left', async () => {
    const { f, soon, late } = await world();
    await setOrgMessaging(t.db, f.orgId, { autoRemind: true }, 'test');
    const first = await autoRemind(t.db, f.orgId, TUESDAY_10AM);
    expect(first).toEqual({ queued: { courtesy: 1, reminder: 1 }, skipped: { overCap: 0, noContact: 1 } });
    expect(await messages(f.orgId)).toEqual([
      { customer_id: soon.id, kind: 'courtesy', status: 'queued', automatic: true, approved_by: null, not_before: null },
      { customer_id: late.id, kind: 'reminder', status: 'queued', automatic: true, approved_by: null, not_before: null },
    ]);
    // Each queued message has its email.approved event for the outbox (actor: none).
    const events = await t.db.selectFrom('case_events').select(['type', 'payload']).where('org_id', '=', f.orgId).where('type', '=', 'email.approved').execute();
    expect(events.map((e) => (e.payload as { automatic: boolean }).automatic)).toEqual([true, true]);
    // Twice, and in parallel: nothing more.
    await Promise.all([autoRemind(t.db, f.orgId, TUESDAY_10AM), autoRemind(t.db, f.orgId, TUESDAY_10AM)]);
    expect(await messages(f.orgId)).toHaveLength(2);
  });

  it('never sends a second reminder by itself, and leaves a customer over the weekly cap to a person', async () => {
    const { f, late } = await world();
    await setOrgMessaging(t.db, f.orgId, { autoRemind: true }, 'test');
    await t.db.updateTable('org_policies').set({ contact_cap_per_week: 2 }).where('org_id', '=', f.orgId).execute();
    const kase = await t.db.selectFrom('cases').select('id').where('org_id', '=', f.orgId).where('customer_id', '=', late.id).executeTakeFirstOrThrow();
    for (const method of ['call', 'letter'] as const) {
      await t.db.insertInto('collection_records').values({ org_id: f.orgId, case_id: kase.id, customer_id: late.id, author_user_id: f.sales.userId,
        method, body: 'contact this week', recorded_at: TUESDAY_10AM }).execute();
    }
    const r = await autoRemind(t.db, f.orgId, TUESDAY_10AM);
    expect(r.queued.reminder).toBe(0);
    expect(r.skipped.overCap).toBe(1);
    expect((await messages(f.orgId)).filter((m) => m.kind === 'reminder')).toEqual([]);
  });

  it('outside the customer\'s working hours queues for the next one', async () => {
    const { f } = await world();
    await setOrgMessaging(t.db, f.orgId, { autoRemind: true }, 'test');
    const saturday = zonedInstant(TZ, '2026-03-14', 11 * 60);
    await autoRemind(t.db, f.orgId, saturday);
    const monday9 = zonedInstant(TZ, '2026-03-16', 9 * 60);
    // By Saturday SOON's invoice is past due (no courtesy any more): LATE's first reminder waits for Monday.
    expect((await messages(f.orgId)).map((m) => [m.kind, m.not_before?.toISOString()])).toEqual([['reminder', monday9.toISOString()]]);
  });
});
