// A person who leaves (issue 15): deactivated in Slack (user_change, deleted) or Lark
// (contact.user.deleted_v3), or marked inactive by `import users`. They stop getting reminders
// (addReminders skips inactive people); their open cases are offered to their managers in one
// message with an Assign button per case (an owner_left reminder to each manager); until then
// the 48-hour rule treats those cases as unowned. Nothing they recorded changes.
import type { Db } from '../../store/connection.js';
import type { Platform } from '../../store/schema.js';
import { addReminders } from '../reminders/detect-reminders.js';

export type PersonRef = { userId: number } | { platform: Platform; externalUserId: string };

export interface DeactivateResult {
  status: 'deactivated' | 'already_inactive' | 'unknown_user';
  userId?: number;
  /** Open cases the person owned. */
  caseIds: number[];
  /** The managers they were offered to. */
  offeredTo: number[];
}

/** Deactivates the person once (a retried event changes nothing twice) and offers their open cases. */
export async function deactivateUser(db: Db, orgId: number, ref: PersonRef, actor: string, now: Date = new Date()): Promise<DeactivateResult> {
  return db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('users').select(['users.id', 'users.active', 'users.region']).where('users.org_id', '=', orgId);
    if ('userId' in ref) q = q.where('users.id', '=', ref.userId);
    else {
      q = q.innerJoin('chat_identities as ci', 'ci.user_id', 'users.id').where('ci.org_id', '=', orgId)
        .where('ci.platform', '=', ref.platform).where('ci.external_user_id', '=', ref.externalUserId);
    }
    const user = await q.forUpdate(['users']).executeTakeFirst();
    if (!user) return { status: 'unknown_user' as const, caseIds: [], offeredTo: [] };
    if (!user.active) return { status: 'already_inactive' as const, userId: user.id, caseIds: [], offeredTo: [] };
    await trx.updateTable('users').set({ active: false, deactivated_at: now, updated_at: now })
      .where('org_id', '=', orgId).where('id', '=', user.id).execute();
    await trx.insertInto('audit_log').values({ org_id: orgId, actor, action: 'user.deactivate', subject_type: 'user',
      subject_id: String(user.id), detail: JSON.stringify('platform' in ref ? { platform: ref.platform } : {}) }).execute();
    const offer = await offerCasesOfLeaver(trx, orgId, user, now);
    return { status: 'deactivated' as const, userId: user.id, ...offer };
  });
}

/**
 * One owner_left reminder per manager of the person (the active managers of their region, else
 * all the org's active managers), once per departure; sent in the managers' working hours.
 */
export async function offerCasesOfLeaver(db: Db, orgId: number, user: { id: number; region: string | null }, at: Date): Promise<{ caseIds: number[]; offeredTo: number[] }> {
  const cases = await db.selectFrom('cases').select('id').where('org_id', '=', orgId).where('owner_user_id', '=', user.id)
    .where('status', '<>', 'closed').orderBy('id').execute();
  if (cases.length === 0) return { caseIds: [], offeredTo: [] };
  const managers = await db.selectFrom('users').select(['id', 'region']).where('org_id', '=', orgId)
    .where('role', '=', 'manager').where('active', '=', true).where('id', '<>', user.id).execute();
  const own = user.region ? managers.filter((m) => m.region === user.region) : [];
  const to = own.length > 0 ? own : managers;
  if (to.length === 0) return { caseIds: cases.map((c) => c.id), offeredTo: [] };
  const ids = await addReminders(db, orgId, to.map((m) => ({
    kind: 'owner_left' as const, userId: m.id, aboutUserId: user.id, at,
    dedupeKey: `owner_left:${user.id}:${at.getTime()}:${m.id}`,
  })));
  return { caseIds: cases.map((c) => c.id), offeredTo: ids.length ? to.map((m) => m.id) : [] };
}

/** Users an import just marked inactive (active=false) get the same treatment as a platform deactivation. */
export async function offerCasesOfImportedLeavers(db: Db, orgId: number, userIds: number[], at: Date): Promise<void> {
  if (userIds.length === 0) return;
  const users = await db.selectFrom('users').select(['id', 'region']).where('org_id', '=', orgId).where('id', 'in', userIds).execute();
  for (const u of users) await offerCasesOfLeaver(db, orgId, u, at);
}
