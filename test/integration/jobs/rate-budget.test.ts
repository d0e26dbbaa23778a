import { afterAll, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRateBudget, PLATFORM_LIMITS } from '../../../jobs/index.js';
import { flushPrefix, testPrefix } from './jobs-fixtures.js';

describe('rate budget (Redis GCRA per channel and per app)', () => {
  const redis = new Redis(inject('redisUrl'));
  const prefix = testPrefix();
  const limits = { ...PLATFORM_LIMITS, lark: { channel: { perSecond: 5, burst: 1 }, app: { perSecond: 50, burst: 1 } } };
  const budget = createRateBudget(redis, prefix, limits, 1);
  afterAll(async () => { await flushPrefix(inject('redisUrl'), prefix); await redis.quit(); });

  it('spaces sends on one chat at its rate and says which budget held them', async () => {
    const sentAt: number[] = [];
    for (let i = 0; i < 4; i++) {
      for (;;) {
        const r = await budget.reserve('lark', 'oc_busy', 10_000);
        if (r.reserved) { await new Promise((res) => setTimeout(res, r.waitMs)); sentAt.push(Date.now()); break; }
        expect(r.scope).toBe('channel');
        await new Promise((res) => setTimeout(res, r.waitMs));
      }
    }
    // 5 per second: slots 200 ms apart (timer jitter aside, so the span of four is ≥ 3 × 200 ms).
    expect(sentAt[3]! - sentAt[0]!).toBeGreaterThanOrEqual(560);
    const over = await budget.reserve('lark', 'oc_busy', 100);
    expect(over).toMatchObject({ reserved: false, scope: 'channel' });
    expect(over.waitMs).toBeGreaterThan(100);
  });

  it('does not hold a quiet chat behind a busy one', async () => {
    const r = await budget.reserve('lark', 'oc_quiet', 100);
    expect(r.reserved).toBe(true);
    expect(r.waitMs).toBeLessThanOrEqual(25);   // at most the app budget's own 20 ms spacing
  });

  it('after a 429 nothing goes on that chat for the pause asked', async () => {
    const started = Date.now();
    await budget.penalize('lark', 'channel', 'oc_limited', 2000);
    const r = await budget.reserve('lark', 'oc_limited', 100);
    // The pause less the time the two calls took (a loaded machine may take a while between them).
    const between = Date.now() - started;
    expect(r.reserved).toBe(false);
    expect(r.waitMs).toBeGreaterThan(2000 - between - 10);
    expect(r.waitMs).toBeLessThanOrEqual(2000);
  });
});
