// Per-channel and per-app send budgets in Redis, checked BEFORE a call so a platform's 429 is the
// exception, not the pacing mechanism. BullMQ's worker `limiter` is global (it pauses the whole
// queue), so a busy channel would stall every other one: each channel and each app has its own
// key here instead. The algorithm is GCRA (one timestamp per key, "theoretical arrival time"),
// run for both keys in one Lua script so a send either fits both budgets or takes from neither.
import type { RedisClient } from './queues.js';
import type { PlatformName } from '../src/chat/port.js';

export interface RateLimit {
  /** Sustained sends per second. */
  perSecond: number;
  /** How many may go at once after a quiet spell (1: evenly spaced). */
  burst: number;
}
export interface PlatformLimits { channel: RateLimit; app: RateLimit }

/** What a budget paces: a chat platform, or email to customers (channel = the recipients' domain, app = the SMTP relay). */
export type BudgetName = PlatformName | 'email';

/**
 * The platforms' documented limits.
 * - Slack chat.postMessage: about 1 message per second per channel ("short bursts allowed");
 *   workspace-wide "several hundred messages per minute": we budget 300/min = 5/s.
 * - Lark im/v1/messages: 5 QPS per chat (per user for direct messages), 50 QPS per app.
 * - console: a terminal, effectively unlimited.
 */
export const PLATFORM_LIMITS: Record<BudgetName, PlatformLimits> = {
  slack: { channel: { perSecond: 1, burst: 1 }, app: { perSecond: 5, burst: 1 } },
  lark: { channel: { perSecond: 5, burst: 1 }, app: { perSecond: 50, burst: 1 } },
  console: { channel: { perSecond: 1000, burst: 100 }, app: { perSecond: 10_000, burst: 100 } },
  // Email (issue 11): SMTP has no documented limit of its own, but relays throttle senders (Amazon
  // SES starts at 14 messages per second, most hosted relays lower) and receiving domains defer a
  // burst from one sender (greylisting). We stay at 10/s to the relay and 1/s per recipient domain.
  email: { channel: { perSecond: 1, burst: 1 }, app: { perSecond: 10, burst: 1 } },
};

/** Multiplies the documented limits (benches use ×10 against a fake API that enforces ×10). */
export function scaleLimits(limits: Record<BudgetName, PlatformLimits>, factor: number): Record<BudgetName, PlatformLimits> {
  const s = (l: RateLimit): RateLimit => ({ perSecond: l.perSecond * factor, burst: l.burst });
  return Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, { channel: s(v.channel), app: s(v.app) }])) as Record<BudgetName, PlatformLimits>;
}

// KEYS: channel, app. ARGV: channel interval ms, channel burst, app interval ms, app burst, horizon ms.
// Returns {reserved (1|0), wait ms, scope (0 none, 1 channel, 2 app)}.
// - The channel holds the send (its next slot is later than the app's): nothing is taken, the
//   caller waits or defers. Taking the app's slot at that later instant would leave a hole in
//   the app budget that every other channel would wait behind.
// - Else the send takes the app's next slot (contiguous, so no hole) and the channel's, when that
//   slot is within the horizon; the caller sleeps `wait` and sends.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ic, bc, ia, ba, horizon = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local tatc = tonumber(redis.call('GET', KEYS[1]) or '0')
local tata = tonumber(redis.call('GET', KEYS[2]) or '0')
local ec = tatc - (bc - 1) * ic
local ea = tata - (ba - 1) * ia
local base = math.max(now, ea)
if ec > base then return {0, math.ceil(ec - now), 1} end
local wait = math.ceil(base - now)
local scope = 0
if wait > 0 then scope = 2 end
if wait > horizon then return {0, wait, 2} end
local nc = math.max(tatc, base) + ic
local na = math.max(tata, base) + ia
redis.call('SET', KEYS[1], tostring(nc), 'PX', math.ceil(nc - now) + 1000)
redis.call('SET', KEYS[2], tostring(na), 'PX', math.ceil(na - now) + 1000)
return {1, wait, scope}
`;

// KEYS: one budget key. ARGV: pause ms, interval ms, burst. Nothing goes on this key for `pause`.
const PENALIZE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pause, i, b = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local want = now + pause + (b - 1) * i
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if want > tat then redis.call('SET', KEYS[1], tostring(want), 'PX', math.ceil(want - now) + 1000) end
return 1
`;

export type BudgetScope = 'none' | 'channel' | 'app';
export interface Reservation { reserved: boolean; waitMs: number; scope: BudgetScope }

export interface RateBudget {
  /** Takes a send slot for `channelId` on `platform` (both budgets), or says how long to wait. */
  reserve(platform: BudgetName, channelId: string, horizonMs?: number): Promise<Reservation>;
  /** After a 429: nothing more goes on that budget for `pauseMs`. */
  penalize(platform: BudgetName, scope: 'channel' | 'app', channelId: string, pauseMs: number): Promise<void>;
}

type Scripted = RedisClient & {
  duebotReserve(kc: string, ka: string, ic: number, bc: number, ia: number, ba: number, horizon: number): Promise<[number, number, number]>;
  duebotPenalize(k: string, pause: number, i: number, b: number): Promise<number>;
};

/**
 * `prefix` is the hash-tagged BullMQ prefix ('{duebot}'), so the budget keys share the queue's
 * Cluster slot and both keys of one script are always in the same slot. `safety` keeps us a
 * little under the documented numbers: a call reserved at t reaches the platform a moment later.
 */
export function createRateBudget(redis: RedisClient, prefix: string, limits: Record<BudgetName, PlatformLimits> = PLATFORM_LIMITS,
  safety = 0.95): RateBudget {
  const r = redis as Scripted;
  if (typeof r.duebotReserve !== 'function') {
    redis.defineCommand('duebotReserve', { numberOfKeys: 2, lua: RESERVE });
    redis.defineCommand('duebotPenalize', { numberOfKeys: 1, lua: PENALIZE });
  }
  const interval = (l: RateLimit) => 1000 / (l.perSecond * safety);
  const key = (platform: BudgetName, scope: 'channel' | 'app', channelId: string) =>
    scope === 'app' ? `${prefix}:rl:${platform}:app` : `${prefix}:rl:${platform}:ch:${channelId}`;
  return {
    async reserve(platform, channelId, horizonMs = 1000) {
      const l = limits[platform];
      const [ok, wait, scope] = await r.duebotReserve(key(platform, 'channel', channelId), key(platform, 'app', channelId),
        interval(l.channel), l.channel.burst, interval(l.app), l.app.burst, horizonMs);
      return { reserved: ok === 1, waitMs: Number(wait), scope: scope === 1 ? 'channel' : scope === 2 ? 'app' : 'none' };
    },
    async penalize(platform, scope, channelId, pauseMs) {
      const l = limits[platform][scope];
      await r.duebotPenalize(key(platform, scope, channelId), Math.ceil(pauseMs), interval(l), l.burst);
    },
  };
}
