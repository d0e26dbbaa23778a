// "Still working on it" on the lease check: a note renews the owner's lease on the case.
import { logRecord } from '../../services/cases/index.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const keepLease: CommandHandler<'keep_lease'> = async (ctx, cmd) => {
  const r = await logRecord(ctx.db, ctx.actor, { customer: cmd.customer, method: 'note',
    text: ctx.locale === 'zh-CN' ? '仍在跟进（保留认领）' : 'Still working on it (claim kept)' }, ctx.opts);
  return changed(confirm({ kind: 'claimed', customer: customerRef(r.case.customer) }, ctx), r.case);
};
