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
