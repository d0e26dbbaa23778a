// Who is who between Slack and duebot: a person's profile from users.info (to link them by email
// the first time: the service decides whether the profile may be linked), and the Slack ids of
// the duebot users a message mentions. Both are caches at most: the database (chat_identities)
// decides, these only save round trips.
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Db } from '../../src/services/database.js';
import type { ChatProfile } from '../../src/services/identity.js';
import { platformIds } from '../../src/services/people.js';
import type { MentionIds } from './mrkdwn.js';

const EMAIL_TTL_MS = 10 * 60_000;
const NO_EMAIL_TTL_MS = 60_000;
const MAX_ENTRIES = 5000;

/** Slack's user object (users.info, the user_change event) as far as linking by email goes. */
export interface SlackUser {
  id?: string; team_id?: string; deleted?: boolean; is_restricted?: boolean; is_ultra_restricted?: boolean;
  is_email_confirmed?: boolean; profile?: { email?: string };
}

/** The facts the identity service links by (https://api.slack.com/types/user). */
export function slackProfile(user: SlackUser): ChatProfile {
  return {
    email: user.profile?.email?.trim() || undefined,
    emailConfirmed: user.is_email_confirmed === true,
    guest: Boolean(user.is_restricted || user.is_ultra_restricted),
    inactive: Boolean(user.deleted),
    workspaceId: user.team_id,
  };
}

export interface ProfileLookup {
  /** users.info (needs users:read.email), remembered for a few minutes per user. */
  (userId: string): Promise<ChatProfile | undefined>;
  /** The profile changed (user_change): ask again next time. */
  forget(userId: string): void;
}

export function createProfileLookup(client: webApi.WebClient, log: Logger, now: () => number = Date.now): ProfileLookup {
  const cache = new Map<string, { profile: ChatProfile; until: number }>();
  const lookup = async (userId: string): Promise<ChatProfile | undefined> => {
    const hit = cache.get(userId);
    if (hit && hit.until > now()) return hit.profile;
    try {
      const res = await client.users.info({ user: userId });
      const profile = slackProfile((res.user ?? {}) as SlackUser);
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(userId, { profile, until: now() + (profile.email ? EMAIL_TTL_MS : NO_EMAIL_TTL_MS) });
      return profile;
    } catch (e) {
      log.warn({ err: errorSummary(e), slackUser: userId }, 'slack users.info failed: is the users:read.email scope granted?');
      return undefined;
    }
  };
  return Object.assign(lookup, { forget: (userId: string) => { cache.delete(userId); } });
}

/**
 * Slack ids of duebot users, from chat_identities, scoped to the org of `teamId` (the workspace
 * link). Without a database, or for an unlinked team, nobody is mentioned by id (names are shown).
 */
export function createMentionLookup(db: Db | undefined, log: Logger) {
  return async (teamId: string | undefined, userIds: number[]): Promise<MentionIds> => {
    if (!db || !teamId || userIds.length === 0) return new Map();
    try {
      return await platformIds(db, 'slack', userIds, { workspaceId: teamId });
    } catch (e) {
      log.warn({ err: errorSummary(e) }, 'slack mention lookup failed: names shown instead');
      return new Map();
    }
  };
}

/** An error for the log without request bodies or tokens. */
export function errorSummary(e: unknown): { message: string; code?: string; slackError?: string } {
  if (!(e instanceof Error)) return { message: String(e) };
  if (e.name === 'PlatformError') return { message: e.message, code: (e as Error & { code?: string }).code ?? 'platform' };
  const coded = e as Error & { code?: string; data?: { error?: string } };
  return { message: e.message, ...(coded.code ? { code: coded.code } : {}), ...(coded.data?.error ? { slackError: coded.data.error } : {}) };
}
