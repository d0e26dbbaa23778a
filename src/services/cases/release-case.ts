// `/ar release <customer>`: the owner gives the case back (or finance / a manager takes it off them).
import { z } from 'zod';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import { openCaseFor, summarize, updateCase, type CaseSummary } from './open-case.js';
import { requireCaseWork } from './permissions.js';

export interface ReleaseResult {
  status: 'released' | 'not_claimed';
  case: CaseSummary;
  previousOwner?: { id: number; name: string };
}

const ReleaseInput = z.object({ customer: z.string() });
export type ReleaseInput = z.input<typeof ReleaseInput>;

export async function releaseCase(db: Db, actor: Actor, input: ReleaseInput, opts: CommandOptions = {}): Promise<ReleaseResult> {
  const args = parseInput(ReleaseInput, input);
  return runCommand(db, actor, 'case.release', opts, async (ctx) => {
    const oc = await openCaseFor(ctx, args.customer);
    if (oc.row.owner_user_id === null) return { status: 'not_claimed' as const, case: await summarize(ctx.trx, oc, oc.row) };
    requireCaseWork(actor, oc.row, 'release');
    const before = await summarize(ctx.trx, oc, oc.row);
    const row = await updateCase(ctx, oc.row.id, { owner_user_id: null, claimed_at: null });
    await recordChange(ctx, { action: 'case.release', subject: { type: 'case', id: row.id }, event: 'case.released',
      caseId: row.id, customerId: oc.customer.id, payload: { previousOwnerUserId: oc.row.owner_user_id } });
    return { status: 'released' as const, case: await summarize(ctx.trx, oc, row), ...(before.owner ? { previousOwner: before.owner } : {}) };
  });
}
