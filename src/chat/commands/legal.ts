// `/ar legal <customer> <stage> <note>` (and `closed recovered <amount> | uncollectable`): the legal track.
import { moveLegalStage } from '../../services/legal/move-legal-stage.js';
import { changed, confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const legal: CommandHandler<'legal'> = async (ctx, cmd) => {
  const r = await moveLegalStage(ctx.db, ctx.actor, {
    customer: cmd.customer, stage: cmd.stage, note: cmd.note,
    ...(cmd.result ? { result: cmd.result } : {}), ...(cmd.recovered !== null ? { recovered: cmd.recovered } : {}),
  }, ctx.opts);
  return changed(confirm({ kind: 'legal_moved', customer: customerRef(r.case.customer), stage: r.stage, result: r.result,
    currency: r.case.currency, recoveredMinor: r.recoveredMinor, writeoffProposals: r.writeoffProposals }, ctx), r.case);
};
