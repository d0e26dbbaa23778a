// The Assign button on the "cases of a person who left" message: the manager who clicks becomes
// the owner (assignCase authorises by role; issue 15).
import { assignCase } from '../../services/cases/index.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const takeOver: CommandHandler<'take_over'> = async (ctx, cmd) => {
  const r = await assignCase(ctx.db, ctx.actor, { customer: cmd.customer, assignee: { userId: ctx.actor.userId } }, ctx.opts);
  return changed(confirm({ kind: 'assigned', customer: customerRef(r.case.customer), to: r.owner }, ctx), r.case);
};
