// `/ar plan <customer> <n>x<amount> from <date> every <week|month> [note]` and the submitted plan
// form; alone, opens the form.
import { makePlan } from '../../services/cases/index.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';
import { openForm } from './open-form.js';

export const plan: CommandHandler<'plan'> = async (ctx, cmd) => {
  if (cmd.form) return openForm(ctx, { kind: 'open_form', form: 'plan', case: null });
  const r = await makePlan(ctx.db, ctx.actor, { customer: cmd.customer, instalments: cmd.instalments, amount: cmd.amount,
    firstOn: cmd.date, every: cmd.every, note: cmd.note ?? undefined }, ctx.opts);
  return changed(confirm({ kind: 'planned', customer: customerRef(r.case.customer), currency: r.case.currency, instalments: r.plan.instalments,
    amountMinor: r.plan.amountMinor, totalMinor: r.plan.totalMinor, firstOn: r.plan.firstOn, lastOn: r.plan.lastOn, every: r.plan.every }, ctx), r.case);
};
