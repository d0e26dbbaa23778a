// The send budgets in process memory, for BullMQ's PostgreSQL backend (the single-process demo
// has no Redis to share them in). Same GCRA as rate-budget.ts.
import type { BudgetName, PlatformLimits, RateBudget, RateLimit } from './rate-budget.js';

export function createMemoryRateBudget(limits: Record<BudgetName, PlatformLimits>, safety = 0.95): RateBudget {
  const tat = new Map<string, number>();
  const interval = (l: RateLimit) => 1000 / (l.perSecond * safety);
  return {
    async reserve(platform, channelId, horizonMs = 1000) {
      const l = limits[platform];
      const kc = `${platform}:ch:${channelId}`;
      const ka = `${platform}:app`;
      const now = Date.now();
      const ec = (tat.get(kc) ?? 0) - (l.channel.burst - 1) * interval(l.channel);
      const ea = (tat.get(ka) ?? 0) - (l.app.burst - 1) * interval(l.app);
      const at = Math.max(now, ea);
      if (ec > at) return { reserved: false, waitMs: Math.ceil(ec - now), scope: 'channel' as const };
      const waitMs = Math.ceil(at - now);
      const scope = waitMs > 0 ? 'app' as const : 'none' as const;
      if (waitMs > horizonMs) return { reserved: false, waitMs, scope };
      tat.set(kc, Math.max(tat.get(kc) ?? 0, at) + interval(l.channel));
      tat.set(ka, Math.max(tat.get(ka) ?? 0, at) + interval(l.app));
      return { reserved: true, waitMs, scope };
    },
    async penalize(platform, scope, channelId, pauseMs) {
      const k = scope === 'app' ? `${platform}:app` : `${platform}:ch:${channelId}`;
      const l = limits[platform][scope];
      tat.set(k, Math.max(tat.get(k) ?? 0, Date.now() + pauseMs + (l.burst - 1) * interval(l)));
    },
  };
}
