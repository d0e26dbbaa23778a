// One people directory for the adapters: who a duebot user is on a platform (for mentions), and
// which org a Slack team or Lark tenant belongs to. Adapters ask here instead of querying
// (issue 8: adapters never import src/store).
import type { Db } from '../store/connection.js';

export type ChatPlatform = 'slack' | 'lark';

/**
 * duebot user id → their id on `platform` (Slack U…, Lark open_id), for the people a message
 * mentions. The identity and the user are always of the same org; with `workspaceId`, only people
 * of the org that workspace is linked to.
 */
export async function platformIds(db: Db, platform: ChatPlatform, userIds: number[], opts: { workspaceId?: string } = {}): Promise<Map<number, string>> {
  if (userIds.length === 0) return new Map();
  let q = db.selectFrom('chat_identities').innerJoin('users', 'users.id', 'chat_identities.user_id')
    .select(['chat_identities.user_id', 'chat_identities.external_user_id'])
    .whereRef('chat_identities.org_id', '=', 'users.org_id')
    .where('chat_identities.platform', '=', platform).where('chat_identities.user_id', 'in', userIds);
  if (opts.workspaceId !== undefined) {
    q = q.where('chat_identities.org_id', '=', (eb) => eb.selectFrom('workspaces').select('org_id')
      .where('workspaces.platform', '=', platform).where('workspaces.external_id', '=', opts.workspaceId!));
  }
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.user_id, r.external_user_id]));
}

/** The org a Slack team or Lark tenant is linked to, or undefined (the chat layer refuses unlinked ones). */
export async function orgOfWorkspace(db: Db, platform: ChatPlatform, externalId: string): Promise<number | undefined> {
  const row = await db.selectFrom('workspaces').select('org_id')
    .where('platform', '=', platform).where('external_id', '=', externalId).executeTakeFirst();
  return row?.org_id;
}
