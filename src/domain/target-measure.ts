// What a target measures (DOMAIN.md "Targets": recovery rate, collected amount, DSO, CEI, overdue
// balance), as exact fractions from the KPI sums of its period (DOMAIN.md "KPIs" formulas): no
// float ever decides a flag. Units: recovery and CEI a ratio (0.85), collected and overdue minor
// units of the org's currency, DSO days.
import { minorDigits } from './money.js';
import { parseDecimal, type Fraction, type TargetMetric } from './target-achievement.js';

/** The KPI sums a target reads (services/reports/kpi-report.ts KpiSums, structurally). */
export interface TargetSums {
  arBalance: bigint; overdueBalance: bigint; closingCurrent: bigint; openingAr: bigint; creditSales: bigint;
  openingOverdue: bigint; newlyDue: bigint; collected: bigint;
}

/** The metrics whose value is a percent (0 < p ≤ 100). */
export const PERCENT_METRICS: readonly TargetMetric[] = ['recovery', 'cei'];
/** The metrics whose value is an amount in the org's currency (major units). */
export const AMOUNT_METRICS: readonly TargetMetric[] = ['collected', 'overdue'];

/** The actual figure of a metric over a period of `periodDays` days; null when there is nothing to measure. */
export function targetActual(metric: TargetMetric, s: TargetSums, periodDays: number): Fraction | null {
  switch (metric) {
    case 'recovery': {
      // 回收率 = collected ÷ what fell due (opening overdue + newly due).
      const due = s.openingOverdue + s.newlyDue;
      return due === 0n ? null : { num: s.collected, den: due };
    }
    case 'collected': return { num: s.collected, den: 1n };
    case 'overdue': return { num: s.overdueBalance, den: 1n };
    case 'dso':
      // DSO = AR balance ÷ credit sales of the period × days; no sales, no DSO.
      return s.creditSales === 0n ? null : { num: s.arBalance * BigInt(periodDays), den: s.creditSales };
    case 'cei': {
      // CEI = (opening AR + sales − closing AR) ÷ (opening AR + sales − closing current AR).
      const num = s.openingAr + s.creditSales - s.arBalance;
      const den = s.openingAr + s.creditSales - s.closingCurrent;
      if (den <= 0n) return null;
      return { num: num < 0n ? 0n : num, den };
    }
  }
}

export type TargetValueResult = { ok: true; value: Fraction } | { ok: false };

/**
 * A target's value (as typed or stored: "85", "45.5", "1200000") in the unit of targetActual:
 * a percent becomes a ratio, an amount minor units of `currency`, DSO days.
 */
export function targetValue(metric: TargetMetric, text: string, currency: string): TargetValueResult {
  const d = parseDecimal(text);
  if (!d.ok || d.value.num === 0n) return { ok: false };
  if (PERCENT_METRICS.includes(metric)) {
    if (d.value.num > 100n * d.value.den) return { ok: false };
    return { ok: true, value: { num: d.value.num, den: d.value.den * 100n } };
  }
  if (AMOUNT_METRICS.includes(metric)) return { ok: true, value: { num: d.value.num * 10n ** BigInt(minorDigits(currency)), den: d.value.den } };
  return { ok: true, value: d.value };
}

/** How an achievement moved from `before` to `now` (achievement is higher-is-better for every metric). */
export function achievementMoved(before: Fraction, now: Fraction): 'better' | 'worse' | 'same' {
  const l = now.num * before.den;
  const r = before.num * now.den;
  return l === r ? 'same' : l > r ? 'better' : 'worse';
}

/** A metric's figure for people, rounded only for display: a ratio (4 decimals), minor units, or days (1 decimal). */
export type TargetFigure = { unit: 'ratio'; ratio: number } | { unit: 'minor'; minor: bigint } | { unit: 'days'; days: number };

/** Half-up rounding of num/den × scale to an integer (num, den ≥ 0). */
function roundHalfUp(f: Fraction, scale: bigint): bigint {
  return (f.num * scale * 2n + f.den) / (f.den * 2n);
}

export function figureOf(metric: TargetMetric, f: Fraction): TargetFigure {
  if (PERCENT_METRICS.includes(metric)) return { unit: 'ratio', ratio: Number(roundHalfUp(f, 10_000n)) / 10_000 };
  if (AMOUNT_METRICS.includes(metric)) return { unit: 'minor', minor: roundHalfUp(f, 1n) };
  return { unit: 'days', days: Number(roundHalfUp(f, 10n)) / 10 };
}
