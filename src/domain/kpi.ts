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

/** Rating coverage (000: ≥ 90%) = customers with a grade confirmed or changed in the last 90 days ÷ active customers. */
export function ratingCoverage(confirmed: number, customers: number): number | null {
  return ratio(BigInt(confirmed), BigInt(customers));
}

/**
 * Collection cycle (000 aims to cut it by 30%) = average over invoices fully paid in the period of
 * (date of the completing payment − due date), early payment counting 0. Days, 2 decimals.
 */
export function collectionCycle(paid: readonly { dueOn: string; completedOn: string }[]): number | null {
  if (paid.length === 0) return null;
  let total = 0n;
  for (const p of paid) {
    const days = (Date.parse(p.completedOn) - Date.parse(p.dueOn)) / 86_400_000;
    if (days > 0) total += BigInt(days);
  }
  const hundredths = (total * 100n * 2n + BigInt(paid.length)) / (BigInt(paid.length) * 2n);
  return Number(hundredths) / 100;
}

/** The median of some numbers (the mean of the middle two for an even count); null when none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Time to claim a red case = median hours from its first red alert to its claim, 2 decimals. */
export function timeToClaimHours(pairs: readonly { alertAt: Date; claimedAt: Date }[]): number | null {
  const m = median(pairs.map((p) => Math.max(0, p.claimedAt.getTime() - p.alertAt.getTime()) / 3_600_000));
  return m === null ? null : Math.round(m * 100) / 100;
}

/** Records per case = records in the period ÷ cases open in the period, 2 decimals. */
export function recordsPerCase(records: number, cases: number): number | null {
  if (cases === 0) return null;
  return Math.round((records * 100) / cases) / 100;
}
