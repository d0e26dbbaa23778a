// Targets (DOMAIN.md "Targets"; 001: 目标分解至区域、团队及个人, 低于目标值80%…提交整改方案): how far a
// target is achieved, in exact decimal arithmetic (a float says 0.9 × 0.8 < 0.72 and flags a
// result of exactly 80%).

export const TARGET_METRICS = ['recovery', 'collected', 'dso', 'cei', 'overdue'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

/** DSO and the overdue balance are better when lower; the rest when higher. */
export const LOWER_IS_BETTER: Readonly<Record<TargetMetric, boolean>> = {
  recovery: false, collected: false, dso: true, cei: false, overdue: true,
};

/** An exact non-negative fraction. */
export interface Fraction { num: bigint; den: bigint }

/** 001: flagged when under 80% achieved. */
export const FLAG_BELOW: Fraction = { num: 4n, den: 5n };

export type ParseDecimalResult = { ok: true; value: Fraction } | { ok: false };

/** A plain non-negative decimal ("85", "92.5", "1234.56") as an exact fraction. */
export function parseDecimal(text: string): ParseDecimalResult {
  const m = /^(\d{1,15})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) return { ok: false };
  const frac = m[2] ?? '';
  return { ok: true, value: { num: BigInt(m[1]! + frac), den: 10n ** BigInt(frac.length) } };
}

export type Achievement =
  | { status: 'measured'; achievement: Fraction; flagged: boolean }
  /** No actual figure (nothing fell due, no sales): nothing to judge, nothing flagged. */
  | { status: 'unmeasured' };

/**
 * Achievement = actual ÷ target where higher is better, target ÷ actual where lower is better.
 * Flagged when achievement < 80% (exactly 80% is not). A lower-is-better actual of zero is
 * perfect; a higher-is-better target of zero is always met.
 */
export function achievement(metric: TargetMetric, actual: Fraction | null, target: Fraction): Achievement {
  if (actual === null || actual.den === 0n) return { status: 'unmeasured' };
  const [num, den] = LOWER_IS_BETTER[metric]
    ? [target.num * actual.den, target.den * actual.num]
    : [actual.num * target.den, actual.den * target.num];
  if (den === 0n) return { status: 'measured', achievement: { num: 1n, den: 1n }, flagged: false };
  // num/den < 4/5  ⇔  5·num < 4·den (all positive)
  const flagged = num * FLAG_BELOW.den < FLAG_BELOW.num * den;
  return { status: 'measured', achievement: { num, den }, flagged };
}

/** A fraction as a percent rounded half-up to 2 decimals, for people ("79.99"). */
export function percentText(f: Fraction): string {
  const hundredths = (f.num * 10_000n * 2n + f.den) / (f.den * 2n);
  const s = hundredths.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`.replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
}
