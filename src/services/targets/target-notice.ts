// What the ask for a remediation plan and its 7-day follow-up say (DOMAIN.md "Targets"; 001:
// 提交整改方案并限期跟进), read when the message is sent: the target as it is set now, the flag, the
// plan if one was recorded, and — for the follow-up — the achievement now against the one at the flag.
import { calendarPeriodOf } from '../../domain/period.js';
import type { IsoDate } from '../../domain/calendar.js';
import type { TargetMetric } from '../../domain/target-achievement.js';
import { achievementMoved, type TargetFigure } from '../../domain/target-measure.js';
import type { Db } from '../../store/connection.js';
import { checkTargets } from '../reports/target-checks.js';

export interface RemediationPlan { owner: { id: number; name: string } | null; action: string; dueOn: IsoDate; recordedBy: { id: number; name: string } | null }

export interface TargetNotice {
  org: number;
  flagId: number;
  scope: string;
  metric: TargetMetric;
  value: string;
  currency: string;
  period: 'month' | 'quarter';
  flaggedOn: IsoDate;
  /** The figure and achievement as the message is drawn (the flagged period, to date). */
  actual: TargetFigure | null;
  achievement: string | null;
  plan: RemediationPlan | null;
  /** target_follow_up: how the achievement moved since the flag. */
  moved: 'better' | 'worse' | 'same' | null;
}

/** The plan recorded on a flag, or null. */
export async function planOf(db: Db, orgId: number, flagId: number): Promise<RemediationPlan | null> {
  const r = await db.selectFrom('target_flags as f')
    .leftJoin('users as o', (j) => j.onRef('o.id', '=', 'f.plan_owner_user_id').onRef('o.org_id', '=', 'f.org_id'))
    .leftJoin('users as b', (j) => j.onRef('b.id', '=', 'f.plan_by_user_id').onRef('b.org_id', '=', 'f.org_id'))
    .select(['f.plan_action', 'f.plan_due_on', 'o.id as oid', 'o.name as oname', 'b.id as bid', 'b.name as bname'])
    .where('f.org_id', '=', orgId).where('f.id', '=', flagId).executeTakeFirst();
  if (!r || r.plan_action === null || r.plan_due_on === null) return null;
  return { action: r.plan_action, dueOn: r.plan_due_on, owner: r.oid !== null && r.oname !== null ? { id: r.oid, name: r.oname } : null,
    recordedBy: r.bid !== null && r.bname !== null ? { id: r.bid, name: r.bname } : null };
}

/** The notice of a flag on `today`, or null when the flag or its target is gone. */
export async function loadTargetNotice(db: Db, orgId: number, flagId: number, today: IsoDate): Promise<TargetNotice | null> {
  const f = await db.selectFrom('target_flags as f').innerJoin('targets as t', (j) => j.onRef('t.id', '=', 'f.target_id').onRef('t.org_id', '=', 'f.org_id'))
    .select(['f.id', 'f.target_id', 'f.period_start', 'f.flagged_on', 'f.achievement_num', 'f.achievement_den', 't.period'])
    .where('f.org_id', '=', orgId).where('f.id', '=', flagId).executeTakeFirst();
  if (!f) return null;
  // The flagged period, to date: a follow-up in the next month still judges the month flagged.
  const end = calendarPeriodOf(f.period, f.period_start).to;
  const [check] = await checkTargets(db, orgId, today < end ? today : end, { targetId: f.target_id });
  if (!check) return null;
  const then = { num: BigInt(f.achievement_num), den: BigInt(f.achievement_den) };
  return {
    org: orgId, flagId: f.id, scope: check.scope, metric: check.metric, value: check.value, currency: check.currency, period: check.period,
    flaggedOn: f.flagged_on, actual: check.actual, achievement: check.achievement, plan: await planOf(db, orgId, f.id),
    moved: check.achievementExact ? achievementMoved(then, check.achievementExact) : null,
  };
}
