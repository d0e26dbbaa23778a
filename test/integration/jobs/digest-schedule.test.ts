import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { localParts } from '../../../src/domain/calendar.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { Clock, drained, makeRuntime, seedOrg, subscribe, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — one subscription's scheduler is registered, ticks on a Saturday and a Monday, then moves and goes with it.
describe('digest schedules', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date());
  const prefix = testPrefix();
  let a: JobsRuntime;
  let b: JobsRuntime;
  let orgId: number;
  let subId: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'digest-org', TZ);
    subId = await subscribe(t.db, orgId, { kind: 'digest', channel: 'C-DIGEST', atTime: '09:00' });
    // Two workers on the same queues: a digest must still be posted once.
    a = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, clock });
    b = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, clock });
    await a.start();
    await b.start();
  });
  afterAll(async () => { await a?.stop(); await b?.stop(); });

  it('registers a scheduler at 09:00 in the org time zone, every day (the calendar decides which post)', async () => {
    const s = await a.queues.queue('schedules').getJobScheduler(`digest-${subId}`);
    expect(s?.pattern).toBe('0 0 9 * * *');
    expect(s?.tz).toBe(TZ);
    const next = localParts(TZ, new Date(Number(s!.next)));
    expect(next.minutes).toBe(9 * 60);
  });

  it('posts nothing on a Saturday', async () => {
    clock.at(TZ, '2026-03-07', '09:00');   // a Saturday
    expect(await a.runSchedule({ type: 'digest', orgId, subscriptionId: subId })).toBe('not_a_posting_day');
    expect(slack.posts('C-DIGEST')).toHaveLength(0);
  });

  it('posts the digest at 09:00 on a Monday, once however many workers tick', async () => {
    clock.at(TZ, '2026-03-09', '09:00');   // a Monday
    const results = await Promise.all([
      a.runSchedule({ type: 'digest', orgId, subscriptionId: subId }),
      b.runSchedule({ type: 'digest', orgId, subscriptionId: subId }),
    ]);
    expect(results.sort()).toEqual(['already_posted', 'queued']);
    await drained(t.db, orgId);
    const posts = slack.posts('C-DIGEST');
    expect(posts).toHaveLength(1);
    const d = await t.db.selectFrom('deliveries').selectAll().where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ status: 'sent', dedupe_key: `digest:${subId}:2026-03-09`, message_id: posts[0]!.ref!.messageId });
    const cm = await t.db.selectFrom('chat_messages').selectAll().where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(cm).toMatchObject({ kind: 'digest', channel_id: 'C-DIGEST' });
  });

  it('moves the scheduler when the subscription changes and removes it when it goes', async () => {
    await t.db.updateTable('channel_subscriptions').set({ at_time: '08:30', weekdays: [1, 3] }).where('id', '=', subId).execute();
    await a.reconcile();
    const moved = await a.queues.queue('schedules').getJobScheduler(`digest-${subId}`);
    expect(moved?.pattern).toBe('0 30 8 * * *');
    await t.db.deleteFrom('channel_subscriptions').where('id', '=', subId).execute();
    await a.reconcile();
    expect(await a.queues.queue('schedules').getJobScheduler(`digest-${subId}`)).toBeUndefined();
  });
});
