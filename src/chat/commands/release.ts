// `/ar release <customer>` and the Release button.
import { releaseCase } from '../../services/cases/index.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const release: CommandHandler<'release'> = async (ctx, cmd) => {
  const r = await releaseCase(ctx.db, ctx.actor, { customer: cmd.customer }, ctx.opts);
  return changed(confirm({ kind: 'released', customer: customerRef(r.case.customer) }, ctx), r.status === 'released' ? r.case : undefined);
};
