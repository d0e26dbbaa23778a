// `/ar dispute <invoice> <reason>`, `/ar dispute <invoice> confirm`, `/ar dispute <invoice> resolve [note]`
// Issue 9 item 5: a non-supervisor's dispute is a request; a supervisor confirms it by command.
import { confirmDispute, disputeInvoice, resolveDispute } from '../../services/cases/index.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const dispute: CommandHandler<'dispute'> = async (ctx, cmd) => {
  if (cmd.step === 'resolve') {
    const r = await resolveDispute(ctx.db, ctx.actor, { invoice: cmd.invoice, note: cmd.note ?? undefined }, ctx.opts);
    return changed(confirm({ kind: r.status === 'resolved' ? 'dispute_resolved' : 'dispute_withdrawn', invoice: r.invoice.number,
      customer: customerRef(r.case.customer) }, ctx), r.case);
  }
  const r = 'reason' in cmd
    ? await disputeInvoice(ctx.db, ctx.actor, { invoice: cmd.invoice, reason: cmd.reason }, ctx.opts)
    : await confirmDispute(ctx.db, ctx.actor, { invoice: cmd.invoice }, ctx.opts);
  const kind = r.status === 'requested' || r.status === 'already_requested' ? 'dispute_requested' : 'disputed';
  return changed(confirm({ kind, invoice: r.invoice.number, customer: customerRef(r.case.customer) }, ctx), r.case);
};
