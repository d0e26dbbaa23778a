// `/ar snooze <customer> <days> <reason>` and the Snooze button.
import { snoozeCase } from '../../services/cases/index.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const snooze: CommandHandler<'snooze'> = async (ctx, cmd) => {
  const r = await snoozeCase(ctx.db, ctx.actor, 'fromCard' in cmd ? { customer: cmd.customer, fromCard: true }
    : { customer: cmd.customer, days: cmd.days, reason: cmd.reason }, ctx.opts);
  return changed(confirm({ kind: 'snoozed', customer: customerRef(r.case.customer), until: r.until }, ctx), r.case);
};
