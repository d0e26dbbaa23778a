// Issue 9, "Past one machine": the jobs on a three-node Redis Cluster (REDIS_CLUSTER=true, REDIS_URL
// naming one node), started on loopback with Debian's redis-server in cluster mode. `duebot start`
// (startService, as the CLI runs it) on that cluster: the job schedulers fire, deliveries reach the
// strict fake Slack API once each, a burst to one channel is paced at Slack's 1 per second and a
// 429's Retry-After holds the channel, as on one Redis. Every key lives in the `{duebot}` slot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, Redis } from 'ioredis';
import { pino } from 'pino';
import { loadConfig } from '../../../src/config.js';
import { startService, type Service } from '../../../src/cli/service.js';
import { localParts } from '../../../src/domain/calendar.js';
import { DEFAULT_PREFIX, QUEUE_NAMES, type JobsRuntime } from '../../../jobs/index.js';
import { MAINTENANCE } from '../../../jobs/schedules.js';
import { testDatabase } from '../../support/db.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { OwnRedisCluster } from '../../support/own-servers.js';
import { seedOrg, subscribe, waitFor } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';

describe('the jobs on a three-node Redis Cluster', () => {
  const cluster = new OwnRedisCluster(3);
  let api: FakeSlackApi;
  let service: Service;
  let jobs: JobsRuntime;
  let orgId: number;
  let digestSub: number;
  /** The slot of the `{duebot}` hash tag, and the node serving it. */
  let slot: number;
  let owner: number;
  /** The node REDIS_URL names: one that does NOT serve the queues' slot (the client must follow the cluster's map). */
  let named: number;
  let day = 0;
  let farTime = '';

  /** A digest subscription, its daily cron at `farTime` (far from now: it must not post during a test). */
  const subscribeFar = (channel: string) => subscribe(t.db, orgId, { kind: 'digest', channel, atTime: farTime });
  const channelSubs = new Map<string, number>();
  /** A digest to `channel` (its own date, so its own delivery), recorded and queued. */
  const enqueueDigest = async (channel: string) => {
    const localDate = `2026-01-${String(++day).padStart(2, '0')}`;
    if (!channelSubs.has(channel)) channelSubs.set(channel, await subscribeFar(channel));
    await jobs.delivery.enqueue([{ orgId, platform: 'slack', channelId: channel, kind: 'digest', subscriptionId: channelSubs.get(channel)!, localDate,
      dedupeKey: `cluster-digest:${channel}:${localDate}` }]);
    return t.db.selectFrom('deliveries').select('id').where('org_id', '=', orgId).where('dedupe_key', '=', `cluster-digest:${channel}:${localDate}`)
      .executeTakeFirstOrThrow().then((r) => r.id);
  };
  const allSent = (channel: string, n: number) => waitFor(`${n} deliveries to ${channel} to be sent`, async () => {
    const rows = await t.db.selectFrom('deliveries').select('status').where('org_id', '=', orgId).where('channel_id', '=', channel).execute();
    return rows.length === n && rows.every((r) => r.status === 'sent');
  }, 30_000);
  const postsTo = (channel: string) => api.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
  const node = (i: number) => {
    const r = new Redis(cluster.nodes[i]!.port, '127.0.0.1', { maxRetriesPerRequest: 1, lazyConnect: true });
    r.on('error', () => {});
    return r;
  };

  beforeAll(async () => {
    await cluster.start();
    const probe = node(0);
    slot = Number(await probe.call('CLUSTER', 'KEYSLOT', DEFAULT_PREFIX));
    const ranges = await probe.call('CLUSTER', 'SLOTS') as [number, number, [string, number, ...unknown[]]][];
    probe.disconnect();
    const served = ranges.find(([from, to]) => slot >= from && slot <= to)!;
    owner = cluster.nodes.findIndex((n) => n.port === served[2][1]);
    named = (owner + 1) % cluster.nodes.length;

    api = await startFakeSlackApi();
    orgId = await seedOrg(t.db, 'cluster-org', TZ);
    // A digest subscription whose scheduler (a cron in the org's zone) is far from now: it must be
    // registered on the cluster, and must not post in the middle of a test.
    const later = (localParts(TZ, new Date()).minutes + 12 * 60) % (24 * 60);
    farTime = `${String(Math.floor(later / 60)).padStart(2, '0')}:${String(later % 60).padStart(2, '0')}`;
    digestSub = await subscribeFar('C-SUBSCRIBED');
    const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', DUEBOT_LOCALE: 'en-US',
      REDIS_URL: cluster.url(named), REDIS_CLUSTER: 'true',
      SLACK_SIGNING_SECRET: 'cluster-secret', SLACK_BOT_TOKEN: 'xoxb-cluster', SLACK_API_URL: api.url });
    service = await startService({ config, database: { db: t.db, pool: t.pool, url: t.url, close: async () => {}, embedded: false },
      log: pino({ level: 'silent' }), http: true, jobs: true });
    jobs = service.jobs!;
  });
  afterAll(async () => {
    await service?.stop();
    await api?.close();
    await cluster.destroy();
    api?.assertNothingRefused();
  });

  it('is a cluster of three masters, and the queues run on it through one node\'s URL', async () => {
    for (const i of [0, 1, 2]) {
      const r = node(i);
      const info = String(await r.call('CLUSTER', 'INFO'));
      const masters = String(await r.call('CLUSTER', 'NODES')).trim().split('\n').filter((l) => l.split(' ')[2]!.includes('master'));
      r.disconnect();
      expect(info).toContain('cluster_state:ok');
      expect(info).toContain('cluster_size:3');
      expect(masters).toHaveLength(3);
    }
    expect(jobs.queues.redis).toBeInstanceOf(Cluster);
    // A plain client on the named node is sent elsewhere for the queues' slot: REDIS_CLUSTER is what makes it work.
    const plain = node(named);
    await expect(plain.get(`${DEFAULT_PREFIX}:probe`)).rejects.toThrow(/MOVED/);
    plain.disconnect();
    const ready = await fetch(`http://127.0.0.1:${service.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ postgres: true, redis: true });
  });

  it('fires the job schedulers that reconcile upserted, and registers the digest\'s cron in the org\'s zone', async () => {
    const schedules = jobs.queues.queue(QUEUE_NAMES.schedules);
    const expected: Record<string, RegExp> = { 'maint-aging-scan': /^scanned$/, 'maint-reminders': /^swept$/, 'maint-outbox': /^done$/,
      'maint-reconcile': /^reconciled$/, 'maint-prune': /^pruned \d+$/ };
    expect(MAINTENANCE.map((m) => m.id).sort()).toEqual(Object.keys(expected).sort());
    // An `every` scheduler's first job runs at once: each has run on the cluster, by the worker, with its result.
    const done = await waitFor('every maintenance scheduler to have run once', async () => {
      const jobsDone = await schedules.getJobs(['completed'], 0, -1);
      const by = new Map(jobsDone.map((j) => [j.repeatJobKey, String(j.returnvalue)]));
      return Object.keys(expected).every((id) => by.has(id)) ? by : undefined;
    }, 30_000);
    for (const [id, result] of Object.entries(expected)) expect(done.get(id)).toMatch(result);
    const digest = await schedules.getJobScheduler(`digest-${digestSub}`);
    expect(digest?.tz).toBe(TZ);
    expect(Number(digest?.next)).toBeGreaterThan(Date.now());
    const waiting = await schedules.getJobs(['delayed'], 0, -1);
    expect(waiting.some((j) => j.repeatJobKey === `digest-${digestSub}`)).toBe(true);
  });

  it('sends each delivery once, and paces a burst to one channel at Slack\'s 1 per second', async () => {
    // One post first, so the burst's first call pays no connection set-up its followers do not.
    await enqueueDigest('C-WARM');
    await allSent('C-WARM', 1);
    for (let i = 0; i < 4; i++) await enqueueDigest('C-BURST');
    await allSent('C-BURST', 4);
    const posts = postsTo('C-BURST');
    expect(posts).toHaveLength(4);
    expect(api.messages('C-BURST')).toHaveLength(4);
    const ids = posts.map((p) => JSON.stringify(p.body.metadata));
    expect(new Set(ids).size).toBe(4);
    // Slots 1000 / 0.95 ms apart (rate-budget.ts): three gaps of at least about a second, on the
    // cluster as on one Redis. Without the budget the four go out together (50 at once per worker).
    const at = posts.map((p) => p.at);
    expect(at[3]! - at[0]!).toBeGreaterThanOrEqual(2850);
  });

  it('honours a 429\'s Retry-After for the whole channel', async () => {
    api.rateLimit('chat.postMessage', 1, 2);
    const first = await enqueueDigest('C-429');
    // The second is queued once the first's 429 is recorded (after the budget was penalised): it
    // finds the channel held, although its own job never saw a 429.
    await waitFor('the 429 to be recorded', async () => (await t.db.selectFrom('delivery_attempts').select('id')
      .where('org_id', '=', orgId).where('delivery_id', '=', first).where('outcome', '=', 'rate_limited').executeTakeFirst()));
    await enqueueDigest('C-429');
    await allSent('C-429', 2);
    const calls = postsTo('C-429');
    expect(calls).toHaveLength(3);   // the refused one, then each of the two once
    expect(api.messages('C-429')).toHaveLength(2);
    for (const later of calls.slice(1)) expect(later.at - calls[0]!.at).toBeGreaterThanOrEqual(2000);
  });

  it('keeps every key in the `{duebot}` slot, on the one node that serves it', async () => {
    await enqueueDigest('C-SLOT');
    await allSent('C-SLOT', 1);
    const keysOn: string[][] = [];
    for (const i of [0, 1, 2]) {
      const r = node(i);
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await r.scan(cursor, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      keysOn.push(keys);
      for (const k of keys) expect(Number(await r.call('CLUSTER', 'KEYSLOT', k))).toBe(slot);
      r.disconnect();
    }
    const mine = keysOn[owner]!;
    expect(keysOn.filter((_, i) => i !== owner).flat()).toEqual([]);
    expect(mine.every((k) => k.startsWith(`${DEFAULT_PREFIX}:`))).toBe(true);
    for (const q of Object.values(QUEUE_NAMES)) expect(mine.some((k) => k.startsWith(`${DEFAULT_PREFIX}:${q}:`))).toBe(true);
  });
});
