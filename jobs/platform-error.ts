// The one error a ChatPort throws when a platform refuses a call, sorted the way delivery needs:
// rate_limited waits and retries, transient retries with backoff, permanent is recorded with its
// reason, shown to an admin once and never retried. Adapters (Slack, Lark) map their wire errors
// here; anything else a port throws counts as transient (a network error, a timeout).

export type PlatformErrorCode = 'rate_limited' | 'transient' | 'permanent';

/** Stable reasons for permanent failures (what the admin is told, what `duebot jobs failed` shows). */
export type PermanentReason =
  | 'token_revoked' | 'channel_archived' | 'channel_not_found' | 'not_in_channel'
  | 'user_not_found' | 'message_not_found' | 'message_too_old' | 'invalid_message'
  | 'chat_dissolved' | 'user_resigned' | 'recipient_unavailable' | 'user_blocked_bot' | 'no_send_permission'
  | 'message_deleted' | 'unknown_mention' | (string & {});

export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  constructor(
    readonly code: PlatformErrorCode,
    /** A short machine-readable reason: Slack's `error` string, Lark's code, 'http_503'… */
    readonly reason: string,
    /** rate_limited: how long the platform asked us to wait (Retry-After, x-ogw-ratelimit-reset). */
    readonly retryAfterMs?: number,
    message?: string,
  ) {
    super(message ?? `${code}: ${reason}`);
  }
}

export const isPlatformError = (e: unknown): e is PlatformError =>
  e instanceof PlatformError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'PlatformError'
    && typeof (e as { code?: unknown }).code === 'string');

/** Sorts anything a port threw: PlatformError as it says, anything else transient. */
export function classifyError(e: unknown): PlatformError {
  if (isPlatformError(e)) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new PlatformError('transient', 'error', undefined, msg);
}

/** Parses an HTTP Retry-After header (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

// ---------------------------------------------------------------------------------------------
// Wire facts, for the adapters: how a platform's answer maps to a PlatformError. Anything not
// listed is transient, and transient failures stop after the delivery's attempts (8), so an
// unknown error is never retried forever.

const SLACK_PERMANENT = new Set([
  'invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'missing_scope',
  'team_access_not_granted', 'channel_not_found', 'is_archived', 'not_in_channel', 'user_not_found', 'user_disabled',
  'cannot_dm_bot', 'msg_too_long', 'invalid_blocks', 'no_text', 'message_not_found', 'cant_update_message',
  'edit_window_closed', 'restricted_action',
]);

/** Slack Web API: HTTP 429 + Retry-After (seconds), or `{ ok: false, error }`. */
export function slackPlatformError(a: { status: number; error?: string; retryAfter?: string | null }): PlatformError {
  if (a.status === 429 || a.error === 'ratelimited' || a.error === 'rate_limited') {
    return new PlatformError('rate_limited', 'ratelimited', retryAfterMs(a.retryAfter) ?? 1000);
  }
  if (a.error && SLACK_PERMANENT.has(a.error)) return new PlatformError('permanent', a.error);
  return new PlatformError('transient', a.error ?? `http_${a.status}`);
}

// Lark (Feishu) Open API: `{ code, msg }`, and for a refused card (230099) a sub-code inside `msg`
// ("Failed to create card content, ext=ErrCode: 11310; ErrMsg: card action is lock; …"). From
// the error tables of "发送消息 / Send message", "回复消息 / Reply" and "更新应用发送的消息卡片 /
// Update a card" (https://open.feishu.cn/document/server-docs/im-v1/message/create, …/reply,
// …/patch) and the card JSON 2.0 error codes (https://open.feishu.cn/document/uAjLw4CM/
// ukzMukzMukzM/feishu-cards/card-json-v2-structure). Each rule says what duebot does about it.

/** What a Lark code means for delivery, and the stable reason recorded with it. */
interface LarkRule { code: PlatformErrorCode; reason: PermanentReason; retryAfterMs?: number }

/** Lark's app-level frequency limit (HTTP 429, sometimes 400), with `x-ogw-ratelimit-reset`. */
export const LARK_APP_RATE_LIMITED = 99991400;
/** A chat's message frequency limit (5 messages/s per chat, shared by the bots in it). */
export const LARK_CHAT_RATE_LIMITED = 230020;
/** 230099: the card was refused; the sub-code in `msg` says why. */
export const LARK_CARD_REFUSED = 230099;

