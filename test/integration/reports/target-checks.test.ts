// Targets that bite (issue 10; DOMAIN.md "Targets"): each target measured over its calendar month
// to date for its own scope, flagged under 80% achieved in exact decimals.
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { checkTargets } from '../../../src/services/reports/target-checks.js';
import { addCustomer, addInvoice, addUser, seedOrg } from '../jobs/jobs-fixtures.js';

const t = testDatabase();
const AS_OF = '2026-03-20';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — each step adds payments and targets to the same ledger and measures what has accumulated.
describe('target checks', { shuffle: false }, () => {
  let orgId: number;
  let eastManager: number;
  let otherManager: number;
  let seller: number;

  /** An invoice of 10,000.00 overdue since February, `paid` of it collected in March. */
  async function regionLedger(code: string, region: string, paid: bigint, ownerId?: number) {
    const c = await addCustomer(t.db, orgId, { code, region, ...(ownerId ? { ownerId } : {}) });
    const inv = await addInvoice(t.db, orgId, c, { number: `${code}-1`, amount: 10_000_00n, dueOn: '2026-02-10', region });
    await t.db.insertInto('payments').values({ org_id: orgId, invoice_id: inv, amount_minor: paid, paid_on: '2026-03-05', import_key: code }).execute();
    await t.db.updateTable('invoices').set({ paid_minor: paid }).where('id', '=', inv).execute();
  }

  async function target(scope: 'org' | 'region' | 'owner', scopeValue: string, percent: string, ownerId: number | null = null) {
    const row = await t.db.insertInto('targets').values({ org_id: orgId, scope, scope_value: scopeValue, percent, period: 'month', owner_user_id: ownerId })
      .returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'targets-org');
    eastManager = await addUser(t.db, orgId, { name: 'EastMgr', role: 'manager' });
    otherManager = await addUser(t.db, orgId, { name: 'OtherMgr', role: 'manager' });
    seller = await addUser(t.db, orgId, { name: 'Seller', role: 'sales' });
    await t.db.updateTable('users').set({ region: 'east' }).where('id', '=', eastManager).execute();
    await regionLedger('E1', 'east', 7_999_00n);          // 79.99% recovered
    await regionLedger('W1', 'west', 8_000_00n);          // 80%
    await regionLedger('N1', 'north', 7_200_00n);         // 72%
    await regionLedger('S1', 'south', 5_000_00n, seller); // 50%, the seller's customer
  });

  it('flags a region at 79.99% of target and not one at exactly 80%, in exact decimals', async () => {
    const east = await target('region', 'east', '100');
    const west = await target('region', 'west', '100');
    // 72% against 90% is exactly 80% achieved: a float (0.9 × 0.8 = 0.7200000000000001) flags it.
    const north = await target('region', 'north', '90');
    const checks = await checkTargets(t.db, orgId, AS_OF);
    const byId = new Map(checks.map((c) => [c.targetId, c]));
    expect(byId.get(east)).toMatchObject({ scope: 'region:east', actual: { unit: 'ratio', ratio: 0.7999 }, achievement: '79.99', flagged: true });
    expect(byId.get(west)).toMatchObject({ scope: 'region:west', actual: { unit: 'ratio', ratio: 0.8 }, achievement: '80', flagged: false });
    expect(byId.get(north)).toMatchObject({ scope: 'region:north', actual: { unit: 'ratio', ratio: 0.72 }, achievement: '80', flagged: false });
  });

  it('asks the region\'s managers when a region target has no owner, else every manager', async () => {
    const checks = await checkTargets(t.db, orgId, AS_OF);
    expect(checks.find((c) => c.scope === 'region:east')?.recipientIds).toEqual([eastManager]);
    expect(checks.find((c) => c.scope === 'region:west')?.recipientIds).toEqual([eastManager, otherManager]);
  });

  it('measures an owner target on the owner\'s customers and the org target on everything', async () => {
    const mine = await target('owner', String(seller), '70', seller);
    const org = await target('org', '', '90');
    const checks = await checkTargets(t.db, orgId, AS_OF);
    // Seller: 5,000 of 10,000 = 50% against 70% → 71.43% achieved.
    expect(checks.find((c) => c.targetId === mine)).toMatchObject({ scope: 'owner:Seller', actual: { unit: 'ratio', ratio: 0.5 }, achievement: '71.43', flagged: true, recipientIds: [seller] });
    // Org: 28,199 of 40,000 = 70.4975% against 90% → 78.33% achieved.
    expect(checks.find((c) => c.targetId === org)).toMatchObject({ actual: { unit: 'ratio', ratio: 0.705 }, achievement: '78.33', flagged: true });
  });

  it('measures only the month to date: a payment before the month does not count', async () => {
    // On 2026-02-28 the February month had nothing collected (the payments are in March).
    const checks = await checkTargets(t.db, orgId, '2026-02-28');
    expect(checks.find((c) => c.scope === 'region:east')).toMatchObject({ actual: { unit: 'ratio', ratio: 0 }, achievement: '0', flagged: true });
  });
});

