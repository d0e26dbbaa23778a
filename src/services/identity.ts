// Who is acting: a chat user (Slack / Lark) or a console user, mapped to a duebot user of one org.
import { DuebotError } from '../errors.js';
import type { Db } from '../store/connection.js';
import type { Platform, Role, User } from '../store/schema.js';

import type { Locale } from '../domain/locale.js';
export type { Locale };

/** The person behind a command: every service authorises by `role` and filters by `orgId`. */
export interface Actor {
  orgId: number;
  userId: number;
  role: Role;
  name: string;
  email: string;
  locale: Locale;
}

/**
 * A chat account as its platform describes it (Slack users.info / user_change, Lark contact API),
 * for linking it to a duebot user by email (issue 9, item 7).
 */
export interface ChatProfile {
  email?: string | undefined;
  /** The platform vouches the person controls the address (Slack `is_email_confirmed`; Lark: the tenant's directory). */
  emailConfirmed: boolean;
  /** A guest account (Slack `is_restricted` / `is_ultra_restricted`): it sees only some channels and is not staff. */
  guest: boolean;
  /** Deleted, deactivated, resigned or frozen. */
  inactive: boolean;
  /** The team or tenant the account belongs to (Slack `user.team_id`, Lark the sender's tenant_key). */
  workspaceId: string | undefined;
}

/** Why a profile's email does not link the account. */
export type LinkRefusal = 'no_email' | 'email_unconfirmed' | 'guest' | 'inactive' | 'other_workspace';

/**
 * A chat account is linked by its email only when the email is confirmed, the account is staff
 * (no guest), alive, and belongs to the linked team or tenant itself — else anyone who can set an
 * unconfirmed address on a guest or Slack Connect account would act as that duebot user.
 */
export function linkRefusal(profile: ChatProfile, workspaceId: string): LinkRefusal | null {
  if (!profile.email?.trim()) return 'no_email';
  if (profile.inactive) return 'inactive';
  if (profile.workspaceId !== workspaceId) return 'other_workspace';
  if (profile.guest) return 'guest';
  if (!profile.emailConfirmed) return 'email_unconfirmed';
  return null;
}

export interface ChatUserRef {
  platform: Platform;
  /** Slack team id or Lark tenant key. */
  workspaceId: string;
  /** Slack user id or Lark open_id. */
  externalUserId: string;
  /** The adapter's profile lookup (Slack users.info, Lark contact API); called only when the user is not linked yet. */
  lookupProfile?: () => Promise<ChatProfile | undefined>;
}

function toActor(user: User, orgLocale: Locale): Actor {
  return { orgId: user.org_id, userId: user.id, role: user.role, name: user.name, email: user.email, locale: user.locale ?? orgLocale };
}

function refuseInactive(user: User): void {
  if (!user.active) throw new DuebotError('unknown_user', `user ${user.id} is deactivated`, { reason: 'inactive' });
}

/**
 * Maps a chat user to an Actor: the workspace must be linked to an org; the user is found by chat
 * identity, else by the platform's email matched case-insensitively in that org when the profile
 * may be linked by email (linkRefusal), and linked then, so the next call needs no lookup.
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
  const profile = await ref.lookupProfile?.();
  const refused = profile ? linkRefusal(profile, ref.workspaceId) : 'no_email';
  if (refused) {
    throw new DuebotError('unknown_user', `${ref.platform} user ${ref.externalUserId} may not be linked by email (${refused})`,
      { platform: ref.platform, reason: refused });
  }
  const user = await userByEmail(db, org.id, profile!.email!.trim());
  if (!user) {
    throw new DuebotError('unknown_user', `${ref.platform} user ${ref.externalUserId} is not a duebot user of this org`,
      { platform: ref.platform, emailFound: true });
  }
  refuseInactive(user);
  // A user already linked to another account of this platform keeps that link (an admin re-links).
  await db.insertInto('chat_identities')
    .values({ org_id: org.id, user_id: user.id, platform: ref.platform, external_user_id: ref.externalUserId, linked_by: 'email' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return toActor(user, org.locale);
}

export async function userByEmail(db: Db, orgId: number, email: string): Promise<User | undefined> {
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
