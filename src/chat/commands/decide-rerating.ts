// Accept / Keep on the monthly re-rating post (issue 10; DOMAIN.md "Credit control"). The button names
// an org, a customer and the suggestion made for it: another org's is refused; the service re-reads
// them, re-checks the role, and changes the grade once.
import { DuebotError } from '../../errors.js';
import { decideRerating } from '../../services/credit/decide-rerating.js';
import { answer, confirm, refused } from '../context.js';
import type { CommandHandler } from '../command.js';
import { confirmationView } from '../views/confirmation.js';

export const decideReratingButton: CommandHandler<'decide_rerating'> = async (ctx, cmd) => {
  if (cmd.org !== ctx.org.id) throw new DuebotError('forbidden', 'button of another org', { reason: 'other_org' });
  const r = await decideRerating(ctx.db, ctx.actor, { customerId: cmd.customerId, suggestionId: cmd.suggestionId, decision: cmd.decision }, ctx.now);
  const customer = r.customer;
  if (r.status === 'stale') {
    return refused({ ...confirmationView({ kind: 'rerating_stale', customer, grade: r.grade, from: r.from, to: r.to }, ctx.locale), ephemeral: true });
  }
  return answer(confirm({ kind: r.status === 'decided' ? `rerating_${r.decision}` : 'rerating_already', customer, from: r.from, to: r.to }, ctx));
};
