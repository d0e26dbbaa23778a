// Bad-debt provision by the aging method (001, 坏账准备金).
import { applyRate, minRate, multiplyRates, parseRate, type Rate } from './money.js';
import type { Bucket } from './aging.js';

/** 001: 1–30 2%, 31–90 15%, >180 100%; 91–180 50% and not-due 0% are ours. */
export const DEFAULT_PROVISION_RATES: Record<Bucket, string> = {
  not_due: '0', d1_30: '0.02', d31_60: '0.15', d61_90: '0.15', d91_180: '0.5', d180_plus: '1',
};
export const DEFAULT_HIGH_RISK_INDUSTRIES = ['construction', 'foreign_trade'];
/** 001: high-risk industries 上浮20%-50%; a relative uplift, ours 30% (15% → 19.5%). */
export const DEFAULT_UPLIFT = '0.30';

export interface ProvisionPolicy {
  rates: Record<Bucket, string>;
  highRiskIndustries: readonly string[];
  uplift: string;
}

export const DEFAULT_PROVISION_POLICY: ProvisionPolicy = {
  rates: DEFAULT_PROVISION_RATES, highRiskIndustries: DEFAULT_HIGH_RISK_INDUSTRIES, uplift: DEFAULT_UPLIFT,
};

export function isHighRisk(industry: string | null | undefined, policy: ProvisionPolicy): boolean {
  if (!industry) return false;
  const i = industry.trim().toLowerCase();
  return policy.highRiskIndustries.some((h) => h.toLowerCase() === i);
}

const ONE: Rate = { num: 1n, den: 1n };

/** The effective rate: base × (1 + uplift) for high-risk industries, capped at 100%. */
export function provisionRate(bucket: Bucket, industry: string | null | undefined, policy: ProvisionPolicy): Rate {
  const base = parseRate(policy.rates[bucket]);
  if (!isHighRisk(industry, policy)) return base;
  const u = parseRate(policy.uplift);
  return minRate(multiplyRates(base, { num: u.den + u.num, den: u.den }), ONE);
}

/** Provision of one invoice: open balance × rate, rounded half-up to the minor unit. */
export function provisionOf(balanceMinor: bigint, bucket: Bucket, industry: string | null | undefined,
  policy: ProvisionPolicy = DEFAULT_PROVISION_POLICY): bigint {
  if (balanceMinor <= 0n) return 0n;
  return applyRate(balanceMinor, provisionRate(bucket, industry, policy));
}
