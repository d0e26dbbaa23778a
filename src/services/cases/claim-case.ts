// `/ar claim <customer>`: anyone in the org may claim an unclaimed case ("谁签约谁负责回款", 001).
// The race is settled in PostgreSQL: a conditional UPDATE, so of two simultaneous clicks exactly one wins.
import { z } from 'zod';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import { openCaseFor, summarize, type CaseSummary } from './open-case.js';

export interface ClaimResult {
  status: 'claimed' | 'already_yours' | 'claimed_by_other';
  case: CaseSummary;
  /** The owner now (the winner when claimed by someone else). */
  owner?: { id: number; name: string };
}

const ClaimInput = z.object({ customer: z.string() });
export type ClaimInput = z.input<typeof ClaimInput>;

export async function claimCase(db: Db, actor: Actor, input: ClaimInput, opts: CommandOptions = {}): Promise<ClaimResult> {
  const args = parseInput(ClaimInput, input);
  return runCommand(db, actor, 'case.claim', opts, async (ctx) => {
    const oc = await openCaseFor(ctx, args.customer);
    const won = await ctx.trx.updateTable('cases')
      .set((eb) => ({ owner_user_id: actor.userId, claimed_at: ctx.now, version: eb('version', '+', 1) }))
      .where('org_id', '=', actor.orgId).where('id', '=', oc.row.id).where('owner_user_id', 'is', null)
      .returningAll().executeTakeFirst();
    if (!won) {
      const current = await ctx.trx.selectFrom('cases').selectAll().where('id', '=', oc.row.id).executeTakeFirstOrThrow();
      const summary = await summarize(ctx.trx, oc, current);
      const status = current.owner_user_id === actor.userId ? 'already_yours' as const : 'claimed_by_other' as const;
      return { status, case: summary, ...(summary.owner ? { owner: summary.owner } : {}) };
    }
    await recordChange(ctx, { action: 'case.claim', subject: { type: 'case', id: won.id }, event: 'case.claimed',
      caseId: won.id, customerId: oc.customer.id, payload: { ownerUserId: actor.userId } });
    const summary = await summarize(ctx.trx, oc, won);
    return { status: 'claimed' as const, case: summary, owner: { id: actor.userId, name: actor.name } };
  });
}
