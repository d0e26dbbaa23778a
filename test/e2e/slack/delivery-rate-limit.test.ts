// Issue 14: one full chain on Slack — a queued delivery, the real jobs runtime and its Redis
// budgets, the real Slack port (Bolt's WebClient) over HTTP to the strict fake Web API, which
// answers 429 with `Retry-After` as Slack documents (chat.postMessage, "Rate limits": HTTP 429 and
// a Retry-After header in seconds). The budget of the channel is pushed back, the retry goes once,
// and the gap is read from the fake's own timestamps, not from a sleep.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JobsRuntime } from '../../../jobs/index.js';
import { testDatabase } from '../../support/db.js';
import { eventually, seedSlackOrg, startSlackStack, type SlackFixture, type SlackStack, startSlackJobs } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;
let rt: JobsRuntime;
let redis: Redis;
const prefix = `{duebot-t-${randomUUID().slice(0, 8)}}`;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  stack = await startSlackStack(t.db);
  // The documented limits (no test scaling): the budget is the one production runs with.
  rt = await startSlackJobs(t.db, stack, { prefix, workers: 'delivery', now: stack.now });
  redis = new Redis(inject('redisUrl'));
}, 60_000);
afterAll(async () => { redis?.disconnect(); await rt?.stop(); await stack?.close(); });

/** Queues the digest or KPI post of a new subscription of `channel` for today, as the scheduler does; its delivery id. */
async function queuePost(kind: 'digest' | 'kpi', channel: string): Promise<string> {
  const sub = await t.db.insertInto('channel_subscriptions').values({ org_id: f.orgId, platform: 'slack', channel_id: channel, kind,
    region: null, product: null, at_time: null }).returning('id').executeTakeFirstOrThrow();
  await rt.delivery.enqueue([{ orgId: f.orgId, platform: 'slack', channelId: channel, kind, subscriptionId: sub.id, localDate: f.today,
    dedupeKey: `${kind}:${sub.id}:${f.today}` }]);
  const d = await t.db.selectFrom('deliveries').select('id').where('org_id', '=', f.orgId).where('subscription_id', '=', sub.id).executeTakeFirstOrThrow();
  return String(d.id);
}

const attempts = (id: string) => t.db.selectFrom('delivery_attempts').select(['outcome', 'detail']).where('org_id', '=', f.orgId)
  .where('delivery_id', '=', id as never).orderBy('id').execute();
const delivery = (id: string) => t.db.selectFrom('deliveries').selectAll().where('org_id', '=', f.orgId).where('id', '=', id as never).executeTakeFirstOrThrow();

describe('Slack: a 429 through the whole delivery chain', () => {
  it('waits the Retry-After, holds the channel\'s budget back for everyone, and posts once', async () => {
    const channel = 'CRATE1';
    const from = stack.api.calls.length;
    stack.api.rateLimit('chat.postMessage', 1, 3);
    const first = await queuePost('digest', channel);
    // The 429 is recorded (and the budget pushed back, which comes before the attempt row).
    await eventually(async () => (await attempts(first)).some((a) => a.outcome === 'rate_limited'), 30_000);
    // The channel's budget (GCRA, jobs/rate-budget.ts) now starts no sooner than the 429 plus its Retry-After.
    const limited = stack.api.calls.slice(from).find((c) => c.method === 'chat.postMessage' && c.body.channel === channel)!;
    expect(Number(await redis.get(`${prefix}:rl:slack:ch:${channel}`))).toBeGreaterThanOrEqual(limited.at + 3000);
    // Another post for the same channel (its KPI post) queued now must wait out the same Retry-After.
    const second = await queuePost('kpi', channel);
    await eventually(async () => (await delivery(first)).status === 'sent' && (await delivery(second)).status === 'sent', 60_000);

    const posts = stack.api.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);
    expect(posts).toHaveLength(3);   // the refused digest, its retry, the KPI post
    const limitedAt = posts[0]!.at;
    for (const p of posts.slice(1)) expect(p.at - limitedAt).toBeGreaterThanOrEqual(3000);
    expect(await attempts(first)).toEqual([
      { outcome: 'rate_limited', detail: 'retry after 3000 ms' },
      { outcome: 'sent', detail: null },
    ]);
    expect((await attempts(second)).map((a) => a.outcome)).toEqual(['sent']);
    // One message per delivery in the channel, each the one its row names.
    const shown = stack.api.messages(channel);
    expect(shown).toHaveLength(2);
    expect(shown.map((m) => m.ts).sort()).toEqual([(await delivery(first)).message_id, (await delivery(second)).message_id].sort());
  }, 120_000);   // a deadline for a loaded machine: two digests with charts, documented limits
});
