// Issue 8: the `card` a button sat on is checked inside the command's transaction.
import { describe, expect, it } from 'vitest';
import { claimCase, logRecord, releaseCase, snoozeCase } from '../../../src/services/cases/index.js';
import { isDuebotError } from '../../../src/errors.js';
import { testDatabase } from '../../support/db.js';
import { addCustomer, seedOrg, snapshot, TODAY } from './fixtures.js';

const t = testDatabase();
const opts = { today: TODAY };

async function refusal(p: Promise<unknown>) {
  try { await p; return null; } catch (e) { return isDuebotError(e) ? { code: e.code, reason: e.detail.reason } : e; }
}

async function claimedCase() {
  const org = await seedOrg(t.db);
  await addCustomer(t.db, org.orgId, { code: 'C100', name: 'Acme Trading', invoices: [{ number: 'INV-1', amount: 500_000n, daysOverdue: 95 }] });
  const r = await claimCase(t.db, org.sales, { customer: 'C100' }, opts);
  return { org, kase: r.case };
}

describe('a command from a card', () => {
  it('refuses a snooze from the card of a case since closed, and leaves the customer\'s newer case alone', async () => {
    const { org, kase } = await claimedCase();
    await t.db.updateTable('cases').set({ status: 'closed', closed_at: new Date(), close_reason: 'paid' }).where('id', '=', kase.id).execute();
    const before = await snapshot(t.db, org.orgId);
    expect(await refusal(snoozeCase(t.db, org.sales, { customer: 'C100', days: 7, reason: 'from an old alert' },
      { ...opts, card: { caseId: kase.id, version: kase.version } }))).toEqual({ code: 'stale', reason: 'card' });
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('refuses a release from a card drawn before the case changed, and changes nothing', async () => {
    const { org, kase } = await claimedCase();
    await logRecord(t.db, org.sales, { customer: 'C100', method: 'call', text: 'rang the customer' }, opts);
    const before = await snapshot(t.db, org.orgId);
    expect(await refusal(releaseCase(t.db, org.sales, { customer: 'C100' }, { ...opts, card: { caseId: kase.id, version: kase.version } })))
      .toEqual({ code: 'stale', reason: 'card' });
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('acts on a current card, and answers a retried click as the first time though the case changed with it', async () => {
    const { org, kase } = await claimedCase();
    const click = { ...opts, idempotencyKey: 'click-1', card: { caseId: kase.id, version: kase.version } };
    const first = await releaseCase(t.db, org.sales, { customer: 'C100' }, click);
    expect(first.status).toBe('released');
    const again = await releaseCase(t.db, org.sales, { customer: 'C100' }, click);
    expect(again).toEqual(first);
  });

  it('takes a submitted form (version not checked) on an open case that changed while it was filled in', async () => {
    const { org, kase } = await claimedCase();
    await logRecord(t.db, org.sales, { customer: 'C100', method: 'call', text: 'rang the customer' }, opts);
    const r = await snoozeCase(t.db, org.sales, { customer: 'C100', days: 3, reason: 'on holiday' }, { ...opts, card: { caseId: kase.id, version: null } });
    expect(r.case.id).toBe(kase.id);
  });
});
