// `/ar assign <customer> <@user>`
import { assignCase } from '../../services/cases/index.js';
import { changed, confirm, userRef } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const assign: CommandHandler<'assign'> = async (ctx, cmd) => {
  const r = await assignCase(ctx.db, ctx.actor, { customer: cmd.customer, assignee: userRef(cmd.user, ctx.req) }, ctx.opts);
  return changed(confirm({ kind: 'assigned', customer: customerRef(r.case.customer), to: r.owner }, ctx), r.case);
};
