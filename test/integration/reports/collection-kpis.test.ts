// Issue 10's KPIs in `report kpi` (DOMAIN.md "More KPIs"): time to claim a red case = the median hours
// from a case's first red alert raised in the period to the first claim after it, checked against a
// hand computation, in total and by owner; unclaimed cases and alerts before the period do not count.
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { kpiReport, renderReport } from '../../../src/services/reports/index.js';
import { addCustomer, addInvoice, addUser, seedOrg } from '../jobs/jobs-fixtures.js';

const t = testDatabase();
const AS_OF = '2026-06-30';

describe('time to claim a red case, and the collection cycle, in report kpi', () => {
  let orgId: number;

  /** A case whose invoice's first red alert was at `alertAt`, claimed `hours` later (null: never), by the customer's owner. */
  async function redCase(code: string, ownerId: number, alertAt: string, hours: number | null, raisedOn = alertAt.slice(0, 10)) {
    const c = await addCustomer(t.db, orgId, { code, ownerId });
    const inv = await addInvoice(t.db, orgId, c, { number: `${code}-1`, amount: 1_000_00n, dueOn: '2026-01-01' });
    const kase = await t.db.insertInto('cases').values({ org_id: orgId, customer_id: c }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('alerts_sent').values({ org_id: orgId, invoice_id: inv, case_id: kase.id, level: 'orange', raised_on: '2026-03-01',
      created_at: new Date(Date.parse(alertAt) - 30 * 86_400_000) }).execute();
    await t.db.insertInto('alerts_sent').values({ org_id: orgId, invoice_id: inv, case_id: kase.id, level: 'red', raised_on: raisedOn, created_at: new Date(alertAt) }).execute();
    if (hours !== null) {
      // A claim before the red alert (at orange) does not count; the first claim after it does, a later one does not.
      for (const at of [Date.parse(alertAt) - 3_600_000, Date.parse(alertAt) + hours * 3_600_000, Date.parse(alertAt) + (hours + 50) * 3_600_000]) {
        await t.db.insertInto('audit_log').values({ org_id: orgId, actor_user_id: ownerId, actor: `user:${ownerId}`, action: 'case.claim',
          subject_type: 'case', subject_id: String(kase.id), detail: '{}', created_at: new Date(at) }).execute();
      }
    }
  }

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'claim-kpi-org');
    const ann = await addUser(t.db, orgId, { name: 'Ann' });
    const ben = await addUser(t.db, orgId, { name: 'Ben' });
    await redCase('A1', ann, '2026-06-01T01:00:00Z', 2);
    await redCase('A2', ann, '2026-06-05T01:00:00Z', 5.5);
    await redCase('B1', ben, '2026-06-10T01:00:00Z', 30);
    await redCase('B2', ben, '2026-06-12T01:00:00Z', null);                          // never claimed
    await redCase('B3', ben, '2026-01-02T01:00:00Z', 1);                             // red before the period
  });

  it('is the median of the claimed red cases of the period, in total and per owner', async () => {
    const r = await kpiReport(t.db, { orgId, asOf: AS_OF, by: 'owner' });
    // 2, 5.5, 30 → 5.5 h; Ann: 2 and 5.5 → 3.75 h; Ben: 30 h (B2 unclaimed, B3 before the period).
    expect(r.timeToClaimHours).toBe(5.5);
    expect(r.groups!.map((g) => [g.key, g.timeToClaimHours])).toEqual(expect.arrayContaining([['ann@example.com', 3.75], ['ben@example.com', 30]]));
    const j = JSON.parse(renderReport(r, { format: 'json', locale: 'en-US' }));
    expect(j.timeToClaimHours).toBe(5.5);
    expect(renderReport(r, { format: 'table', locale: 'zh-CN' })).toMatch(/红色案件认领时长（中位数）\s+5\.5小时/);
  });

  it('averages the days from due date to the completing payment, early payment counting 0', async () => {
    const c = await addCustomer(t.db, orgId, { code: 'P1' });
    const pay = async (n: string, due: string, parts: [string, bigint][]) => {
      const inv = await addInvoice(t.db, orgId, c, { number: n, amount: 1_000_00n, dueOn: due });
      for (const [i, [on, amount]] of parts.entries()) {
        await t.db.insertInto('payments').values({ org_id: orgId, invoice_id: inv, amount_minor: amount, paid_on: on, import_key: `${n}|${i}` }).execute();
      }
    };
    await pay('P-1', '2026-05-01', [['2026-05-11', 1_000_00n]]);                         // 10 days
    await pay('P-2', '2026-05-01', [['2026-04-20', 400_00n], ['2026-05-04', 600_00n]]);   // completed 05-04: 3 days
    await pay('P-3', '2026-06-20', [['2026-06-10', 1_000_00n]]);                          // early: 0
    await pay('P-4', '2026-05-01', [['2026-06-01', 500_00n]]);                            // not paid in full
    const r = await kpiReport(t.db, { orgId, asOf: AS_OF, period: 'quarter' });
    expect(r.collectionCycleDays).toBe(4.33);   // (10 + 3 + 0) ÷ 3
  });
});
