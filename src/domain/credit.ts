// Credit grades and limits (001, 003).
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export type CreditCheck =
  | { ok: true; headroomMinor: bigint }
  | { ok: false; reason: 'over_limit'; overByMinor: bigint }
  | { ok: false; reason: 'prepay_required' };

/**
 * An order or balance over the limit is a credit-hold warning; grade D must prepay or give
 * collateral (D级客户需预付款或抵押担保), so any credit exposure for D is refused.
 */
export function checkCredit(grade: Grade, limitMinor: bigint, balanceMinor: bigint, orderMinor = 0n): CreditCheck {
  const exposure = balanceMinor + orderMinor;
  if (grade === 'D' && orderMinor > 0n) return { ok: false, reason: 'prepay_required' };
  if (exposure > limitMinor) return { ok: false, reason: 'over_limit', overByMinor: exposure - limitMinor };
  return { ok: true, headroomMinor: limitMinor - exposure };
}

export interface BehaviourSignals { avgDaysLate: number; brokenPromises: number; overdueShare: number }

/** 001 动态评分模型: a suggested grade from behaviour, proposed to finance, never applied silently. */
export function suggestGrade(s: BehaviourSignals): Grade {
  let score = 0;
  score += s.avgDaysLate > 90 ? 3 : s.avgDaysLate > 60 ? 2 : s.avgDaysLate > 30 ? 1 : 0;
  score += s.brokenPromises >= 3 ? 2 : s.brokenPromises >= 1 ? 1 : 0;
  score += s.overdueShare > 0.5 ? 2 : s.overdueShare > 0.2 ? 1 : 0;
  return score >= 5 ? 'D' : score >= 3 ? 'C' : score >= 1 ? 'B' : 'A';
}

/**
 * The re-rating signals of a customer over the last 12 months (DOMAIN.md "Credit control"), exact:
 * the amount-weighted days late of its paid invoices as a sum of amount × days and the amounts,
 * and the open balance with the part of it more than 30 days overdue.
 */
export interface RatingSignals {
  lateWeightedDays: bigint;  // Σ amount × max(0, paid date − due date)
  paidMinor: bigint;         // Σ amount of those paid invoices
  brokenPromises: number;
  overdue30Minor: bigint;
  openMinor: bigint;
}

export interface RatingPoints { late: number; promises: number; overdue: number; total: number; grade: Grade }

/**
 * 001 动态评分模型 (thresholds ours): average days late > 90 → 3 points, > 60 → 2, > 30 → 1; broken
 * promises ≥ 3 → 2, ≥ 1 → 1; share of the open balance > 30 days overdue > 50% → 2, > 20% → 1.
 * Points ≥ 5 → D, ≥ 3 → C, ≥ 1 → B, else A. Compared in integers, never floats.
 */
export function ratingPoints(s: RatingSignals): RatingPoints {
  const lateOver = (days: bigint) => s.paidMinor > 0n && s.lateWeightedDays > days * s.paidMinor;
  const late = lateOver(90n) ? 3 : lateOver(60n) ? 2 : lateOver(30n) ? 1 : 0;
  const promises = s.brokenPromises >= 3 ? 2 : s.brokenPromises >= 1 ? 1 : 0;
  const shareOver = (num: bigint, den: bigint) => s.openMinor > 0n && s.overdue30Minor * den > num * s.openMinor;
  const overdue = shareOver(1n, 2n) ? 2 : shareOver(1n, 5n) ? 1 : 0;
  const total = late + promises + overdue;
  return { late, promises, overdue, total, grade: total >= 5 ? 'D' : total >= 3 ? 'C' : total >= 1 ? 'B' : 'A' };
}

/** Credit-control warnings (DOMAIN.md): open balance (due or not) over the limit; grade D with any open balance. */
export interface CreditWarnings { overLimitByMinor: bigint | null; gradeD: boolean }

export function creditWarnings(grade: string, limitMinor: bigint, openMinor: bigint): CreditWarnings {
  return { overLimitByMinor: openMinor > limitMinor ? openMinor - limitMinor : null, gradeD: grade === 'D' && openMinor > 0n };
}
