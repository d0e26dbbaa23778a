import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { addReminders } from '../../../src/services/reminders/detect-reminders.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addUser, Clock, drained, flushPrefix, makeRuntime, seedOrg, subscribe, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';

describe('recovery after Redis loses everything', () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date(Date.now() + 3 * 24 * 3600_000));   // reminders due in the future
  const prefix = testPrefix();
  let rt: JobsRuntime | undefined;
  let orgId: number;

  beforeAll(async () => { orgId = await seedOrg(t.db, 'recovery-org', TZ); });
  afterAll(async () => { await rt?.stop(); });

  it('brings back every pending reminder and schedule after a flush and a worker restart', async () => {
    const digest = await subscribe(t.db, orgId, { kind: 'digest', channel: 'C-D' });
    const kpi = await subscribe(t.db, orgId, { kind: 'kpi', channel: 'C-K' });
    const user = await addUser(t.db, orgId, { name: 'Rita', slack: 'U-RITA' });
    // A day after the runtime's now: reminders still to come have delayed jobs (due ones are the sweep's).
    const later = new Date(clock.now().getTime() + 24 * 3600_000);
    const ids = await addReminders(t.db, orgId, [1, 2, 3].map((n) => ({ kind: 'snooze_ended' as const, userId: user, dedupeKey: `rec-${n}`, at: later })));
    // A delivery that was queued when Redis went away.
    await t.db.insertInto('deliveries').values({ org_id: orgId, platform: 'slack', channel_id: 'C-D', kind: 'digest', subscription_id: digest, local_date: '2026-01-05', dedupe_key: `digest:${digest}:2026-01-05` }).execute();

    rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, clock, maintenance: true });
    await rt.start();
    await rt.stop();
    rt = undefined;
    expect(await flushPrefix(inject('redisUrl'), prefix)).toBeGreaterThan(0);

    rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, clock, maintenance: true });
    const schedules = rt.queues.queue('schedules');
    expect(await schedules.getJobSchedulersCount()).toBe(0);
    await rt.start();   // reconcile runs on start

    const ids2 = (await schedules.getJobSchedulers(0, -1)).map((s) => s.key).sort();
    expect(ids2).toEqual(expect.arrayContaining([`digest-${digest}`, `kpi-${kpi}`, 'maint-aging-scan', 'maint-reminders', 'maint-outbox', 'maint-reconcile']));
    const reminders = rt.queues.queue('reminders');
    const delayed = await reminders.getDelayed();
    expect(delayed.map((j) => (j.data as { reminderId: number }).reminderId).sort()).toEqual([...ids].sort());
    // The queued digest goes out after the restart (waited for, not slept on).
    await drained(t.db, orgId, 20_000);
    const d = await t.db.selectFrom('deliveries').select('status').where('org_id', '=', orgId).where('kind', '=', 'digest').executeTakeFirstOrThrow();
    expect(d.status).toBe('sent');
  });
});
