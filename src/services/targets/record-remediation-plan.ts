// The remediation plan of a flagged target (DOMAIN.md "Targets"; 001: 低于目标值80%…提交整改方案并限期跟进):
// who does what by when, recorded once on the flag. Those asked, the target's owner and supervisors
// may record it; a second submission (a double click, another manager) changes nothing and answers
// with the plan already recorded. The plan's owner also gets the 7-day follow-up.
import { z } from 'zod';
import { dateIn, addDays, isIsoDate, type IsoDate } from '../../domain/calendar.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, toJson } from '../cases/case-command.js';
import { hasRole, SUPERVISORS } from '../cases/permissions.js';
import { addReminders } from '../reminders/detect-reminders.js';
import { planOf, type RemediationPlan } from './target-notice.js';
import { FOLLOW_UP_DAYS } from './flag-targets.js';

/** A plan is due within a quarter of the day it is recorded. */
export const PLAN_DUE_MAX_DAYS = 92;

const RecordPlanInput = z.object({
  flagId: z.number().int().positive(),
  ownerUserId: z.number().int().positive(),
  action: z.string().trim().min(1, 'say what will be done').max(2000),
  dueOn: z.string().trim().refine(isIsoDate, 'a date is YYYY-MM-DD'),
});
export type RecordPlanInput = z.input<typeof RecordPlanInput>;

export type RecordPlanResult =
  | { status: 'recorded'; plan: RemediationPlan }
  | { status: 'already_recorded'; plan: RemediationPlan };

/** Who may answer a flag: the people asked, the target's owner, and supervisors. */
export async function mayAnswerFlag(db: Db, actor: Actor, flagId: number): Promise<{ askedUserIds: number[]; targetOwnerId: number | null }> {
  const f = await db.selectFrom('target_flags as f').innerJoin('targets as t', (j) => j.onRef('t.id', '=', 'f.target_id').onRef('t.org_id', '=', 'f.org_id'))
    .select(['f.asked_user_ids', 't.owner_user_id']).where('f.org_id', '=', actor.orgId).where('f.id', '=', flagId).executeTakeFirst();
  if (!f) throw new DuebotError('not_found', 'flagged target not found', { subject: 'target' });
  if (!hasRole(actor, SUPERVISORS) && !f.asked_user_ids.includes(actor.userId) && f.owner_user_id !== actor.userId) {
    throw new DuebotError('forbidden', `${actor.role} was not asked for this plan`, { reason: 'target_plan', role: actor.role, allowed: SUPERVISORS });
  }
  return { askedUserIds: f.asked_user_ids, targetOwnerId: f.owner_user_id };
}

export async function recordRemediationPlan(db: Db, actor: Actor, input: RecordPlanInput, now: Date = new Date()): Promise<RecordPlanResult> {
  const args = parseInput(RecordPlanInput, input);
  await mayAnswerFlag(db, actor, args.flagId);
  const org = await db.selectFrom('orgs').select('timezone').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
  const today = dateIn(org.timezone, now);
  if (args.dueOn < today || args.dueOn > addDays(today, PLAN_DUE_MAX_DAYS)) {
    throw new DuebotError('invalid', `dueOn: from today to ${PLAN_DUE_MAX_DAYS} days ahead`, { field: 'dueOn' });
  }
  const owner = await db.selectFrom('users').select(['id', 'name']).where('org_id', '=', actor.orgId).where('id', '=', args.ownerUserId)
    .where('active', '=', true).executeTakeFirst();
  if (!owner) throw new DuebotError('invalid', 'ownerUserId: no such active person', { field: 'ownerUserId' });
  const recorded = await db.transaction().execute(async (trx) => {
    // Settled in SQL: only the first submission finds plan_at null.
    const row = await trx.updateTable('target_flags').set({ plan_owner_user_id: owner.id, plan_action: args.action, plan_due_on: args.dueOn as IsoDate,
      plan_by_user_id: actor.userId, plan_at: now }).where('org_id', '=', actor.orgId).where('id', '=', args.flagId).where('plan_at', 'is', null)
      .returning('id').executeTakeFirst();
    if (!row) return false;
    await trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
      action: 'target.plan', subject_type: 'target_flag', subject_id: String(row.id),
      detail: toJson({ ownerUserId: owner.id, action: args.action, dueOn: args.dueOn }) }).execute();
    return true;
  });
  const plan = await planOf(db, actor.orgId, args.flagId);
  if (!plan) throw new DuebotError('not_found', 'flagged target not found', { subject: 'target' });
  if (!recorded) return { status: 'already_recorded', plan };
  // The plan's owner hears the follow-up too (the people asked already have theirs).
  // At the same moment as the others' follow-up (scheduled when the target was flagged).
  const others = await db.selectFrom('reminders').select((eb) => eb.fn.min('due_at').as('at')).where('org_id', '=', actor.orgId)
    .where('target_flag_id', '=', args.flagId).where('kind', '=', 'target_follow_up').executeTakeFirst();
  const at = others?.at ? new Date(others.at) : new Date(now.getTime() + FOLLOW_UP_DAYS * 86_400_000);
  await addReminders(db, actor.orgId, [{ kind: 'target_follow_up', userId: owner.id, at, targetFlagId: args.flagId,
    dedupeKey: `target_follow_up:${args.flagId}:${owner.id}` }]);
  return { status: 'recorded', plan };
}
