// Issue 15, done when: an org with 国庆 (Oct 1–7) and a make-up Saturday (Oct 10, 2026): no owner
// reminder and no digest on Oct 3; a digest on the make-up Saturday; a reminder due on Oct 3
// arrives on the next workday at the start of working hours. The calendar is the one shipped for
// Asia/Shanghai (国办发明电〔2025〕7号).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { zonedInstant } from '../../../src/domain/calendar.js';
import { detectReminders } from '../../../src/services/reminders/detect-reminders.js';
import { updateOrgPolicy } from '../../../src/services/org-policy.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addCustomer, addInvoice, addUser, Clock, drained, makeRuntime, seedOrg, subscribe, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the org's calendar and its red-response clock are changed by the steps in turn, each on a later date than the last.
describe('working days follow the business calendar', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date());
  const prefix = testPrefix();
  let rt: JobsRuntime;
  let orgId: number;
  let owner: number;
  let subId: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'guoqing-org', TZ);
    owner = await addUser(t.db, orgId, { name: 'Owner', slack: 'U-OWNER' });
    subId = await subscribe(t.db, orgId, { kind: 'digest', channel: 'C-DIGEST', atTime: '09:00' });
    rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, clock });
    await rt.start();
  });
  afterAll(async () => { await rt?.stop(); });

  const digest = () => rt.runSchedule({ type: 'digest', orgId, subscriptionId: subId });

  it('ticks the digest every day and lets the calendar decide', async () => {
    const s = await rt.queues.queue('schedules').getJobScheduler(`digest-${subId}`);
    expect(s?.pattern).toBe('0 0 9 * * *');
  });

  it('posts no digest on Oct 3 (国庆) nor on an ordinary Sunday, and one on the make-up Saturday', async () => {
    clock.at(TZ, '2026-10-03', '09:00');
    expect(await digest()).toBe('holiday');
    clock.at(TZ, '2026-10-05', '09:00');   // a Monday, still 国庆
    expect(await digest()).toBe('holiday');
    clock.at(TZ, '2026-10-11', '09:00');   // Sunday
    expect(await digest()).toBe('not_a_posting_day');
    expect(slack.posts('C-DIGEST')).toHaveLength(0);

    clock.at(TZ, '2026-10-10', '09:00');   // Saturday, 调休上班
    expect(await digest()).toBe('queued');
    await drained(t.db, orgId);
    expect(slack.posts('C-DIGEST')).toHaveLength(1);
    const d = await t.db.selectFrom('deliveries').select('dedupe_key').where('org_id', '=', orgId).where('kind', '=', 'digest').execute();
    expect(d.map((r) => r.dedupe_key)).toEqual([`digest:${subId}:2026-10-10`]);
  });

  it('sends no owner reminder on Oct 3: a next action due that day arrives on Oct 8 at 09:00', async () => {
    const cust = await addCustomer(t.db, orgId, { code: 'GQ', ownerId: owner });
    await addInvoice(t.db, orgId, cust, { number: 'GQ-1', amount: 1000_00n, dueOn: '2026-08-01' });
    const c = await t.db.insertInto('cases').values({ org_id: orgId, customer_id: cust, owner_user_id: owner,
      claimed_at: zonedInstant(TZ, '2026-09-30', 10 * 60), next_action_on: '2026-10-03' }).returning('id').executeTakeFirstOrThrow();

    clock.at(TZ, '2026-10-03', '10:00');
    await rt.sweepReminders(orgId);
    const r = await t.db.selectFrom('reminders').select(['id', 'due_at', 'status']).where('org_id', '=', orgId)
      .where('case_id', '=', c.id).where('kind', '=', 'next_action').executeTakeFirstOrThrow();
    expect(r.due_at.toISOString()).toBe(zonedInstant(TZ, '2026-10-08', 9 * 60).toISOString());
    clock.at(TZ, '2026-10-07', '17:00');   // the last day of 国庆
    await rt.sweepReminders(orgId);
    await drained(t.db, orgId);
    expect(slack.dms('U-OWNER')).toHaveLength(0);
    expect(await t.db.selectFrom('deliveries').select('id').where('reminder_id', '=', r.id).execute()).toHaveLength(0);

    clock.at(TZ, '2026-10-08', '09:00');
    await rt.sweepReminders(orgId);
    await drained(t.db, orgId);
    expect(slack.dms('U-OWNER')).toHaveLength(1);
    const sent = await t.db.selectFrom('reminders').select('status').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(sent.status).toBe('sent');
  });

  it('counts the 48-hour rule in working hours when the org says so, in calendar hours by default', async () => {
    const mgr = await addUser(t.db, orgId, { name: 'Boss', role: 'manager', slack: 'U-BOSS' });
    const cust = await addCustomer(t.db, orgId, { code: 'RED48' });
    const inv = await addInvoice(t.db, orgId, cust, { number: 'RED48-1', amount: 100_00n, dueOn: '2026-05-01' });
    const c = await t.db.insertInto('cases').values({ org_id: orgId, customer_id: cust, level: 'red' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('alerts_sent').values({ org_id: orgId, invoice_id: inv, case_id: c.id, level: 'red', raised_on: '2026-09-30',
      created_at: zonedInstant(TZ, '2026-09-30', 12 * 60) }).execute();
    const flagged = async () => (await t.db.selectFrom('reminders').select('id').where('org_id', '=', orgId)
      .where('kind', '=', 'red_untouched').where('case_id', '=', c.id).where('user_id', '=', mgr).execute()).length;

    await updateOrgPolicy(t.db, orgId, { redResponseClock: 'working' });
    await detectReminders(t.db, orgId, zonedInstant(TZ, '2026-10-02', 12 * 60));   // 48 calendar hours, 6 working hours
    expect(await flagged()).toBe(0);
    // 6 h on Sept 30, 9 h each on Oct 8, 9, 10 (make-up Saturday) and 12: 42 h; 48 h at 15:00 on Oct 13.
    await detectReminders(t.db, orgId, zonedInstant(TZ, '2026-10-13', 14 * 60 + 59));
    expect(await flagged()).toBe(0);
    await detectReminders(t.db, orgId, zonedInstant(TZ, '2026-10-13', 15 * 60));
    expect(await flagged()).toBe(1);
  });

  it('flags after 48 calendar hours under the default clock', async () => {
    await updateOrgPolicy(t.db, orgId, { redResponseClock: 'calendar' });
    const mgr = (await t.db.selectFrom('users').select('id').where('org_id', '=', orgId).where('name', '=', 'Boss').executeTakeFirstOrThrow()).id;
    const cust = await addCustomer(t.db, orgId, { code: 'RED48C' });
    const inv = await addInvoice(t.db, orgId, cust, { number: 'RED48C-1', amount: 100_00n, dueOn: '2026-05-01' });
    const c = await t.db.insertInto('cases').values({ org_id: orgId, customer_id: cust, level: 'red' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('alerts_sent').values({ org_id: orgId, invoice_id: inv, case_id: c.id, level: 'red', raised_on: '2026-09-30',
      created_at: zonedInstant(TZ, '2026-09-30', 12 * 60) }).execute();
    await detectReminders(t.db, orgId, zonedInstant(TZ, '2026-10-02', 12 * 60));
    const r = await t.db.selectFrom('reminders').select('due_at').where('kind', '=', 'red_untouched').where('case_id', '=', c.id)
      .where('user_id', '=', mgr).executeTakeFirstOrThrow();
    // Found on Oct 2, told on the next working day at 09:00 (Oct 8).
    expect(r.due_at.toISOString()).toBe(zonedInstant(TZ, '2026-10-08', 9 * 60).toISOString());
  });
});
