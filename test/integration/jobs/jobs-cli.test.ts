import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { duebot as cli } from '../../support/cli.js';
import { addReminders } from '../../../src/services/reminders/detect-reminders.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addCustomer, addInvoice, addUser, Clock, drained, makeRuntime, seedOrg, subscribe, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';

describe('duebot jobs', () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date()).at(TZ, '2026-03-09', '10:00');
  const prefix = testPrefix();
  let rt: JobsRuntime;
  let orgId: number;
  const env = { ...process.env };

  beforeAll(async () => {
    process.env.DATABASE_URL = t.url;
    process.env.REDIS_URL = inject('redisUrl');
    orgId = await seedOrg(t.db, 'cli-org', TZ);
    rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, clock });
    await rt.start();
  });
  afterAll(async () => { await rt?.stop(); process.env = env; });

  it('answers "why wasn\'t X reminded?" with the deferred reminder and each delivery attempt', async () => {
    const owner = await addUser(t.db, orgId, { name: 'Lin', slack: 'U-LIN' });
    const cust = await addCustomer(t.db, orgId, { code: 'WHY', ownerId: owner });
    await addInvoice(t.db, orgId, cust, { number: 'WHY-1', amount: 100_00n, dueOn: '2026-01-01' });
    const c = await t.db.insertInto('cases').values({ org_id: orgId, customer_id: cust, owner_user_id: owner }).returning('id').executeTakeFirstOrThrow();
    slack.breakChannel('@U-LIN', 'user_not_found');
    await addReminders(t.db, orgId, [
      { kind: 'next_action', userId: owner, caseId: c.id, dedupeKey: 'cli-now', at: clock.now() },
      { kind: 'snooze_ended', userId: owner, caseId: c.id, dedupeKey: 'cli-later', at: new Date(clock.now().getTime() + 12 * 3600_000) },
    ]);
    await rt.sweepReminders(orgId);
    await drained(t.db, orgId);
    const text = await cli('jobs', 'deliveries', '--org', 'cli-org', '--case', 'WHY');
    expect(text).toMatch(/reminder \d+ next_action to user \d+: failed/);
    expect(text).toMatch(/snooze_ended .*pending, due .*not yet/);
    expect(text).toMatch(/reminder → slack @U-LIN: failed \(user_not_found\)/);
    expect(text).toMatch(/try 1 .* permanent user_not_found/);
  });

  it('lists deliveries that failed for good', async () => {
    const sub = await subscribe(t.db, orgId, { kind: 'digest', channel: 'C-ARCH' });
    slack.breakChannel('C-ARCH', 'channel_archived');
    await rt.delivery.enqueue([{ orgId, platform: 'slack', channelId: 'C-ARCH', kind: 'digest', subscriptionId: sub, localDate: '2026-03-09', dedupeKey: `digest:${sub}:2026-03-09` }]);
    await drained(t.db, orgId);
    const text = await cli('jobs', 'failed', '--org', 'cli-org');
    expect(text).toMatch(/digest → slack C-ARCH: failed \(channel_archived\)/);
  });

  it('shows the queues and the schedulers', async () => {
    const sub = await subscribe(t.db, orgId, { kind: 'digest', channel: 'C-STATUS' });
    await rt.reconcile();
    // The CLI uses the default prefix; point it at this file's queues through a status of its own.
    const { jobsStatus } = await import('../../../jobs/index.js');
    const s = await jobsStatus(rt.queues);
    expect(s.queues.map((q) => q.name)).toEqual(['delivery', 'schedules', 'reminders']);
    expect(s.schedulers.map((x) => x.id)).toContain(`digest-${sub}`);
    const text = await cli('jobs', 'status');
    expect(text).toMatch(/queues \(redis\):\n {2}delivery/);
  });
});
