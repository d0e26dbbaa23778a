// Instalment plans (issue 10, DOMAIN.md "Promises and plans"): `/ar plan` makes n instalments, each
// judged from the ledger like a promise; a back-dated payment imported later re-decides them.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { claimCase, makePlan } from '../../../src/services/cases/index.js';
import { zonedInstant } from '../../../src/domain/calendar.js';
import { importFile } from '../../../src/services/import/index.js';
import { kpiSums } from '../../../src/services/reports/index.js';
import { decidePromises } from '../../../src/services/reminders/decide-promises.js';
import { testDatabase } from '../../support/db.js';
import { addCustomer, seedOrg, snapshot, TODAY } from './fixtures.js';

const t = testDatabase();
const opts = { today: TODAY };
const TZ = 'Asia/Shanghai';

async function setup() {
  const org = await seedOrg(t.db);
  await addCustomer(t.db, org.orgId, { code: 'C1', name: '华东建材', invoices: [{ number: 'I-RED', amount: 900_000n, daysOverdue: 100 }] });
  await claimCase(t.db, org.sales, { customer: 'C1' }, opts);
  return org;
}

/** The plan was made on TODAY (the service stamps the real clock; the ledger is dated in 2026-03). */
async function madeOnToday(orgId: number) {
  const at = zonedInstant(TZ, TODAY, 10 * 60);
  await t.db.updateTable('promises').set({ created_at: at }).where('org_id', '=', orgId).execute();
  await t.db.updateTable('plans').set({ created_at: at }).where('org_id', '=', orgId).execute();
}

async function pay(orgId: number, amount: string, paidOn: string, reference: string) {
  const csv = `invoice_number,amount,paid_on,reference\nI-RED,${amount},${paidOn},${reference}\n`;
  const r = await importFile(t.db, { orgId, kind: 'payments', input: Readable.from([csv]) });
  expect(r.ok).toBe(true);
}

async function states(orgId: number) {
  const rows = await t.db.selectFrom('promises').select(['instalment', 'promised_on', 'status']).where('org_id', '=', orgId).orderBy('instalment').execute();
  return rows.map((r) => `${r.instalment} ${r.promised_on} ${r.status}`);
}

