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
