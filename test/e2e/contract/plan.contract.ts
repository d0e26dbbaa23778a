// Instalment plans (issue 10), written once and run through every adapter (plan-console.test.ts,
// plan-slack.test.ts, plan-lark.test.ts): a salesperson claims an unclaimed case of the demo org
// and records a plan of three monthly instalments; the platform's retry records nothing twice; a
// bad count and another salesperson's plan are refused and change nothing. Every platform leaves
// the same plan, instalments and record in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrg } from '../../../src/services/demo/index.js';
import { testDatabase } from '../../support/db.js';
import { AS_OF, demoOrgId, type Driver } from './driver.js';
import { OTHER_SALES, SALES } from './story.contract.js';

export function planContract(makeDriver: () => Driver): void {
  const t = testDatabase();
  const d = makeDriver();
  let orgId: number;
  let code: string;
  let caseId: number;

  const plans = () => t.db.selectFrom('plans').select(['id', 'instalments', 'amount_minor', 'first_on', 'every', 'note', 'status', 'record_id'])
    .where('org_id', '=', orgId).where('case_id', '=', caseId).execute();

  beforeAll(async () => {
    await loadDemoOrg(t.db, { asOf: AS_OF });
    orgId = await demoOrgId(t.db);
    // An open case nobody owns (the salesperson claims it first, as the rules ask).
    const row = await t.db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['cases.id', 'customers.code']).where('cases.org_id', '=', orgId).where('cases.status', '=', 'open')
      .where('cases.owner_user_id', 'is', null).orderBy('cases.id').executeTakeFirstOrThrow();
    [code, caseId] = [row.code, row.id];
    await d.setup(t.db);
  });
  afterAll(async () => { await d.teardown(); });

  // A story: its steps run in order even under `--sequence.shuffle` (issue 14) — its steps build on each other: the plan recorded first is the one the later steps pay and refuse.
  describe(`instalment plans on ${d.platform}`, { shuffle: false }, () => {
    it('records a plan of three monthly instalments, said back to the salesperson, once whatever the platform retries', async () => {
      await d.as(SALES);
      await d.command('lang en');
      await d.command(`claim ${code}`);
      const from = d.transcript().length;
      await d.command(`plan ${code} 3x1,000 from 2026-11-30 every month agreed with their CFO <!channel>`);
      await d.replay();
      const out = d.transcript().slice(from);
      expect(out).toContain('Instalment plan recorded');
      expect(out).toContain('from Nov 30, 2026 to Jan 30, 2027 (CNY 3,000.00 in all)');
      const rows = await plans();
      expect(rows).toEqual([{ id: rows[0]!.id, instalments: 3, amount_minor: 100_000n, first_on: '2026-11-30', every: 'month',
        note: 'agreed with their CFO <!channel>', status: 'open', record_id: rows[0]!.record_id }]);
      const instalments = await t.db.selectFrom('promises').select(['instalment', 'promised_on', 'amount_minor', 'status'])
        .where('org_id', '=', orgId).where('plan_id', '=', rows[0]!.id).orderBy('instalment').execute();
      expect(instalments).toEqual([
        { instalment: 1, promised_on: '2026-11-30', amount_minor: 100_000n, status: 'pending' },
        { instalment: 2, promised_on: '2026-12-30', amount_minor: 100_000n, status: 'pending' },
        { instalment: 3, promised_on: '2027-01-30', amount_minor: 100_000n, status: 'pending' },
      ]);
      const record = await t.db.selectFrom('collection_records').select(['method', 'outcome', 'body'])
        .where('org_id', '=', orgId).where('id', '=', rows[0]!.record_id!).executeTakeFirstOrThrow();
      expect(record).toEqual({ method: 'note', outcome: 'promised',
        body: 'instalment plan: 3 × 1000.00 CNY every month from 2026-11-30 to 2027-01-30: agreed with their CFO <!channel>' });
    });

    it('refuses one instalment and another salesperson\'s plan, changing nothing', async () => {
      const before = (await plans()).length;
      const from = d.transcript().length;
      await d.command(`plan ${code} 1x1000 from 2026-11-30 every month`);
      expect(d.transcript().slice(from)).toContain('is not a valid instalments');
      await d.as(OTHER_SALES);
      const other = d.transcript().length;
      await d.command(`plan ${code} 2x500 from 2026-12-01 every week`);
      expect(d.transcript().slice(other)).toMatch(/你没有权限|only the case owner|仅案件负责人/);
      expect((await plans()).length).toBe(before);
    });
  });
}