describe('targets on every metric (DOMAIN.md "Targets": collected, DSO, CEI, overdue balance), by product line', () => {
  let orgId: number;
  async function invoice(c: number, number: string, product: string, amount: bigint, issuedOn: string, dueOn: string, paid = 0n, paidOn?: string) {
    const row = await t.db.insertInto('invoices').values({ org_id: orgId, customer_id: c, number, currency: 'CNY', amount_minor: amount,
      paid_minor: paid, issued_on: issuedOn, due_on: dueOn, status: 'open', product_line: product }).returning('id').executeTakeFirstOrThrow();
    if (paid > 0n) await t.db.insertInto('payments').values({ org_id: orgId, invoice_id: row.id, amount_minor: paid, paid_on: paidOn!, import_key: number }).execute();
  }
  async function target(scope: 'org' | 'product', scopeValue: string, metric: 'collected' | 'dso' | 'cei' | 'overdue', value: string) {
    return (await t.db.insertInto('targets').values({ org_id: orgId, scope, scope_value: scopeValue, metric, value,
      percent: metric === 'cei' ? value : null, period: 'month' }).returning('id').executeTakeFirstOrThrow()).id;
  }

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'targets-metrics-org');
    const c = await addCustomer(t.db, orgId, { code: 'P1' });
    // On 20 March, month to date (20 days, from the end of 28 February):
    await invoice(c, 'A', 'pumps', 6_000_00n, '2026-03-02', '2026-04-01');                        // sold this month, not due
    await invoice(c, 'B', 'pumps', 4_000_00n, '2026-01-05', '2026-02-04', 1_000_00n, '2026-03-10'); // overdue, 1,000 collected
    await invoice(c, 'C', 'valves', 3_000_00n, '2026-03-05', '2026-03-15');                        // sold and overdue this month
  });

  it('measures each metric exactly against a hand computation: exactly 80% is not flagged, a cent or a hundredth under is', async () => {
    // pumps: AR 9,000; sales 6,000 → DSO 9,000 ÷ 6,000 × 20 = 30 days; overdue 3,000; collected 1,000;
    // CEI (4,000 + 6,000 − 9,000) ÷ (4,000 + 6,000 − 6,000) = 25%.
    const ids = {
      dsoAt80: await target('product', 'pumps', 'dso', '24'), dsoUnder: await target('product', 'Pumps', 'dso', '23.99'),
      collectedAt80: await target('product', 'pumps', 'collected', '1250'), collectedUnder: await target('product', 'Pumps', 'collected', '1250.01'),
      overdueAt80: await target('product', 'pumps', 'overdue', '2400'), overdueUnder: await target('product', 'PUMPS', 'overdue', '2399.99'),
      ceiAt80: await target('product', 'pumps', 'cei', '31.25'), ceiUnder: await target('product', 'Pumps', 'cei', '31.26'),
      // The whole org: AR 12,000; sales 9,000 → DSO 26.67 days; 20 days is 75% achieved.
      orgDso: await target('org', '', 'dso', '20'),
    };
    const byId = new Map((await checkTargets(t.db, orgId, '2026-03-20')).map((c) => [c.targetId, c]));
    expect(byId.get(ids.dsoAt80)).toMatchObject({ metric: 'dso', actual: { unit: 'days', days: 30 }, achievement: '80', flagged: false, periodStart: '2026-03-01' });
    expect(byId.get(ids.dsoUnder)).toMatchObject({ achievement: '79.97', flagged: true });
    expect(byId.get(ids.collectedAt80)).toMatchObject({ metric: 'collected', actual: { unit: 'minor', minor: 1_000_00n }, achievement: '80', flagged: false });
    expect(byId.get(ids.collectedUnder)).toMatchObject({ achievement: '80', flagged: true });   // 79.9994%: shown rounded, judged exactly
    expect(byId.get(ids.overdueAt80)).toMatchObject({ metric: 'overdue', actual: { unit: 'minor', minor: 3_000_00n }, achievement: '80', flagged: false });
    expect(byId.get(ids.overdueUnder)).toMatchObject({ achievement: '80', flagged: true });   // 79.9997% shows as 80 and is still under
    expect(byId.get(ids.ceiAt80)).toMatchObject({ metric: 'cei', actual: { unit: 'ratio', ratio: 0.25 }, achievement: '80', flagged: false });
    expect(byId.get(ids.ceiUnder)).toMatchObject({ achievement: '79.97', flagged: true });
    expect(byId.get(ids.orgDso)).toMatchObject({ scope: 'org', actual: { unit: 'days', days: 26.7 }, achievement: '75', flagged: true });
  });

  it('leaves DSO unmeasured, never flagged, in a period with no sales', async () => {
    const id = await target('product', 'valves', 'dso', '10');
    // 1 February: the month had no sales of valves (invoice C was issued in March).
    expect((await checkTargets(t.db, orgId, '2026-02-01')).find((c) => c.targetId === id)).toMatchObject({ actual: null, achievement: null, flagged: false });
  });
});

