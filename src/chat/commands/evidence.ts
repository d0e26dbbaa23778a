// `/ar evidence <customer>` (legal, managers): the evidence file, built and sent privately by the jobs.
import { requestEvidenceFile } from '../../services/legal/request-evidence.js';
import { confirm } from '../context.js';
import type { CommandHandler } from '../command.js';
import { customerRef } from '../present.js';

export const evidence: CommandHandler<'evidence'> = async (ctx, cmd) => {
  const r = await requestEvidenceFile(ctx.db, ctx.actor, { customer: cmd.customer }, ctx.opts);
  return { reply: confirm({ kind: 'evidence_requested', customer: customerRef(r.customer) }, ctx), changedCaseIds: [] };
};
