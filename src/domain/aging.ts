// Aging buckets, warning levels and collection stages (DOMAIN.md; 000, 001).
import { daysBetween, type IsoDate } from './calendar.js';

export const BUCKETS = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'd91_180', 'd180_plus'] as const;
export type Bucket = (typeof BUCKETS)[number];
export const OVERDUE_BUCKETS: readonly Bucket[] = BUCKETS.slice(1);

/** Days overdue = as-of − due date, in calendar days (negative: not yet due). */
export function daysOverdue(dueOn: IsoDate, asOf: IsoDate): number {
  return daysBetween(dueOn, asOf);
}

/** 001 uses 30/60/90 and 180: not due, 1–30, 31–60, 61–90, 91–180, >180. */
export function bucketOf(days: number): Bucket {
  if (days <= 0) return 'not_due';
  if (days <= 30) return 'd1_30';
  if (days <= 60) return 'd31_60';
  if (days <= 90) return 'd61_90';
  if (days <= 180) return 'd91_180';
  return 'd180_plus';
}

export const LEVELS = ['yellow', 'orange', 'red'] as const;
export type Level = (typeof LEVELS)[number];

/** First day overdue at which each level starts (001: 30/60/90 → 31/61/91, ours, so levels and buckets agree). */
export interface LevelThresholds { yellow: number; orange: number; red: number }
export const DEFAULT_THRESHOLDS: LevelThresholds = { yellow: 31, orange: 61, red: 91 };

export interface ThresholdOverride extends LevelThresholds { creditGrade: string | null; industry: string | null }

/**
 * Thresholds for a customer (001: 动态调整预警阈值). The most specific override wins:
 * grade + industry, then industry, then grade, then the org's default.
 */
export function thresholdsFor(base: LevelThresholds, overrides: readonly ThresholdOverride[],
  customer: { creditGrade: string; industry: string | null }): LevelThresholds {
  const industry = customer.industry?.toLowerCase() ?? null;
  const score = (o: ThresholdOverride) => {
    const g = o.creditGrade === null ? 0 : o.creditGrade === customer.creditGrade ? 1 : -1;
    const i = o.industry === null ? 0 : o.industry.toLowerCase() === industry ? 2 : -1;
    return g < 0 || i < 0 ? -1 : g + i;
  };
  let best: ThresholdOverride | undefined;
  let bestScore = 0;
  for (const o of overrides) {
    const s = score(o);
    if (s > bestScore) { best = o; bestScore = s; }
  }
  return best ? { yellow: best.yellow, orange: best.orange, red: best.red } : base;
}

export function levelOf(days: number, t: LevelThresholds = DEFAULT_THRESHOLDS): Level | null {
  if (days >= t.red) return 'red';
  if (days >= t.orange) return 'orange';
  if (days >= t.yellow) return 'yellow';
  return null;
}

export function levelRank(level: Level | null): number {
  return level === null ? 0 : LEVELS.indexOf(level) + 1;
}

/** A case's level is the worst of its open invoices' (disputed invoices raise no alert). */
export function worstLevel(levels: Iterable<Level | null>): Level | null {
  let worst: Level | null = null;
  for (const l of levels) if (levelRank(l) > levelRank(worst)) worst = l;
  return worst;
}

export const STAGES = ['pre', 'primary', 'intermediate', 'advanced'] as const;
export type Stage = (typeof STAGES)[number];
/** The stage a case is at: one of the aging stages, or `legal` once escalation is approved. */
export type CaseStage = Stage | 'legal';

/**
 * 000/001: pre-collection before the due date (a reminder `preDueDays` before it, default ours 3),
 * primary 1–30, intermediate 31–90, advanced > 90. Null: too early for any collection step.
 */
export function stageOf(days: number, preDueDays = 3): Stage | null {
  if (days <= 0) return days >= -preDueDays ? 'pre' : null;
  if (days <= 30) return 'primary';
  if (days <= 90) return 'intermediate';
  return 'advanced';
}
