// One people directory for the adapters and the jobs: who a duebot user is on a platform (for
// mentions and direct messages), their language, and which org a Slack team or Lark tenant belongs
// to. Adapters and the chat layer ask here instead of querying (issue 8: they never query).
import { sql } from 'kysely';
import type { Db } from '../store/connection.js';
import { DEFAULT_LOCALE, type Locale } from '../domain/locale.js';

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

/** Where a person can get a direct message: each chat identity (any platform), in the person's language. */
export async function dmTargets(db: Db, orgId: number, userId: number): Promise<{ platform: string; externalUserId: string; locale: Locale }[]> {
  const rows = await db.selectFrom('chat_identities').innerJoin('users', 'users.id', 'chat_identities.user_id')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['chat_identities.platform', 'chat_identities.external_user_id', sql<string>`coalesce(users.locale, orgs.locale)`.as('locale')])
    .where('chat_identities.org_id', '=', orgId).where('chat_identities.user_id', '=', userId).execute();
  return rows.map((r) => ({ platform: r.platform, externalUserId: r.external_user_id, locale: r.locale as Locale }));
}

/** Where each person gets one direct message (a reminder): their first identity on a platform this worker reaches (Slack, then Lark), else the console by email (the demo). */
export async function dmRecipients(db: Db, orgId: number, userIds: number[], platforms: readonly string[]):
  Promise<Map<number, { platform: ChatPlatform | 'console'; externalUserId: string }>> {
  const out = new Map<number, { platform: ChatPlatform | 'console'; externalUserId: string }>();
  if (userIds.length === 0) return out;
  const ids = await db.selectFrom('chat_identities').select(['user_id', 'platform', 'external_user_id'])
    .where('org_id', '=', orgId).where('user_id', 'in', userIds).execute();
  for (const p of ['slack', 'lark'] as const) {
    if (!platforms.includes(p)) continue;
    for (const i of ids) if (i.platform === p && !out.has(i.user_id)) out.set(i.user_id, { platform: p, externalUserId: i.external_user_id });
  }
  if (platforms.includes('console')) {
    const users = await db.selectFrom('users').select(['id', 'email']).where('org_id', '=', orgId).where('id', 'in', userIds).execute();
    for (const u of users) if (!out.has(u.id)) out.set(u.id, { platform: 'console', externalUserId: u.email });
  }
  return out;
}

/** A person's language (their own, else the org's). */
export async function userLocale(db: Db, orgId: number, userId: number): Promise<Locale> {
  const r = await db.selectFrom('users').innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(sql<string>`coalesce(users.locale, orgs.locale)`.as('locale'))
    .where('users.org_id', '=', orgId).where('users.id', '=', userId).executeTakeFirst();
  return (r?.locale ?? DEFAULT_LOCALE) as Locale;
}

/** The case's owner now, if one is still active (someone who left owns nothing they can act on). */
export async function activeCaseOwner(db: Db, orgId: number, caseId: number): Promise<number | undefined> {
  const owner = await db.selectFrom('cases').innerJoin('users', 'users.id', 'cases.owner_user_id').select('users.id')
    .where('cases.org_id', '=', orgId).whereRef('users.org_id', '=', 'cases.org_id').where('cases.id', '=', caseId)
    .where('users.active', '=', true).executeTakeFirst();
  return owner?.id;
}

/** A person's email (the console knows people by it). */
export async function userEmail(db: Db, orgId: number, userId: number): Promise<string | undefined> {
  const u = await db.selectFrom('users').select(['email']).where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirst();
  return u?.email;
}
