import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { PlatformError } from '../../../jobs/platform-error.js';
import { PLATFORM_LIMITS, type JobsRuntime } from '../../../jobs/index.js';
import { addUser, Clock, drained, makeRuntime, seedOrg, subscribe, testPrefix, waitFor } from './jobs-fixtures.js';

const t = testDatabase();

describe('delivery', () => {
  // Slack-like limits: 1 per second per channel (the fake enforces them too).
  const slack = new FakePlatform({ platform: 'slack', perChannel: 1, perApp: 50 });
  const prefix = testPrefix();
  // Working hours in Shanghai, so the admin's notice is not deferred to the morning.
  const clock = new Clock(new Date()).at('Asia/Shanghai', '2026-03-09', '10:00');
  let rt: JobsRuntime;
  let orgId: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'delivery-org');
    await addUser(t.db, orgId, { name: 'Admin', role: 'admin', slack: 'U-ADMIN' });
    rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, clock,
      limits: { ...PLATFORM_LIMITS, slack: { channel: { perSecond: 1, burst: 1 }, app: { perSecond: 50, burst: 1 } } } });
    await rt.start();
  });
  afterAll(async () => { await rt?.stop(); });

  const digests = async (channel: string, n: number, tag: string) => {
    const sub = await subscribe(t.db, orgId, { kind: 'digest', channel });
    await rt.delivery.enqueue(Array.from({ length: n }, (_, i) => ({ orgId, platform: 'slack' as const, channelId: channel, kind: 'digest' as const,
      subscriptionId: sub, localDate: `2026-0${tag}-${String(i + 1).padStart(2, '0')}`, dedupeKey: `digest:${sub}:2026-0${tag}-${String(i + 1).padStart(2, '0')}` })));
  };

  it('slows down on 429 Retry-After: 2 and loses nothing', async () => {
    slack.failNext('C-429', new PlatformError('rate_limited', 'ratelimited', 2000), 2);
    const started = Date.now();
    await digests('C-429', 3, '1');
    await drained(t.db, orgId, 20_000);
    const elapsed = Date.now() - started;
    expect(slack.posts('C-429')).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    // This channel's attempts only: the other tests' deliveries share the org.
    const attempts = await t.db.selectFrom('delivery_attempts as a').innerJoin('deliveries as d', 'd.id', 'a.delivery_id')
      .select(['a.outcome']).where('a.org_id', '=', orgId).where('d.org_id', '=', orgId).where('d.channel_id', '=', 'C-429').execute();
    expect(attempts.filter((a) => a.outcome === 'rate_limited')).toHaveLength(2);
    expect(attempts.filter((a) => a.outcome === 'sent')).toHaveLength(3);
  });

  it('paces a busy channel by its own budget without holding up the others', async () => {
    slack.rejected = 0;
    await digests('C-BUSY', 4, '2');
    await digests('C-QUIET', 1, '3');
    await drained(t.db, orgId, 20_000);
    const busy = slack.posts('C-BUSY').map((c) => c.at);
    const quiet = slack.posts('C-QUIET').map((c) => c.at);
    expect(busy).toHaveLength(4);
    expect(quiet).toHaveLength(1);
    expect(busy[3]! - busy[0]!).toBeGreaterThanOrEqual(2900);   // ≤ 1 per second
    // Not queued behind the busy channel: posted before the busy channel's budget let its last one
    // out (an order, not a wall-clock bound, so a loaded machine cannot fail it).
    expect(quiet[0]!).toBeLessThan(busy[3]!);
    expect(slack.rejected).toBe(0);   // the budget held before any 429
  });

  it('records a permanent failure with its reason, tells an admin once and does not retry', async () => {
    // Counted from here: the dissolved chat's test tells the same admin about its own failure.
    const notices = () => t.db.selectFrom('reminders').select('id').where('org_id', '=', orgId).where('kind', '=', 'delivery_failed').execute();
    const noticesBefore = (await notices()).length;
    const dmsBefore = slack.dms('U-ADMIN').length;
    slack.breakChannel('C-GONE', 'channel_archived');
    await digests('C-GONE', 2, '4');
    await drained(t.db, orgId, 20_000);
    const failed = await t.db.selectFrom('deliveries').select(['status', 'reason', 'attempts']).where('org_id', '=', orgId).where('channel_id', '=', 'C-GONE').execute();
    expect(failed).toEqual([{ status: 'failed', reason: 'channel_archived', attempts: 1 }, { status: 'failed', reason: 'channel_archived', attempts: 1 }]);
    await waitFor('the admin notice', () => slack.dms('U-ADMIN').length >= dmsBefore + 1);
    // Once: the second failure finds the notice already recorded (no second reminder), and
    // nothing else is waiting to be sent.
    expect(await notices()).toHaveLength(noticesBefore + 1);
    await drained(t.db, orgId, 20_000);
    const mine = slack.dms('U-ADMIN').slice(dmsBefore);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.message.summary).toContain('channel_archived');
  });

  it('ends the subscriptions of a dissolved chat (Lark 232009) and tells the admins', async () => {
    await subscribe(t.db, orgId, { kind: 'alerts', channel: 'C-DISSOLVED' });
    slack.breakChannel('C-DISSOLVED', 'chat_dissolved');
    await digests('C-DISSOLVED', 1, '6');
    const left = () => t.db.selectFrom('channel_subscriptions').select('kind').where('org_id', '=', orgId).where('channel_id', '=', 'C-DISSOLVED').execute();
    await waitFor('the subscriptions to end', async () => (await left()).length === 0, 20_000);
    const audit = await t.db.selectFrom('audit_log').select(['actor', 'detail']).where('org_id', '=', orgId).where('action', '=', 'subscription.remove').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'system', detail: { channelId: 'C-DISSOLVED', reason: 'chat_dissolved' } });
    expect([...(audit[0]!.detail as { kinds: string[] }).kinds].sort()).toEqual(['alerts', 'digest']);
    await waitFor('the admin notice', () => slack.dms('U-ADMIN').some((d) => d.message.summary.includes('chat_dissolved')));
  });

  it('retries a transient failure', async () => {
    slack.failNext('C-FLAKY', new PlatformError('transient', 'http_503'), 1);
    await digests('C-FLAKY', 1, '5');
    await drained(t.db, orgId, 20_000);
    const d = await t.db.selectFrom('deliveries').select(['status', 'attempts']).where('org_id', '=', orgId).where('channel_id', '=', 'C-FLAKY').executeTakeFirstOrThrow();
    expect(d).toEqual({ status: 'sent', attempts: 2 });
  });
});
