// `/ar assign <customer> <@user>`: finance or a manager gives a case to someone (001, 003).
import { z } from 'zod';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { User } from '../../store/schema.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import { openCaseFor, summarize, updateCase, type CaseSummary } from './open-case.js';
import { requireRole, SUPERVISORS } from './permissions.js';

/** A person named by duebot user id, email, or chat identity (a Slack/Lark mention). */
export type UserRef = { userId: number } | { email: string } | { platform: 'slack' | 'lark'; externalUserId: string };

export interface AssignResult {
  status: 'assigned' | 'already_owner';
  case: CaseSummary;
  owner: { id: number; name: string };
  previousOwner?: { id: number; name: string };
}

const AssignInput = z.object({
  customer: z.string(),
  assignee: z.union([
    z.object({ userId: z.number().int().positive() }),
    z.object({ email: z.string().trim().min(1) }),
    z.object({ platform: z.enum(['slack', 'lark']), externalUserId: z.string().min(1) }),
  ]),
});
export type AssignInput = z.input<typeof AssignInput>;

/** The active user of the org a reference names, or 'unknown_user'. */
export async function findUser(db: Db, orgId: number, ref: UserRef): Promise<User> {
  let q = db.selectFrom('users').selectAll('users').where('users.org_id', '=', orgId);
  if ('userId' in ref) q = q.where('users.id', '=', ref.userId);
  else if ('email' in ref) q = q.where((eb) => eb(eb.fn('lower', ['users.email']), '=', ref.email.trim().toLowerCase()));
  else {
    q = q.innerJoin('chat_identities', 'chat_identities.user_id', 'users.id')
      .where('chat_identities.org_id', '=', orgId).where('chat_identities.platform', '=', ref.platform)
      .where('chat_identities.external_user_id', '=', ref.externalUserId);
  }
  const user = await q.executeTakeFirst();
  if (!user || !user.active) throw new DuebotError('unknown_user', 'that person is not an active duebot user of this org', { field: 'assignee' });
  return user;
}

export async function assignCase(db: Db, actor: Actor, input: AssignInput, opts: CommandOptions = {}): Promise<AssignResult> {
  const args = parseInput(AssignInput, input);
  return runCommand(db, actor, 'case.assign', opts, async (ctx) => {
    requireRole(actor, SUPERVISORS, 'assign');
    const assignee = await findUser(ctx.trx, actor.orgId, args.assignee);
    const oc = await openCaseFor(ctx, args.customer);
    const owner = { id: assignee.id, name: assignee.name };
    if (oc.row.owner_user_id === assignee.id) {
      return { status: 'already_owner' as const, case: await summarize(ctx.trx, oc, oc.row), owner };
    }
    const before = await summarize(ctx.trx, oc, oc.row);
    const row = await updateCase(ctx, oc.row.id, { owner_user_id: assignee.id, claimed_at: ctx.now });
    await recordChange(ctx, { action: 'case.assign', subject: { type: 'case', id: row.id }, event: 'case.assigned',
      caseId: row.id, customerId: oc.customer.id,
      payload: { ownerUserId: assignee.id, previousOwnerUserId: oc.row.owner_user_id } });
    return { status: 'assigned' as const, case: await summarize(ctx.trx, oc, row), owner,
      ...(before.owner ? { previousOwner: before.owner } : {}) };
  });
}
