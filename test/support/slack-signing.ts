// Signs a request body exactly as Slack does (https://api.slack.com/authentication/verifying-requests-from-slack):
// X-Slack-Signature = 'v0=' + hex(HMAC-SHA256(signing secret, `v0:${timestamp}:${raw body}`)).
import { createHmac } from 'node:crypto';

export function slackSignature(secret: string, timestamp: number | string, body: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}

/** The headers Slack sends with a signed request; `timestamp` defaults to now (seconds). */
export function signedHeaders(secret: string, body: string, opts: { timestamp?: number; contentType?: string; retryNum?: number } = {}): Record<string, string> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, body),
  };
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return headers;
}

/** A slash command body as Slack posts it (application/x-www-form-urlencoded). */
export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** An interactivity body as Slack posts it: `payload=<url-encoded JSON>`. */
export function interactiveBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Posts a signed body to `url` and returns the response status, body text and time to answer. */
export async function postSigned(url: string, secret: string, body: string,
  opts: { timestamp?: number; contentType?: string; retryNum?: number; headers?: Record<string, string> } = {}):
  Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', body, headers: { ...signedHeaders(secret, body, opts), ...opts.headers } });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}
