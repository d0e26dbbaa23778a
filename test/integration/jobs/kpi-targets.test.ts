import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { addDays } from '../../../src/domain/calendar.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addCustomer, addInvoice, addUser, Clock, drained, makeRuntime, seedOrg, subscribe, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';
const MONDAY = '2026-03-09';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the weekly post stores the snapshot that the backfill step then finds with the eleven weeks before it.
describe('weekly KPI post and targets', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date()).at(TZ, MONDAY, '09:00');
  const prefix = testPrefix();
  let rt: JobsRuntime;
  let orgId: number;
  let sub: number;
  let manager: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'kpi-org', TZ);
    manager = await addUser(t.db, orgId, { name: 'Mgr', role: 'manager', slack: 'U-MGR' });
    sub = await subscribe(t.db, orgId, { kind: 'kpi', channel: 'C-KPI' });
    // Half of what fell due was collected: recovery 50%, under 80% of a 90% target.
    const c = await addCustomer(t.db, orgId, { code: 'K1' });
    const paid = await addInvoice(t.db, orgId, c, { number: 'K-1', amount: 1000_00n, dueOn: addDays(MONDAY, -20) });
    await addInvoice(t.db, orgId, c, { number: 'K-2', amount: 1000_00n, dueOn: addDays(MONDAY, -20) });
    await t.db.insertInto('payments').values({ org_id: orgId, invoice_id: paid, amount_minor: 1000_00n, paid_on: addDays(MONDAY, -5), import_key: 'k1' }).execute();
    await t.db.updateTable('invoices').set({ paid_minor: 1000_00n, status: 'paid' }).where('id', '=', paid).execute();
    await t.db.insertInto('targets').values({ org_id: orgId, scope: 'org', percent: '90', period: 'month', owner_user_id: manager }).execute();
    await t.db.insertInto('targets').values({ org_id: orgId, scope: 'region', scope_value: 'west', percent: '10', period: 'month', owner_user_id: manager }).execute();
    rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, clock });
    await rt.start();
  });
  afterAll(async () => { await rt?.stop(); });

  it('is scheduled weekly on Monday at 09:00 in the org time zone', async () => {
    const s = await rt.queues.queue('schedules').getJobScheduler(`kpi-${sub}`);
    expect(s).toMatchObject({ pattern: '0 0 9 * * 1', tz: TZ });
  });

  it('posts recovery, DSO, CEI and the aging structure against last week, and tells the owner of a target under 80%', async () => {
    expect(await rt.runSchedule({ type: 'kpi', orgId, subscriptionId: sub })).toBe('queued');
    await drained(t.db, orgId);
    const [post] = slack.posts('C-KPI');
    expect(post).toBeDefined();
    const table = post!.message.blocks.find((b) => b.type === 'table');
    expect(table && table.type === 'table' ? table.rows.length : 0).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(post!.message)).toContain('50%');
    const dms = slack.dms('U-MGR');
    expect(dms).toHaveLength(1);   // the org target only: nothing of region west fell due, so it is not measured
    expect(dms[0]!.message.summary).toContain('90');
    // Another KPI tick the same day changes nothing.
    expect(await rt.runSchedule({ type: 'kpi', orgId, subscriptionId: sub })).toBe('already_posted');
    await drained(t.db, orgId);
    expect(slack.dms('U-MGR')).toHaveLength(1);
  });

  it('stores the KPI snapshot of the week just ended and backfills the eleven before it', async () => {
    const rows = await t.db.selectFrom('kpi_snapshots').select(['week_ending', 'source', 'overdue_balance_minor'])
      .where('org_id', '=', orgId).where('region', '=', '').orderBy('week_ending').execute();
    expect(rows).toHaveLength(12);
    expect(rows.at(-1)).toMatchObject({ week_ending: addDays(MONDAY, -1), source: 'job', overdue_balance_minor: 1000_00n });
    expect(rows.slice(0, -1).every((r) => r.source === 'backfill')).toBe(true);
  });
});