describe('makePlan', () => {
  it('records the plan, one promise per instalment, a note in the evidence chain and the thread event', async () => {
    const org = await setup();
    const r = await makePlan(t.db, org.sales, { customer: '华东', instalments: 3, amount: '1000', firstOn: '2026-03-31', every: 'month', note: 'CFO agreed' }, opts);
    expect(r.plan).toMatchObject({ instalments: 3, amountMinor: 100_000n, totalMinor: 300_000n, currency: 'CNY', firstOn: '2026-03-31',
      lastOn: '2026-05-31', every: 'month', dates: ['2026-03-31', '2026-04-30', '2026-05-31'] });
    expect(r.record).toMatchObject({ method: 'note', outcome: 'promised' });
    expect(r.record.body).toContain('3 × 1000.00 CNY every month');
    const rows = await t.db.selectFrom('promises').selectAll().where('org_id', '=', org.orgId).orderBy('instalment').execute();
    expect(rows.map((p) => [p.plan_id, p.instalment, p.promised_on, p.amount_minor, p.record_id, p.status])).toEqual([
      [r.plan.id, 1, '2026-03-31', 100_000n, r.record.id, 'pending'],
      [r.plan.id, 2, '2026-04-30', 100_000n, r.record.id, 'pending'],
      [r.plan.id, 3, '2026-05-31', 100_000n, r.record.id, 'pending'],
    ]);
    const ev = await t.db.selectFrom('case_events').select(['type', 'payload']).where('org_id', '=', org.orgId).where('type', '=', 'plan.made').executeTakeFirstOrThrow();
    expect(ev.payload).toMatchObject({ planId: r.plan.id, instalments: 3, amountMinor: '100000', every: 'month', firstOn: '2026-03-31', lastOn: '2026-05-31' });
  });

  it('does the same plan once when the same click is retried', async () => {
    const org = await setup();
    const input = { customer: 'C1', instalments: 2, amount: '500', firstOn: '2026-03-20', every: 'week' as const };
    const a = await makePlan(t.db, org.sales, input, { ...opts, idempotencyKey: 'click-1' });
    const b = await makePlan(t.db, org.sales, input, { ...opts, idempotencyKey: 'click-1' });
    expect(b.plan.id).toBe(a.plan.id);
    expect(await t.db.selectFrom('plans').select('id').where('org_id', '=', org.orgId).execute()).toHaveLength(1);
    expect(await states(org.orgId)).toEqual(['1 2026-03-20 pending', '2 2026-03-27 pending']);
  });

  it.each([
    [{ instalments: 1 }, 'instalments'],
    [{ instalments: 61 }, 'instalments'],
    [{ instalments: Number.NaN }, 'instalments'],
    [{ amount: '0' }, 'amount'],
    [{ amount: '12.345' }, 'amount'],
    [{ firstOn: '2026-03-09' }, 'firstOn'],
    [{ firstOn: '2026-02-30' }, 'firstOn'],
  ])('refuses %o and changes nothing', async (bad, field) => {
    const org = await setup();
    const before = await snapshot(t.db, org.orgId);
    await expect(makePlan(t.db, org.sales, { customer: 'C1', instalments: 3, amount: '100', firstOn: '2026-03-20', every: 'month', ...bad }, opts))
      .rejects.toMatchObject({ code: 'invalid', detail: { field } });
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('refuses a plan from a sales person who does not own the case', async () => {
    const org = await setup();
    await expect(makePlan(t.db, org.sales2, { customer: 'C1', instalments: 2, amount: '100', firstOn: '2026-03-20', every: 'month' }, opts))
      .rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('instalments judged from the ledger', () => {
  it('three instalments, only the first paid: kept, broken, pending; a back-dated payment imported later turns the broken one kept', async () => {
    const org = await setup();
    await makePlan(t.db, org.sales, { customer: 'C1', instalments: 3, amount: '1000', firstOn: '2026-03-15', every: 'month' }, opts);
    await madeOnToday(org.orgId);
    await pay(org.orgId, '1000', '2026-03-15', 'P-1');

    // 25 April: the second instalment (15 April) is past its 3 days of grace; the third is not due.
    let d = await decidePromises(t.db, org.orgId, TZ, '2026-04-25');
    expect(await states(org.orgId)).toEqual(['1 2026-03-15 kept', '2 2026-04-15 broken', '3 2026-05-15 pending']);
    expect(d.broken).toHaveLength(1);
    let sums = await kpiSums(t.db, org.orgId, 'CNY', '2026-04-25', 60);
    expect({ kept: sums.kept, broken: sums.broken }).toEqual({ kept: 1, broken: 1 });
    // A broken instalment is told to the case thread once.
    expect(await t.db.selectFrom('case_events').select('id').where('org_id', '=', org.orgId).where('type', '=', 'promise.broken').execute()).toHaveLength(1);

    // A payment dated 14 April, imported on the 26th: the second instalment was paid in time after all.
    await pay(org.orgId, '1000', '2026-04-14', 'P-2');
    d = await decidePromises(t.db, org.orgId, TZ, '2026-04-26');
    expect(d.broken).toHaveLength(0);
    expect(await states(org.orgId)).toEqual(['1 2026-03-15 kept', '2 2026-04-15 kept', '3 2026-05-15 pending']);
    sums = await kpiSums(t.db, org.orgId, 'CNY', '2026-04-26', 60);
    expect({ kept: sums.kept, broken: sums.broken }).toEqual({ kept: 2, broken: 0 });
    expect((await t.db.selectFrom('plans').select('status').where('org_id', '=', org.orgId).executeTakeFirstOrThrow()).status).toBe('open');

    // The last instalment paid: the plan closes, once, with a line in the case's thread.
    await pay(org.orgId, '1000', '2026-05-12', 'P-3');
    d = await decidePromises(t.db, org.orgId, TZ, '2026-05-13');
    expect(d.completedPlanIds).toHaveLength(1);
    await decidePromises(t.db, org.orgId, TZ, '2026-05-14');
    expect((await t.db.selectFrom('plans').select('status').where('org_id', '=', org.orgId).executeTakeFirstOrThrow()).status).toBe('completed');
    expect(await t.db.selectFrom('case_events').select('id').where('org_id', '=', org.orgId).where('type', '=', 'plan.completed').execute()).toHaveLength(1);
  });

  it('a payment made before the plan never counts toward it', async () => {
    const org = await setup();
    await pay(org.orgId, '1000', '2026-03-05', 'EARLY');
    await makePlan(t.db, org.sales, { customer: 'C1', instalments: 2, amount: '1000', firstOn: '2026-03-12', every: 'week' }, opts);
    await madeOnToday(org.orgId);
    await decidePromises(t.db, org.orgId, TZ, '2026-03-30');
    expect(await states(org.orgId)).toEqual(['1 2026-03-12 broken', '2 2026-03-19 broken']);
  });
});
