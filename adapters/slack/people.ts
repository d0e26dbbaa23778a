// Who is who between Slack and duebot: a person's email from users.info (to link them the first
// time), and the Slack ids of the duebot users a message mentions. Both are caches at most:
// the database (chat_identities) decides, these only save round trips.
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Db } from '../../src/services/database.js';
import { platformIds } from '../../src/services/people.js';
import type { MentionIds } from './mrkdwn.js';

const EMAIL_TTL_MS = 10 * 60_000;
const NO_EMAIL_TTL_MS = 60_000;
const MAX_ENTRIES = 5000;

/** users.info (needs users:read.email), remembered for a few minutes per user. */
export function createEmailLookup(client: webApi.WebClient, log: Logger, now: () => number = Date.now) {
  const cache = new Map<string, { email: string | undefined; until: number }>();
  return async (userId: string): Promise<string | undefined> => {
    const hit = cache.get(userId);
    if (hit && hit.until > now()) return hit.email;
    try {
      const res = await client.users.info({ user: userId });
      const email = res.user?.profile?.email?.trim() || undefined;
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(userId, { email, until: now() + (email ? EMAIL_TTL_MS : NO_EMAIL_TTL_MS) });
      return email;
    } catch (e) {
      log.warn({ err: errorSummary(e), slackUser: userId }, 'slack users.info failed: is the users:read.email scope granted?');
      return undefined;
    }
  };
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
