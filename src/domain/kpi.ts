// KPIs (001, 002). Inputs are money in minor units; outputs are ratios (numbers, not money),
// rounded to 4 decimals, or null when the denominator is zero.
import type { Bucket } from './aging.js';
import { OVERDUE_BUCKETS } from './aging.js';

function ratio(num: bigint, den: bigint, scale = 1): number | null {
  if (den === 0n) return null;
  // 10^8 fixed point keeps the division exact enough before converting to a number.
  const fixed = (num * 100_000_000n * BigInt(scale)) / den;
  return Math.round(Number(fixed) / 10_000) / 10_000;
}

/** Recovery rate = collected ÷ amount that fell due (opening overdue + newly due). */
export function recoveryRate(collectedMinor: bigint, openingOverdueMinor: bigint, newlyDueMinor: bigint): number | null {
  return ratio(collectedMinor, openingOverdueMinor + newlyDueMinor);
}

/** DSO = AR balance ÷ credit sales of the last N days × N. */
export function dso(arBalanceMinor: bigint, creditSalesMinor: bigint, periodDays: number): number | null {
  if (creditSalesMinor === 0n) return null;
  const days = (arBalanceMinor * BigInt(periodDays) * 100n) / creditSalesMinor;
  return Number(days) / 100;
}

/** CEI = (opening AR + credit sales − closing AR) ÷ (opening AR + credit sales − closing current AR) × 100. */
export function cei(openingArMinor: bigint, creditSalesMinor: bigint, closingArMinor: bigint, closingCurrentArMinor: bigint): number | null {
  const num = openingArMinor + creditSalesMinor - closingArMinor;
  const den = openingArMinor + creditSalesMinor - closingCurrentArMinor;
  if (den <= 0n) return null;
  const r = ratio(num, den, 100);
  return r === null ? null : Math.round(r * 100) / 100;
}

/** Bad-debt rate = written off ÷ credit sales of the period. */
export function badDebtRate(writtenOffMinor: bigint, creditSalesMinor: bigint): number | null {
  return ratio(writtenOffMinor, creditSalesMinor);
}

/** Promise-kept rate = kept ÷ (kept + broken); pending promises do not count yet. */
export function promiseKeptRate(kept: number, broken: number): number | null {
  return ratio(BigInt(kept), BigInt(kept + broken));
}

/** Aging structure (001: 30/60/90天逾期占比): share of the overdue balance in each overdue bucket. */
export function agingStructure(amounts: Partial<Record<Bucket, bigint>>): Partial<Record<Bucket, number>> {
  const total = OVERDUE_BUCKETS.reduce((s, b) => s + (amounts[b] ?? 0n), 0n);
  const out: Partial<Record<Bucket, number>> = {};
  for (const b of OVERDUE_BUCKETS) out[b] = ratio(amounts[b] ?? 0n, total) ?? 0;
  return out;
}

/** A target is flagged when under 80% achieved (001: 低于目标值80%). */
export function targetFlagged(actual: number | null, target: number, threshold = 0.8): boolean {
  if (actual === null) return true;
  return actual < target * threshold;
}
