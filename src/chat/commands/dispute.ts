// `/ar dispute <invoice> <reason>`
import { disputeInvoice } from '../../services/cases/index.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const dispute: CommandHandler<'dispute'> = async (ctx, cmd) => {
  const r = await disputeInvoice(ctx.db, ctx.actor, { invoice: cmd.invoice, reason: cmd.reason }, ctx.opts);
  return changed(confirm({ kind: 'disputed', invoice: r.invoice.number, customer: customerRef(r.case.customer) }, ctx), r.case);
};
