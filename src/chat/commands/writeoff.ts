// `/ar writeoff <invoice> <reason>`: proposes a write-off for a manager to decide.
import { proposeWriteoff } from '../../services/cases/index.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';
import { requestCard } from '../request-card.js';

export const writeoff: CommandHandler<'writeoff'> = async (ctx, cmd) => {
  const r = await proposeWriteoff(ctx.db, ctx.actor, { invoice: cmd.invoice, reason: cmd.reason }, ctx.opts);
  const done = confirm({ kind: 'writeoff_proposed', invoice: r.escalation.invoice?.number ?? cmd.invoice,
    customer: customerRef(r.case.customer), currency: r.case.currency, amountMinor: r.escalation.balanceMinor }, ctx);
  return changed(r.status === 'proposed' ? await requestCard(ctx, r.escalation.id, r.case, done) : done, r.case);
};
