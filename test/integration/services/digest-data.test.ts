import { describe, expect, it } from 'vitest';
import { claimCase, digestData, ensureOpenCase, promiseToPay } from '../../../src/services/cases/index.js';
import { testDatabase } from '../../support/db.js';
import { addCustomer, seedOrg, TODAY } from './fixtures.js';

const t = testDatabase();
const opts = { today: TODAY };

async function fixture() {
  const org = await seedOrg(t.db);
  const red1 = await addCustomer(t.db, org.orgId, { code: 'R1', region: 'east', invoices: [
    { number: 'r1a', amount: 500_000n, daysOverdue: 120, productLine: 'steel' },
    { number: 'r1b', amount: 100_000n, daysOverdue: 1, productLine: 'cement' },     // newly overdue today
  ] });
  const red2 = await addCustomer(t.db, org.orgId, { code: 'R2', region: 'west', invoices: [
    { number: 'r2a', amount: 200_000n, paid: 50_000n, daysOverdue: 95, productLine: 'steel' },
  ] });
  const orange = await addCustomer(t.db, org.orgId, { code: 'O1', region: 'east', invoices: [
    { number: 'o1a', amount: 70_000n, daysOverdue: 70, productLine: 'cement' },
    { number: 'o1b', amount: 30_000n, daysOverdue: -5, productLine: 'cement' },     // not due: not in the totals
  ] });
  const none = await addCustomer(t.db, org.orgId, { code: 'N1', region: 'west', invoices: [
    { number: 'n1a', amount: 9_000n, daysOverdue: 10, productLine: 'steel' },
    { number: 'n1b', amount: 1_000n, daysOverdue: 1, productLine: 'steel' },        // newly overdue today
  ] });
  await addCustomer(t.db, org.orgId, { code: 'PAID', invoices: [
    { number: 'p1', amount: 5_000n, paid: 5_000n, daysOverdue: 200, status: 'paid' },
  ] });
  await claimCase(t.db, org.sales, { customer: 'R1' }, opts);          // R2 stays an unclaimed red
  await claimCase(t.db, org.sales2, { customer: 'O1' }, opts);
  await t.db.transaction().execute(async (trx) => {
    for (const c of [red2, none]) await ensureOpenCase(trx, org.orgId, c.id, TODAY);
  });
  await promiseToPay(t.db, org.sales, { customer: 'R1', amount: '1000', promisedOn: TODAY }, opts);
  const broken = await promiseToPay(t.db, org.sales2, { customer: 'O1', amount: '250.50', promisedOn: TODAY }, opts);
  // A promise past its date + 3 days of grace, still pending (the resolver job has not run yet), counts as broken.
  await t.db.updateTable('promises').set({ promised_on: '2026-03-06' }).where('id', '=', broken.promise.id).execute();
  return { org, red1, red2, orange, none };
}

describe('digestData', () => {
  it('carries the credit warnings of the listed customers: over the limit, grade D, supply hold', async () => {
    const f = await fixture();
    await t.db.updateTable('customers').set({ credit_limit_minor: 100_000n }).where('id', '=', f.red2.id).execute();
    await t.db.updateTable('customers').set({ credit_grade: 'D' }).where('id', '=', f.orange.id).execute();
    await t.db.insertInto('customer_holds').values({ org_id: f.org.orgId, customer_id: f.red1.id, reason: 'unpaid since May' }).execute();
    const d = await digestData(t.db, f.org.orgId, opts);
    // R2 owes 150,000 of a 100,000 limit; O1 is grade D with 1,000.00 open (due or not); R1 is on hold.
    expect(d.credit.get(f.red2.id)).toEqual({ overLimitByMinor: 50_000n, gradeD: false, hold: false });
    expect(d.credit.get(f.orange.id)).toEqual({ overLimitByMinor: null, gradeD: true, hold: false });
    expect(d.credit.get(f.red1.id)).toEqual({ overLimitByMinor: null, gradeD: false, hold: true });
  });

  it('sums the overdue ledger by level, newly overdue, promises, unclaimed reds and the worst cases', async () => {
    const { org } = await fixture();
    const d = await digestData(t.db, org.orgId, { today: TODAY });
    expect(d.currency).toBe('CNY');
    expect(d.overdue).toEqual({ count: 6, amountMinor: 500_000n + 100_000n + 150_000n + 70_000n + 9_000n + 1_000n, caseCount: 4 });
    expect(d.byLevel).toEqual({
      red: { count: 2, amountMinor: 600_000n + 150_000n },
      orange: { count: 1, amountMinor: 70_000n },
      yellow: { count: 0, amountMinor: 0n },
      none: { count: 1, amountMinor: 10_000n },
    });
    expect(d.newlyOverdue).toEqual({ count: 2, amountMinor: 101_000n });
    expect(d.promisesDueToday).toMatchObject({ count: 1, amountMinor: 100_000n,
      items: [{ customer: { code: 'R1' }, amountMinor: 100_000n, promisedOn: TODAY, owner: { id: org.sales.userId } }] });
    expect(d.promisesBroken).toMatchObject({ count: 1, amountMinor: 25_050n, items: [{ customer: { code: 'O1' }, owner: { name: 'Sue Sales' } }] });
    expect(d.unclaimedReds).toMatchObject({ count: 1, amountMinor: 150_000n, items: [{ customer: { code: 'R2' }, owner: null }] });
    expect(d.worst.map((c) => [c.customer.code, c.level, c.overdueMinor, c.owner?.name ?? null])).toEqual([
      ['R1', 'red', 600_000n, 'Sam Sales'], ['R2', 'red', 150_000n, null], ['O1', 'orange', 70_000n, 'Sue Sales'], ['N1', null, 10_000n, null],
    ]);
  });

  it('cuts by region and product line, and limits the worst list', async () => {
    const { org } = await fixture();
    const east = await digestData(t.db, org.orgId, { today: TODAY, region: 'east' });
    expect(east.overdue).toMatchObject({ amountMinor: 670_000n, caseCount: 2 });
    expect(east.worst.map((c) => c.customer.code)).toEqual(['R1', 'O1']);
    expect(east.unclaimedReds.count).toBe(0);
    const steel = await digestData(t.db, org.orgId, { today: TODAY, product: 'steel', limit: 1 });
    expect(steel.overdue.amountMinor).toBe(500_000n + 150_000n + 10_000n);
    expect(steel.byLevel.red).toEqual({ count: 2, amountMinor: 650_000n });
    expect(steel.worst.map((c) => c.customer.code)).toEqual(['R1']);
    expect(steel.newlyOverdue).toEqual({ count: 1, amountMinor: 1_000n });
    expect(steel.promisesBroken.count).toBe(0);
  });

  it('is empty for an org with nothing overdue', async () => {
    const org = await seedOrg(t.db);
    const d = await digestData(t.db, org.orgId, { today: TODAY });
    expect(d.overdue).toEqual({ count: 0, amountMinor: 0n, caseCount: 0 });
    expect(d.worst).toEqual([]);
  });
});
