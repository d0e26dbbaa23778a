// `/ar claim <customer>` and the Claim button.
import { DuebotError } from '../../errors.js';
import { claimCase } from '../../services/cases/index.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const claim: CommandHandler<'claim'> = async (ctx, cmd) => {
  const r = await claimCase(ctx.db, ctx.actor, { customer: cmd.customer }, ctx.opts);
  if (r.status === 'claimed_by_other') {
    throw new DuebotError('conflict', 'claimed by someone else', { subject: r.owner?.name });
  }
  return changed(confirm({ kind: 'claimed', customer: customerRef(r.case.customer) }, ctx), r.status === 'claimed' ? r.case : undefined);
};
