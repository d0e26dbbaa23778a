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
    expect(byId.get(east)).toMatchObject({ scope: 'region:east', actual: 0.7999, achievement: '79.99', flagged: true });
    expect(byId.get(west)).toMatchObject({ scope: 'region:west', actual: 0.8, achievement: '80', flagged: false });
    expect(byId.get(north)).toMatchObject({ scope: 'region:north', actual: 0.72, achievement: '80', flagged: false });
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
    expect(checks.find((c) => c.targetId === mine)).toMatchObject({ scope: 'owner:Seller', actual: 0.5, achievement: '71.43', flagged: true, recipientIds: [seller] });
    // Org: 28,199 of 40,000 = 70.4975% against 90% → 78.33% achieved.
    expect(checks.find((c) => c.targetId === org)).toMatchObject({ actual: 0.705, achievement: '78.33', flagged: true });
  });

  it('measures only the month to date: a payment before the month does not count', async () => {
    // On 2026-02-28 the February month had nothing collected (the payments are in March).
    const checks = await checkTargets(t.db, orgId, '2026-02-28');
    expect(checks.find((c) => c.scope === 'region:east')).toMatchObject({ actual: 0, achievement: '0', flagged: true });
  });
});
