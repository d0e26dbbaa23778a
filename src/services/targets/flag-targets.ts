// A target under 80% achieved asks for a remediation plan (DOMAIN.md "Targets"; 001: 低于目标值80%…
// 提交整改方案并限期跟进): the first weekly KPI run that finds it flagged in its month or quarter claims one
// flag for that period (the unique key settles parallel workers), asks the scope's owner (or the
// region's managers) by direct message, and schedules the follow-up 7 days later. Later runs in the
// same period find the flag and ask nobody again.
import { addDays, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { addReminders } from '../reminders/detect-reminders.js';
import type { TargetCheck } from '../reports/target-checks.js';

/** 001: 限期跟进 — the plan is due, and followed up, 7 days after the flag. */
export const FOLLOW_UP_DAYS = 7;

export interface NewFlag { flagId: number; targetId: number; recipientIds: number[]; reminderIds: number[] }

/** Claims a flag per flagged target and period; for each new one, the ask now and the follow-up in 7 days. */
export async function flagTargets(db: Db, orgId: number, today: IsoDate, checks: TargetCheck[], now: Date): Promise<NewFlag[]> {
  const out: NewFlag[] = [];
  for (const c of checks) {
    if (!c.flagged || c.achievementExact === null) continue;
    const row = await db.insertInto('target_flags').values({
      org_id: orgId, target_id: c.targetId, period_start: c.periodStart, flagged_on: today,
      achievement_num: c.achievementExact.num.toString(), achievement_den: c.achievementExact.den.toString(),
      asked_user_ids: c.recipientIds, follow_up_on: addDays(today, FOLLOW_UP_DAYS),
    }).onConflict((oc) => oc.columns(['org_id', 'target_id', 'period_start']).doNothing()).returning('id').executeTakeFirst();
    if (!row) continue;
    const followUpAt = new Date(now.getTime() + FOLLOW_UP_DAYS * 86_400_000);
    const reminderIds = await addReminders(db, orgId, c.recipientIds.flatMap((userId) => [
      { kind: 'target_flagged' as const, userId, at: now, targetFlagId: row.id, dedupeKey: `target_flagged:${row.id}:${userId}` },
      { kind: 'target_follow_up' as const, userId, at: followUpAt, targetFlagId: row.id, dedupeKey: `target_follow_up:${row.id}:${userId}` },
    ]));
    out.push({ flagId: row.id, targetId: c.targetId, recipientIds: c.recipientIds, reminderIds });
  }
  return out;
}
