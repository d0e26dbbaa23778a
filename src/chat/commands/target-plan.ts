// The "Send a remediation plan" button of a flagged target and its form (issue 10; DOMAIN.md
// "Targets"; 001: 提交整改方案并限期跟进). The button names a flag and an org: another org's flag is
// refused; the services re-read the flag and re-check who may answer.
import { DuebotError } from '../../errors.js';
import { recordRemediationPlan } from '../../services/targets/record-remediation-plan.js';
import { remediationForm } from '../../services/targets/remediation-form.js';
import { answer, confirm, type ChatContext } from '../context.js';
import type { CommandHandler } from '../command.js';
import { targetPlanForm } from '../views/target-plan-form.js';

function sameOrg(ctx: ChatContext, org: number): void {
  if (org !== ctx.org.id) throw new DuebotError('forbidden', 'button of another org', { reason: 'other_org' });
}

export const openTargetPlanForm: CommandHandler<'open_target_plan_form'> = async (ctx, cmd) => {
  sameOrg(ctx, cmd.org);
  const r = await remediationForm(ctx.db, ctx.actor, cmd.flagId, ctx.now);
  if (r.status === 'already_recorded') return answer(confirm({ kind: 'target_plan_already', plan: r.plan }, ctx));
  return { form: targetPlanForm({ org: cmd.org, flagId: cmd.flagId, scope: r.scope, people: r.people, asker: ctx.actor.userId, suggestedDue: r.suggestedDue }, ctx.locale),
    changedCaseIds: [] };
};

export const submitTargetPlan: CommandHandler<'submit_target_plan'> = async (ctx, cmd) => {
  sameOrg(ctx, cmd.org);
  const r = await recordRemediationPlan(ctx.db, ctx.actor, { flagId: cmd.flagId, ownerUserId: cmd.ownerUserId, action: cmd.action, dueOn: cmd.dueOn }, ctx.now);
  return answer(confirm({ kind: r.status === 'recorded' ? 'target_plan_recorded' : 'target_plan_already', plan: r.plan }, ctx));
};
