// What every command handler gets: who is asking, in which org, on which day, in which language —
// and the small helpers that turn a service result into a ChatResponse.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { DuebotError, isDuebotError } from '../errors.js';
import { isDatabaseUnavailable } from '../services/database-unavailable.js';
import { dateIn } from '../domain/calendar.js';
import { getOrg, getOrgById } from '../services/orgs.js';
import { actorByEmail, resolveActor, type Actor } from '../services/identity.js';
import type { CaseSummary, CommandOptions, UserRef as ServiceUserRef } from '../services/cases/index.js';
import type { Db } from '../store/connection.js';
import type { Org } from '../store/schema.js';
import type { ChatRequest, ChatResponse } from './request.js';
import type { CommandResult } from './command.js';
import type { Locale, Message } from './message.js';
import type { UserRef } from './grammar.js';
import { errorView } from './views/error.js';
import { confirmationView, type Confirmation } from './views/confirmation.js';

export interface ChatContext {
  db: Db;
  log: Logger;
  actor: Actor;
  org: Org;
  locale: Locale;
  /** The org's today (its time zone). */
  today: string;
  /** The chat layer's clock when the request came (tests control it). */
  now: Date;
  req: ChatRequest;
  /** Options every case command takes: the idempotency key, the org's today, the card a button sat on. */
  opts: CommandOptions & { today: string };
  /** SMTP_REPLY_TO, when set (ChatDeps.replyTo). */
  replyTo: string | null;
}

/** Who is asking, resolved from the platform identity (console: the org's slug and an email). */
export async function createContext(deps: { db: Db; log: Logger; replyTo?: string | null }, req: ChatRequest, now: Date): Promise<ChatContext> {
  const { db } = deps;
  let actor: Actor;
  if (req.platform === 'console') {
    // The console runs on the operator's machine: the workspace is the org's slug.
    const org = await getOrg(db, req.workspaceId);
    actor = await actorByEmail(db, org.id, req.externalUserId);
  } else {
    actor = await resolveActor(db, { platform: req.platform, workspaceId: req.workspaceId, externalUserId: req.externalUserId,
      lookupProfile: req.lookupProfile });
  }
  const org = await getOrgById(db, actor.orgId);
  const today = dateIn(org.timezone, now);
  return { db, log: deps.log, actor, org, locale: actor.locale, today, now, req, opts: { idempotencyKey: req.idempotencyKey, today, now },
    replyTo: deps.replyTo ?? null };
}

/**
 * The one way a refusal or failure comes back (issue 8): a coded DuebotError is 'refused', anything
 * else 'failed' (logged with a reference); either way a short ephemeral answer in `locale`.
 */
export function failed(log: Logger, e: unknown, locale: Locale, req: ChatRequest): ChatResponse {
  return { outcome: isDuebotError(e) ? 'refused' : 'failed', locale, reply: failure(log, e, locale, req), changedCaseIds: [] };
}

/** The reply of `failed`: a refusal or a failure as a short ephemeral message. */
export function failure(log: Logger, e: unknown, locale: Locale, req: ChatRequest): Message {
  if (isDuebotError(e)) {
    const detail = e.detail as { matches?: { code: string; name: string }[]; missing?: never[]; subject?: string; reason?: string };
    log.info({ code: e.code, reason: detail.reason ?? null, platform: req.platform }, 'chat request refused');
    return { ...errorView({ code: e.code, subject: detail.subject ?? null, matches: detail.matches, missing: detail.missing,
      reason: typeof detail.reason === 'string' ? detail.reason : null }, locale), ephemeral: true };
  }
  const ref = randomBytes(4).toString('hex');
  if (isDatabaseUnavailable(e)) {
    // PostgreSQL is down or restarting: nothing was changed, and a retry will work (issue 9).
    log.warn({ ref, platform: req.platform, err: (e as Error)?.message }, 'chat request: the database is unavailable');
    return { ...errorView({ code: 'unavailable', ref }, locale), ephemeral: true, errorRef: ref };
  }
  log.error({ err: e, ref, platform: req.platform }, 'chat request failed');
  return { ...errorView({ code: 'internal', ref }, locale), ephemeral: true, errorRef: ref };
}

export const ephemeral = (m: Message): Message => ({ ...m, ephemeral: true });

/** An ephemeral confirmation in the asker's language. */
export const confirm = (c: Confirmation, ctx: ChatContext): Message => ephemeral(confirmationView(c, ctx.locale));

/** A reply that changed nothing (no case messages to bring up to date). */
export const answer = (reply: Message): CommandResult => ({ reply, changedCaseIds: [] });

/** A refusal a handler answers with its own view (missing evidence, an out-of-date card): nothing changed. */
export const refused = (reply: Message, extra: Pick<CommandResult, 'replaceSource'> = {}): CommandResult =>
  ({ outcome: 'refused', reply: ephemeral(reply), ...extra, changedCaseIds: [] });

/** A reply, and the cases whose messages must be brought up to date. */
export const changed = (reply: Message, ...cases: (CaseSummary | undefined)[]): CommandResult =>
  ({ reply, changedCaseIds: cases.filter((c): c is CaseSummary => !!c).map((c) => c.id) });

/** A person named in a command, as the services know people. */
export function userRef(ref: UserRef, req: ChatRequest): ServiceUserRef {
  if (ref.kind === 'email') return { email: ref.email };
  if (ref.kind === 'slack') return { platform: 'slack', externalUserId: ref.id };
  const openId = req.mentions?.[ref.key];
  if (!openId) throw new DuebotError('not_found', `unknown mention ${ref.key}`, { subject: ref.key });
  return { platform: 'lark', externalUserId: openId };
}
