// `/ar promise <customer> <amount> <date> [note]` and the submitted promise form; alone, opens the form.
import { promiseToPay } from '../../services/cases/index.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';
import { openForm } from './open-form.js';

export const promise: CommandHandler<'promise'> = async (ctx, cmd) => {
  if (cmd.form) return openForm(ctx, { kind: 'open_form', form: 'promise', case: null });
  const r = await promiseToPay(ctx.db, ctx.actor, { customer: cmd.customer, amount: cmd.amount, promisedOn: cmd.date, note: cmd.note ?? undefined }, ctx.opts);
  return changed(confirm({ kind: 'promised', customer: customerRef(r.case.customer), currency: r.case.currency,
    amountMinor: r.promise.amountMinor, date: r.promise.promisedOn }, ctx), r.case);
};
