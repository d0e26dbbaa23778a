// Who is acting: a chat user (Slack / Lark) or a console user, mapped to a duebot user of one org.
import { DuebotError } from '../errors.js';
import type { Db } from '../store/connection.js';
import type { Platform, Role, User } from '../store/schema.js';

export type Locale = 'zh-CN' | 'en-US';

/** The person behind a command: every service authorises by `role` and filters by `orgId`. */
export interface Actor {
  orgId: number;
  userId: number;
  role: Role;
  name: string;
  email: string;
  locale: Locale;
}

export interface ChatUserRef {
  platform: Platform;
  /** Slack team id or Lark tenant key. */
  workspaceId: string;
  /** Slack user id or Lark open_id. */
  externalUserId: string;
  /** The adapter's email lookup (Slack users.info, Lark contact API); called only when the user is not linked yet. */
  lookupEmail?: () => Promise<string | undefined>;
}

function toActor(user: User, orgLocale: Locale): Actor {
  return { orgId: user.org_id, userId: user.id, role: user.role, name: user.name, email: user.email, locale: user.locale ?? orgLocale };
}

function refuseInactive(user: User): void {
  if (!user.active) throw new DuebotError('unknown_user', `user ${user.id} is deactivated`, { reason: 'inactive' });
}

/**
 * Maps a chat user to an Actor: the workspace must be linked to an org; the user is found by chat
 * identity, else by the platform's email matched case-insensitively in that org (and linked then,
 * so the next call needs no lookup).
 */
export async function resolveActor(db: Db, ref: ChatUserRef): Promise<Actor> {
  const org = await db.selectFrom('workspaces').innerJoin('orgs', 'orgs.id', 'workspaces.org_id')
    .select(['orgs.id', 'orgs.locale'])
    .where('workspaces.platform', '=', ref.platform).where('workspaces.external_id', '=', ref.workspaceId)
    .executeTakeFirst();
  if (!org) {
    throw new DuebotError('unlinked_workspace',
      `${ref.platform} workspace ${ref.workspaceId} is not linked: run \`duebot workspace link ${ref.platform} ${ref.workspaceId} --org <slug>\``,
      { platform: ref.platform });
  }
  const linked = await db.selectFrom('chat_identities').innerJoin('users', 'users.id', 'chat_identities.user_id')
    .selectAll('users')
    .where('chat_identities.org_id', '=', org.id).where('chat_identities.platform', '=', ref.platform)
    .where('chat_identities.external_user_id', '=', ref.externalUserId)
    .executeTakeFirst();
  if (linked) {
    refuseInactive(linked);
    return toActor(linked, org.locale);
  }
  const email = (await ref.lookupEmail?.())?.trim();
  const user = email ? await userByEmail(db, org.id, email) : undefined;
  if (!user) {
    throw new DuebotError('unknown_user', `${ref.platform} user ${ref.externalUserId} is not a duebot user of this org`,
      { platform: ref.platform, emailFound: Boolean(email) });
  }
  refuseInactive(user);
  // A user already linked to another account of this platform keeps that link (an admin re-links).
  await db.insertInto('chat_identities')
    .values({ org_id: org.id, user_id: user.id, platform: ref.platform, external_user_id: ref.externalUserId })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return toActor(user, org.locale);
}

async function userByEmail(db: Db, orgId: number, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll()
    .where('org_id', '=', orgId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

async function orgLocale(db: Db, orgId: number): Promise<Locale> {
  const org = await db.selectFrom('orgs').select('locale').where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new DuebotError('not_found', `no org with id ${orgId}`);
  return org.locale;
}

/** The console adapter and the CLI name people by email. */
export async function actorByEmail(db: Db, orgId: number, email: string): Promise<Actor> {
  const user = await userByEmail(db, orgId, email.trim());
  if (!user) throw new DuebotError('unknown_user', `no user with that email in org ${orgId}`);
  refuseInactive(user);
  return toActor(user, await orgLocale(db, orgId));
}

/** Jobs act on behalf of a stored user id (a reminder's recipient, an escalation's requester). */
export async function actorById(db: Db, orgId: number, userId: number): Promise<Actor> {
  const user = await db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new DuebotError('unknown_user', `no user ${userId} in org ${orgId}`);
  refuseInactive(user);
  return toActor(user, await orgLocale(db, orgId));
}

/** `/ar lang zh|en`: the user's own language; returns the updated Actor. */
export async function setUserLocale(db: Db, actor: Actor, locale: Locale): Promise<Actor> {
  if (locale !== 'zh-CN' && locale !== 'en-US') throw new DuebotError('invalid', `locale must be zh-CN or en-US`, { field: 'locale' });
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ locale, updated_at: new Date() })
      .where('org_id', '=', actor.orgId).where('id', '=', actor.userId).execute();
    await trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
      action: 'user.locale', subject_type: 'user', subject_id: String(actor.userId), detail: JSON.stringify({ locale }) }).execute();
  });
  return { ...actor, locale };
}
