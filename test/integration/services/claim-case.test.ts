import { describe, expect, it } from 'vitest';
import { assignCase, claimCase, releaseCase } from '../../../src/services/cases/index.js';
import { testDatabase } from '../../support/db.js';
import { addCustomer, seedOrg, snapshot, TODAY } from './fixtures.js';

const t = testDatabase();
const opts = { today: TODAY };

async function orgWithOverdueCustomer() {
  const org = await seedOrg(t.db);
  const customer = await addCustomer(t.db, org.orgId, { code: 'C100', name: 'Acme Trading',
    invoices: [{ number: 'INV-1', amount: 500_000n, daysOverdue: 95 }, { number: 'INV-2', amount: 120_000n, daysOverdue: 40 }] });
  return { org, customer };
}

describe('claimCase', () => {
  it('opens the case on first claim and gives it to the claimer, with what a view needs', async () => {
    const { org } = await orgWithOverdueCustomer();
    const r = await claimCase(t.db, org.sales, { customer: 'c100' }, opts);
    expect(r.status).toBe('claimed');
    expect(r.owner).toEqual({ id: org.sales.userId, name: 'Sam Sales' });
    expect(r.case).toMatchObject({ customer: { code: 'C100', name: 'Acme Trading' }, level: 'red', stage: 'advanced',
      status: 'open', overdueMinor: 620_000n, currency: 'CNY', maxDaysOverdue: 95, owner: { id: org.sales.userId } });
    const kase = await t.db.selectFrom('cases').selectAll().where('id', '=', r.case.id).executeTakeFirstOrThrow();
    expect(kase.owner_user_id).toBe(org.sales.userId);
    expect(kase.claimed_at).not.toBeNull();
    expect(r.case.version).toBe(kase.version);
  });

  it('answers "already yours" to a second claim by the owner and changes nothing', async () => {
    const { org } = await orgWithOverdueCustomer();
    await claimCase(t.db, org.sales, { customer: 'C100' }, opts);
    const before = await snapshot(t.db, org.orgId);
    const again = await claimCase(t.db, org.sales, { customer: 'C100' }, opts);
    expect(again.status).toBe('already_yours');
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('tells a second claimer who owns the case', async () => {
    const { org } = await orgWithOverdueCustomer();
    await claimCase(t.db, org.sales, { customer: 'C100' }, opts);
    const r = await claimCase(t.db, org.sales2, { customer: 'C100' }, opts);
    expect(r.status).toBe('claimed_by_other');
    expect(r.owner).toEqual({ id: org.sales.userId, name: 'Sam Sales' });
  });

  it('lets exactly one of two simultaneous claims win', async () => {
    const { org } = await orgWithOverdueCustomer();
    const results = await Promise.all([
      claimCase(t.db, org.sales, { customer: 'C100' }, opts),
      claimCase(t.db, org.sales2, { customer: 'C100' }, opts),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['claimed', 'claimed_by_other']);
    const winner = results.find((r) => r.status === 'claimed')!;
    const loser = results.find((r) => r.status === 'claimed_by_other')!;
    expect(loser.owner).toEqual(winner.owner);
    const cases = await t.db.selectFrom('cases').selectAll().where('org_id', '=', org.orgId).execute();
    expect(cases).toHaveLength(1);
    expect(cases[0]!.owner_user_id).toBe(winner.owner!.id);
    const events = await t.db.selectFrom('case_events').select('type').where('org_id', '=', org.orgId).where('type', '=', 'case.claimed').execute();
    expect(events).toHaveLength(1);
  });

  it('returns the stored answer for a retried action with the same idempotency key, writing nothing', async () => {
    const { org } = await orgWithOverdueCustomer();
    const first = await claimCase(t.db, org.sales, { customer: 'C100' }, { ...opts, idempotencyKey: 'A1:1700000000.0001' });
    await releaseCase(t.db, org.sales, { customer: 'C100' }, opts);
    const before = await snapshot(t.db, org.orgId);
    const retry = await claimCase(t.db, org.sales, { customer: 'C100' }, { ...opts, idempotencyKey: 'A1:1700000000.0001' });
    expect(retry).toEqual(first);
    expect(typeof retry.case.overdueMinor).toBe('bigint');
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('refuses a customer without an overdue balance as having no open case', async () => {
    const org = await seedOrg(t.db);
    await addCustomer(t.db, org.orgId, { code: 'C200', invoices: [{ number: 'NOTDUE', amount: 1000n, daysOverdue: -5 }] });
    await expect(claimCase(t.db, org.sales, { customer: 'C200' }, opts))
      .rejects.toMatchObject({ code: 'not_found', detail: { reason: 'no_open_case', customer: { code: 'C200' } } });
    expect(await t.db.selectFrom('cases').select('id').where('org_id', '=', org.orgId).execute()).toEqual([]);
  });
});

describe('releaseCase', () => {
  it('lets the owner release the case', async () => {
    const { org } = await orgWithOverdueCustomer();
    const claimed = await claimCase(t.db, org.sales, { customer: 'C100' }, opts);
    const r = await releaseCase(t.db, org.sales, { customer: 'C100' }, opts);
    expect(r.status).toBe('released');
    expect(r.previousOwner).toEqual({ id: org.sales.userId, name: 'Sam Sales' });
    expect(r.case.owner).toBeNull();
    expect(r.case.version).toBeGreaterThan(claimed.case.version);
  });

  it('refuses another sales person releasing a claimed case, and changes nothing', async () => {
    const { org } = await orgWithOverdueCustomer();
    await claimCase(t.db, org.sales, { customer: 'C100' }, opts);
    const before = await snapshot(t.db, org.orgId);
    await expect(releaseCase(t.db, org.sales2, { customer: 'C100' }, opts))
      .rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'not_owner' } });
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('lets a manager release someone else\'s case', async () => {
    const { org } = await orgWithOverdueCustomer();
    await claimCase(t.db, org.sales, { customer: 'C100' }, opts);
    expect((await releaseCase(t.db, org.manager, { customer: 'C100' }, opts)).status).toBe('released');
  });
});

describe('assignCase', () => {
  it('lets finance assign a case by email, replacing the owner', async () => {
    const { org } = await orgWithOverdueCustomer();
    await claimCase(t.db, org.sales, { customer: 'C100' }, opts);
    const r = await assignCase(t.db, org.finance, { customer: 'C100', assignee: { email: org.sales2.email.toUpperCase() } }, opts);
    expect(r).toMatchObject({ status: 'assigned', owner: { id: org.sales2.userId }, previousOwner: { id: org.sales.userId } });
    expect(r.case.owner).toEqual({ id: org.sales2.userId, name: 'Sue Sales' });
  });

  it('assigns by chat identity and by user id', async () => {
    const { org } = await orgWithOverdueCustomer();
    await t.db.insertInto('chat_identities').values({ org_id: org.orgId, user_id: org.sales2.userId, platform: 'slack', external_user_id: 'U222' }).execute();
    const bySlack = await assignCase(t.db, org.manager, { customer: 'C100', assignee: { platform: 'slack', externalUserId: 'U222' } }, opts);
    expect(bySlack.owner.id).toBe(org.sales2.userId);
    const byId = await assignCase(t.db, org.manager, { customer: 'C100', assignee: { userId: org.sales2.userId } }, opts);
    expect(byId.status).toBe('already_owner');
  });

  it('refuses sales and legal assigning, and nothing changes', async () => {
    const { org } = await orgWithOverdueCustomer();
    const before = await snapshot(t.db, org.orgId);
    for (const who of [org.sales, org.legal]) {
      await expect(assignCase(t.db, who, { customer: 'C100', assignee: { userId: org.sales2.userId } }, opts))
        .rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'assign' } });
    }
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('refuses an assignee from another org', async () => {
    const { org } = await orgWithOverdueCustomer();
    const other = await seedOrg(t.db);
    await expect(assignCase(t.db, org.manager, { customer: 'C100', assignee: { userId: other.sales.userId } }, opts))
      .rejects.toMatchObject({ code: 'unknown_user' });
  });
});
