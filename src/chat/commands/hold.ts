// `/ar hold <customer> <reason>` and `/ar unhold <customer> [note]`: a supply hold (finance, managers).
import { holdCustomer, unholdCustomer } from '../../services/credit/customer-hold.js';
import { answer } from '../context.js';
import type { CommandHandler } from '../command.js';
import { holdReplyView } from '../views/hold-reply.js';

export const hold: CommandHandler<'hold'> = async (ctx, cmd) => {
  const r = await holdCustomer(ctx.db, ctx.actor, { customer: cmd.customer, reason: cmd.reason }, ctx.opts);
  return answer(holdReplyView({ status: r.status, customer: r.hold.customer, reason: r.hold.reason, since: r.hold.setAt }, ctx.locale, ctx.org.timezone));
};

export const unhold: CommandHandler<'unhold'> = async (ctx, cmd) => {
  const r = await unholdCustomer(ctx.db, ctx.actor, { customer: cmd.customer, ...(cmd.note ? { note: cmd.note } : {}) }, ctx.opts);
  return answer(r.status === 'lifted'
    ? holdReplyView({ status: 'lifted', customer: r.hold.customer, reason: r.hold.reason, since: r.hold.setAt }, ctx.locale, ctx.org.timezone)
    : holdReplyView({ status: 'not_held', customer: r.customer }, ctx.locale, ctx.org.timezone));
};
