// The legal channel's messages (issue 12). Limitation warnings reach people: the daily scan claims the warning and the outbox
// delivers it to the case owner by direct message and to the 'legal' channel, once; scanning
// again (the same day, the next day, another worker) sends nothing more.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { claimCase } from '../../../src/services/cases/index.js';
import { actorByEmail } from '../../../src/services/identity.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { decideEscalation, requestEscalation } from '../../../src/services/cases/index.js';
import { moveLegalStage } from '../../../src/services/legal/move-legal-stage.js';
import { desiredSchedulers } from '../../../jobs/schedules.js';
import { addCustomer, addInvoice, addUser, Clock, drained, makeRuntime, seedOrg, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';
const TODAY = '2026-03-10';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the warnings are raised on the clock the steps move forward through March, and the weekly list counts the cases they leave.
describe('the legal channel: limitation warnings and the weekly list', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date()).at(TZ, TODAY, '10:00');
  let jobs: JobsRuntime;
  let orgId: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'limitation-org', TZ);
    await addUser(t.db, orgId, { name: 'Lin', role: 'sales', slack: 'U-LIN' });
    await addUser(t.db, orgId, { name: 'Guo', role: 'legal', slack: 'U-GUO' });
    await addUser(t.db, orgId, { name: 'Wang', role: 'manager', slack: 'U-WANG' });
    await addUser(t.db, orgId, { name: 'Zhao', role: 'manager', slack: 'U-ZHAO' });
    await t.db.insertInto('channel_subscriptions').values({ org_id: orgId, platform: 'slack', channel_id: 'C-LEGAL', kind: 'legal',
      region: null, product: null, at_time: null }).execute();
    const cust = await addCustomer(t.db, orgId, { code: 'OLDDEBT' });
    // Due 2023-03-25 with nothing since: the three-year period ends 2026-03-25, 15 days after TODAY.
    await t.db.insertInto('invoices').values({ org_id: orgId, customer_id: cust, number: 'I-2023-7', currency: 'CNY',
      amount_minor: 12_345_67n, issued_on: '2023-02-23', due_on: '2023-03-25', status: 'open', region: null }).execute();
    jobs = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: { slack }, clock });
    await jobs.start();
    // The first scan opens the case; Lin claims it before the warning is due to be delivered.
    await t.db.updateTable('org_policies').set({ limitation_years: 5 }).where('org_id', '=', orgId).execute();
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
    await claimCase(t.db, await actorByEmail(t.db, orgId, 'lin@example.com'), { customer: 'OLDDEBT' }, { today: TODAY });
    await t.db.updateTable('org_policies').set({ limitation_years: 3 }).where('org_id', '=', orgId).execute();
  });
  afterAll(async () => { await jobs?.stop(); });

  it('tells the owner and the legal channel once, with the end date, the days left and what restarts the clock', async () => {
    expect(slack.posts('C-LEGAL')).toHaveLength(0);   // five years: nothing due yet
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
    const legal = slack.posts('C-LEGAL');
    expect(legal).toHaveLength(1);
    const text = JSON.stringify(legal[0]!.message);
    expect(text).toContain('I-2023-7');
    expect(text).toContain('15 days left');
    expect(text).toContain('restarts the period');
    expect(legal[0]!.message.level).toBe('red');
    const dm = slack.dms('U-LIN');
    expect(dm).toHaveLength(1);
    expect(JSON.stringify(dm[0]!.message)).toContain('I-2023-7');
    expect(slack.dms('U-GUO')).toHaveLength(0);   // legal reads the channel

    // Again the same day, and the next day: claimed once, sent once.
    await jobs.runAgingScan(orgId);
    clock.at(TZ, '2026-03-11', '10:00');
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
    expect(slack.posts('C-LEGAL')).toHaveLength(1);
    expect(slack.dms('U-LIN')).toHaveLength(1);
    const warnings = await t.db.selectFrom('limitation_warnings').select(['threshold', 'ends_on']).where('org_id', '=', orgId).execute();
    expect(warnings).toEqual([{ threshold: 30, ends_on: '2026-03-25' }]);
    const rows = await t.db.selectFrom('deliveries').select(['kind', 'status']).where('org_id', '=', orgId).where('kind', '=', 'limitation').execute();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('posts the open legal cases by stage and age once a week, once per week however often the schedule runs', async () => {
    // A case approved for legal ten days ago, at the lawyer's letter since three days ago.
    const cust = await addCustomer(t.db, orgId, { code: 'SUED' });
    await addInvoice(t.db, orgId, cust, { number: 'S-1', amount: 50_000_00n, dueOn: '2025-10-01' });
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
    const wang = await actorByEmail(t.db, orgId, 'wang@example.com');
    const r = await requestEscalation(t.db, wang, { customer: 'SUED', reason: 'no answer', overrideReason: 'assets moving' }, { today: '2026-03-01' });
    clock.at(TZ, '2026-03-01', '10:00');
    await decideEscalation(t.db, await actorByEmail(t.db, orgId, 'zhao@example.com'), { escalationId: r.escalation!.id, decision: 'approve' }, { today: '2026-03-01' });
    // decided_at is the database's clock: put it where the story's clock was.
    await t.db.updateTable('escalations').set({ decided_at: new Date('2026-03-01T02:00:00Z') }).where('id', '=', r.escalation!.id).execute();
    await moveLegalStage(t.db, await actorByEmail(t.db, orgId, 'guo@example.com'), { customer: 'SUED', stage: 'letter', note: 'letter sent' }, { today: '2026-03-08' });
    const sub = (await t.db.selectFrom('channel_subscriptions').select('id').where('org_id', '=', orgId).where('kind', '=', 'legal').executeTakeFirstOrThrow()).id;
    expect((await desiredSchedulers(t.db)).find((d) => d.id === `legal-${sub}`)).toMatchObject({ repeat: { pattern: '0 0 9 * * 1', tz: TZ } });

    clock.at(TZ, '2026-03-11', '09:00');
    const before = slack.posts('C-LEGAL').length;
    expect(await jobs.runSchedule({ type: 'legal', orgId, subscriptionId: sub })).toBe('queued');
    expect(await jobs.runSchedule({ type: 'legal', orgId, subscriptionId: sub })).toBe('already_posted');
    await drained(t.db, orgId);
    const posts = slack.posts('C-LEGAL').slice(before);
    expect(posts).toHaveLength(1);
    const text = JSON.stringify(posts[0]!.message);
    expect(text).toContain('Legal cases');
    expect(text).toContain("lawyer's letter (1)");
    expect(text).toMatch(/SUED Ltd \(SUED\) · CNY 50,000.00 overdue · 3 days at this stage, 10 days with legal/);
  });
});
