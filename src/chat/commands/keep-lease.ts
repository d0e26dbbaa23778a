// "Still working on it" on the lease check: the service's note renews the owner's lease on the case.
import { keepLease as keepLeaseOf } from '../../services/cases/index.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const keepLease: CommandHandler<'keep_lease'> = async (ctx, cmd) => {
  const r = await keepLeaseOf(ctx.db, ctx.actor, { customer: cmd.customer }, ctx.opts);
  return changed(confirm({ kind: 'claimed', customer: customerRef(r.case.customer) }, ctx), r.case);
};
