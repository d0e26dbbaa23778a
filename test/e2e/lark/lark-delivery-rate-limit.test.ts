// Issue 14: one full chain on Lark — a queued delivery, the real jobs runtime and its Redis
// budgets, the real Lark port (the node SDK) over HTTP to the strict fake Open API, which answers
// as Lark's rate-limit docs say: HTTP 429, code 99991400 "request trigger frequency limit", and
// the headers x-ogw-ratelimit-limit / x-ogw-ratelimit-reset (seconds until the quota resets).
// 99991400 is the app's limit, so the app's budget is pushed back: a post for ANOTHER chat waits
// too. The retry goes once; the gap is read from the fake's own timestamps, not from a sleep.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createJobsRuntime, type JobsRuntime } from '../../../jobs/index.js';
import { TODAY } from '../../integration/services/fixtures.js';
import { testDatabase } from '../../support/db.js';
import { eventually } from '../slack/slack-fixture.js';
import { CHAT_NOW, startLarkWorld, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;
let rt: JobsRuntime;
let redis: Redis;
const prefix = `{duebot-t-${randomUUID().slice(0, 8)}}`;
let org: LarkOrg;

beforeAll(async () => {
  w = await startLarkWorld(t.db);
  org = await w.newOrg();
  // The documented limits (no test scaling): the budget is the one production runs with.
  rt = createJobsRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix,
    ports: { lark: w.adapter.port }, log: pino({ level: 'silent' }), maintenance: false, workers: 'delivery', now: () => CHAT_NOW });
  await rt.start();
  redis = new Redis(inject('redisUrl'));
}, 60_000);
afterAll(async () => { redis?.disconnect(); await rt?.stop(); await w?.close(); });

/** Queues the digest of a new subscription of `chatId` for today, as the scheduler does; its delivery id. */
async function queueDigest(chatId: string): Promise<string> {
  const sub = await t.db.insertInto('channel_subscriptions').values({ org_id: org.orgId, platform: 'lark', channel_id: chatId, kind: 'digest',
    region: null, product: null, at_time: null }).returning('id').executeTakeFirstOrThrow();
  await rt.delivery.enqueue([{ orgId: org.orgId, platform: 'lark', channelId: chatId, kind: 'digest', subscriptionId: sub.id, localDate: TODAY,
    dedupeKey: `digest:${sub.id}:${TODAY}` }]);
  const d = await t.db.selectFrom('deliveries').select('id').where('org_id', '=', org.orgId).where('subscription_id', '=', sub.id).executeTakeFirstOrThrow();
  return String(d.id);
}

const attempts = (id: string) => t.db.selectFrom('delivery_attempts').select(['outcome', 'error_code', 'detail']).where('org_id', '=', org.orgId)
  .where('delivery_id', '=', id as never).orderBy('id').execute();
const delivery = (id: string) => t.db.selectFrom('deliveries').selectAll().where('org_id', '=', org.orgId).where('id', '=', id as never).executeTakeFirstOrThrow();

describe('Lark: a 99991400 through the whole delivery chain', () => {
  it('waits x-ogw-ratelimit-reset, holds the app\'s budget back for every chat, and posts once', async () => {
    const [chat1, chat2] = [`oc_rate_a_${org.orgId}`, `oc_rate_b_${org.orgId}`];
    const from = w.fake.calls.length;
    w.fake.rateLimit('create', { times: 1, resetSec: 3, status: 429 });
    const first = await queueDigest(chat1);
    // The 429 is recorded (and the budget pushed back, which comes before the attempt row).
    await eventually(async () => (await attempts(first)).some((a) => a.outcome === 'rate_limited'), 30_000);
    // The app's budget (GCRA, jobs/rate-budget.ts) now starts no sooner than the 429 plus the reset.
    const limited = w.fake.calls.slice(from).find((c) => c.endpoint === 'create')!;
    expect(Number(await redis.get(`${prefix}:rl:lark:app`))).toBeGreaterThanOrEqual(limited.at + 3000);
    // A post for another chat queued now waits out the same reset: the limit was the app's.
    const second = await queueDigest(chat2);
    await eventually(async () => (await delivery(first)).status === 'sent' && (await delivery(second)).status === 'sent', 60_000);

    const creates = w.fake.calls.slice(from).filter((c) => c.endpoint === 'create');
    expect(creates.map((c) => c.body.receive_id)).toEqual([chat1, expect.any(String), expect.any(String)]);
    const limitedAt = creates[0]!.at;
    for (const c of creates.slice(1)) expect(c.at - limitedAt).toBeGreaterThanOrEqual(3000);
    expect(await attempts(first)).toEqual([
      { outcome: 'rate_limited', error_code: 'app_rate_limited', detail: 'retry after 3000 ms' },
      { outcome: 'sent', error_code: null, detail: null },
    ]);
    expect((await attempts(second)).map((a) => a.outcome)).toEqual(['sent']);
    // The retry carries the same uuid (one message per delivery, whatever the retries) and one card is in each chat.
    const toChat1 = creates.filter((c) => c.body.receive_id === chat1);
    expect(toChat1).toHaveLength(2);
    expect(toChat1[1]!.body.uuid).toBe(toChat1[0]!.body.uuid);
    const inChat = (chatId: string) => [...w.fake.messages.values()].filter((m) => m.chatId === chatId);
    expect(inChat(chat1).map((m) => m.id)).toEqual([(await delivery(first)).message_id]);
    expect(inChat(chat2).map((m) => m.id)).toEqual([(await delivery(second)).message_id]);
  }, 120_000);   // a deadline for a loaded machine: two digests with charts, documented limits
});
