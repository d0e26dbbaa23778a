// Approve / Reject buttons on a request card (by escalation id); `/ar approve|reject` share the reply.
import { isDuebotError } from '../../errors.js';
import { caseDetail, decideEscalation, loadEscalation } from '../../services/cases/index.js';
import { confirm, failed, refused, type ChatContext } from '../context.js';
import type { CommandHandler, CommandResult } from '../command.js';
import { escalationDecisionView, type EscalationOutcome } from '../views/escalation-decision.js';
import { customerRef, escalationView } from '../present.js';

export const decide: CommandHandler<'decide'> = (ctx, cmd) =>
  decisionReply(ctx, { escalationId: cmd.escalationId }, cmd.decision, cmd.note, true);

/** Decides a pending request; from a button, the card it sits on is replaced by the decision. */
export async function decisionReply(ctx: ChatContext, which: { customer: string } | { escalationId: number }, decision: 'approve' | 'reject',
  note: string | undefined, fromButton: boolean): Promise<CommandResult> {
  try {
    const r = await decideEscalation(ctx.db, ctx.actor, { ...which, decision, note, onCard: fromButton }, ctx.opts);
    const by = { id: ctx.actor.userId, name: ctx.actor.name };
    const outcome: EscalationOutcome = r.status === 'already_decided'
      ? { kind: 'refused', reason: 'already_decided', by: r.escalation.decidedBy }
      : { kind: r.status, by, note: note ?? null };
    const card = escalationDecisionView({ ...escalationView(r.escalation, ctx.org.id, r.case), outcome }, ctx.org.locale);
    const replaceSource = fromButton ? { replaceSource: card } : {};
    // Someone decided first: nothing changed; the card shows by whom.
    if (r.status === 'already_decided') return refused(card, replaceSource);
    const reply = confirm({ kind: r.status, customer: customerRef(r.case.customer), escalation: r.escalation.kind }, ctx);
    return { reply, ...replaceSource, changedCaseIds: [r.case.id] };
  } catch (e) {
    // Approve re-checks the case: paid or changed since the request → the card says why.
    if (isDuebotError(e) && e.code === 'stale' && 'escalationId' in which) {
      const reason = (e.detail as { reason?: string }).reason === 'paid' ? 'paid_since_request' as const : 'case_changed' as const;
      const esc = await loadEscalation(ctx.db, ctx.org.id, which.escalationId)
        .catch((x: unknown) => { if (isDuebotError(x) && x.code === 'not_found') return undefined; throw x; });
      const d = esc ? await caseDetail(ctx.db, ctx.org.id, esc.caseId, { today: ctx.today }) : undefined;
      const summary = d?.pendingEscalations.find((x) => x.id === which.escalationId);
      const refusal = failed(ctx.log, e, ctx.locale, ctx.req);
      if (!d?.case || !summary) return refused(refusal.reply!);
      const card = escalationDecisionView({ ...escalationView(summary, ctx.org.id, d.case), outcome: { kind: 'refused', reason, by: null } }, ctx.org.locale);
      return refused(refusal.reply!, { replaceSource: card });
    }
    throw e;
  }
}
