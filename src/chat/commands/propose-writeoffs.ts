// The Propose write-off button of the monthly write-off review: finance proposes each invoice of
// the customer over 180 days overdue for a manager's approval.
import { proposeOverdueWriteoffs } from '../../services/cases/propose-overdue-writeoffs.js';
import { answer, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const proposeWriteoffs: CommandHandler<'propose_writeoffs'> = async (ctx, cmd) => {
  const r = await proposeOverdueWriteoffs(ctx.db, ctx.actor, { customer: cmd.customer }, ctx.opts);
  const customer = customerRef(r.customer);
  if (r.status === 'nothing_over_180') return answer(confirm({ kind: 'writeoffs_none', customer }, ctx));
  return { reply: confirm({ kind: 'writeoffs_proposed', customer, proposed: r.proposed.length, alreadyPending: r.alreadyPending.length }, ctx),
    changedCaseIds: [r.caseId] };
};
