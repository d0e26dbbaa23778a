// `/ar escalate <customer> [agency <agency>] <reason>`; alone, opens the form.
import { isDuebotError } from '../../errors.js';
import { caseDetail, requestEscalation } from '../../services/cases/index.js';
import { changed, confirm, refused, type ChatContext } from '../context.js';
import type { CommandHandler, CommandResult } from '../command.js';
import { customerRef } from '../present.js';
import { requestCard } from '../request-card.js';
import { openForm } from './open-form.js';

export const escalate: CommandHandler<'escalate'> = async (ctx, cmd) => {
  if (cmd.form) return openForm(ctx, { kind: 'open_form', form: 'escalate', case: null });
  return requestEscalationReply(ctx, cmd.customer, cmd.reason, undefined, cmd.agency);
};

/** Requests an escalation; missing evidence → what is missing, and whether the asker may override. */
export async function requestEscalationReply(ctx: ChatContext, customer: string, reason: string, overrideReason: string | undefined,
  agency: string | null = null): Promise<CommandResult> {
  try {
    const r = await requestEscalation(ctx.db, ctx.actor, { customer, reason, overrideReason, ...(agency ? { agency } : {}) }, ctx.opts);
    const done = confirm({ kind: 'escalation_requested', customer: customerRef(r.case.customer), overridden: !!overrideReason,
      agency: r.escalation?.agency?.name ?? null }, ctx);
    if (r.status !== 'requested' || !r.escalation) return changed(done);
    return changed(await requestCard(ctx, r.escalation.id, r.case, done), r.case);
  } catch (e) {
    if (isDuebotError(e) && e.code === 'evidence_missing') {
      const c = await caseDetail(ctx.db, ctx.org.id, customer, { today: ctx.today });
      return refused(confirm({ kind: 'escalation_refused', customer: customerRef(c.customer),
        // Who may override is the service's rule (EVIDENCE_OVERRIDERS); it says so in the refusal.
        missing: (e.detail as { missing?: never[] }).missing ?? [], canOverride: (e.detail as { canOverride?: boolean }).canOverride === true }, ctx));
    }
    throw e;
  }
}
