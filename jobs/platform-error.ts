// The one error a ChatPort throws when a platform refuses a call, sorted the way delivery needs:
// rate_limited waits and retries, transient retries with backoff, permanent is recorded with its
// reason, shown to an admin once and never retried. Adapters (Slack, Lark) map their wire errors
// here; anything else a port throws counts as transient (a network error, a timeout).

export type PlatformErrorCode = 'rate_limited' | 'transient' | 'permanent';

/** Stable reasons for permanent failures (what the admin is told, what `duebot jobs failed` shows). */
export type PermanentReason =
  | 'token_revoked' | 'channel_archived' | 'channel_not_found' | 'not_in_channel'
  | 'user_not_found' | 'message_not_found' | 'message_too_old' | 'invalid_message' | (string & {});

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

/**
 * Lark (Feishu) open API: `{ code, msg }`. 99991400 is the app-level frequency limit, with
 * `x-ogw-ratelimit-reset` (seconds until the window resets); HTTP 429 likewise. 230020 is the
 * per-chat message frequency limit.
 */
export function larkPlatformError(a: { status: number; code?: number; msg?: string; headers?: Record<string, string | undefined> }): PlatformError {
  const reset = a.headers?.['x-ogw-ratelimit-reset'];
  if (a.code === 99991400 || (a.status === 429 && a.code !== 230020)) {
    return new PlatformError('rate_limited', 'app_rate_limited', retryAfterMs(reset) ?? 1000, a.msg);
  }
  if (a.code === 230020) return new PlatformError('rate_limited', 'ratelimited', retryAfterMs(reset) ?? 1000, a.msg);
  const permanent: Record<number, PermanentReason> = {
    230002: 'not_in_channel',      // the bot is not in the chat
    230006: 'bot_not_enabled',     // the app's bot ability is off
    230013: 'user_not_found',      // the user is outside the app's availability
    232009: 'channel_archived',    // the chat was disbanded
    99991672: 'token_revoked',     // the app lost the scope
    99991679: 'token_revoked',
  };
  const reason = a.code !== undefined ? permanent[a.code] : undefined;
  if (reason) return new PlatformError('permanent', reason, undefined, a.msg);
  return new PlatformError('transient', a.code !== undefined ? `lark_${a.code}` : `http_${a.status}`, undefined, a.msg);
}