export const LARK_CODES: Readonly<Record<number, LarkRule>> = {
  230001: { code: 'permanent', reason: 'invalid_message' },        // invalid request parameter
  230002: { code: 'permanent', reason: 'not_in_channel' },         // the bot is not in the chat
  230006: { code: 'permanent', reason: 'not_configured' },         // bot ability not enabled / app not published
  230011: { code: 'permanent', reason: 'message_not_found' },      // the message was recalled: re-posted by the port
  230013: { code: 'permanent', reason: 'user_not_found' },         // the person is outside the app's availability
  230025: { code: 'permanent', reason: 'invalid_message' },        // the card is over 30 KB
  230027: { code: 'permanent', reason: 'missing_permission' },     // a scope is missing
  // The person has resigned (离职): nobody reads it; the case owner and the admins are told.
  230029: { code: 'permanent', reason: 'user_resigned' },
  // The receiver cannot receive it (left the tenant / the chat): the case owner and the admins are told.
  230034: { code: 'permanent', reason: 'recipient_unavailable' },
  // The chat does not let the bot post (posting restricted to owner and admins): the admins are told.
  230035: { code: 'permanent', reason: 'no_send_permission' },
  230031: { code: 'permanent', reason: 'message_too_old' },        // 14-day update window: re-posted by the port
  // The person turned the bot's messages off: the case owner and the admins are told.
  230053: { code: 'permanent', reason: 'user_blocked_bot' },
  230110: { code: 'permanent', reason: 'message_deleted' },        // deleted: an update re-posts it (port)
  232009: { code: 'permanent', reason: 'chat_dissolved' },         // the chat was disbanded: its subscriptions end
  99991672: { code: 'permanent', reason: 'missing_permission' },   // the app lacks the API's scope
  99991679: { code: 'permanent', reason: 'token_revoked' },
};

/** 230099 sub-codes (`ErrCode: N` in msg). Any other sub-code: the card JSON was refused. */
export const LARK_CARD_SUBCODES: Readonly<Record<number, LarkRule>> = {
  // "card action is lock": the card is being updated by a click's callback for a moment; the
  // update that follows a button is retried shortly instead of being dropped.
  11310: { code: 'transient', reason: 'card_locked', retryAfterMs: 500 },
  // "there is an invalid user resource (at/person) in your card": the port sends the card again
  // with the names in bold instead of mentions.
  100290: { code: 'permanent', reason: 'unknown_mention' },
};

/** The card sub-code Lark puts in `msg` ("…ErrCode: 11310; ErrMsg: …"). */
export function larkSubCode(msg: string | undefined): number | undefined {
  const m = /ErrCode:\s*(\d+)/.exec(msg ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Reasons that mean the person a message was for will not read it (their case owner is told). */
export const RECIPIENT_GONE: ReadonlySet<string> = new Set(['user_resigned', 'recipient_unavailable', 'user_blocked_bot', 'user_not_found']);
/** Reasons that mean the chat is gone for good (its subscriptions end). */
export const CHAT_GONE: ReadonlySet<string> = new Set(['chat_dissolved']);

/** Lark's answer (HTTP status, body code and msg, rate-limit headers) as a PlatformError. */
export function larkPlatformError(a: { status: number; code?: number; msg?: string; headers?: Record<string, unknown> }): PlatformError {
  const reset = Number(a.headers?.['x-ogw-ratelimit-reset']);
  const waitMs = Number.isFinite(reset) && reset > 0 ? Math.ceil(reset * 1000) : 1000;
  if (a.code === LARK_CHAT_RATE_LIMITED) return new PlatformError('rate_limited', 'channel_rate_limited', waitMs, a.msg);
  if (a.code === LARK_APP_RATE_LIMITED || a.status === 429) return new PlatformError('rate_limited', 'app_rate_limited', waitMs, a.msg);
  if (a.code === LARK_CARD_REFUSED) {
    const sub = larkSubCode(a.msg);
    const rule = sub !== undefined ? LARK_CARD_SUBCODES[sub] : undefined;
    return new PlatformError(rule?.code ?? 'permanent', rule?.reason ?? 'invalid_message', rule?.retryAfterMs, a.msg);
  }
  const rule = a.code !== undefined ? LARK_CODES[a.code] : undefined;
  if (rule) return new PlatformError(rule.code, rule.reason, rule.retryAfterMs, a.msg);
  return new PlatformError('transient', a.code !== undefined ? `lark_${a.code}` : `http_${a.status}`, undefined, a.msg);
}
