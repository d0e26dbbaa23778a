// Verifying what Lark posts to /lark/events, on the RAW bytes and before the SDK sees anything.
// The SDK's own check hashes re-serialised JSON (not the bytes Lark signed), compares with `===`,
// has no time window and skips the token when no encrypt key is set: we do all of it here.
//
// Wire facts (Lark "Event subscription" docs):
// - With an Encrypt Key, the body is `{"encrypt":"<base64>"}`: AES-256-CBC, key = SHA-256(encrypt key),
//   IV = the first 16 bytes of the decoded data, PKCS#7 padding.
// - With an Encrypt Key, requests carry X-Lark-Request-Timestamp (seconds), X-Lark-Request-Nonce and
//   X-Lark-Signature = hex(SHA-256(timestamp + nonce + encrypt key + raw body)).
// - The verification token is in `header.token` (schema 2.0 events and card.action.trigger) or
//   `token` (schema 1.0 events and the url_verification challenge).
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Lark's signature is valid for this long around our clock, in both directions. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

export interface LarkSecrets {
  verificationToken?: string;
  encryptKey?: string;
}

export type VerifyFailure =
  | 'bad_json' | 'not_encrypted' | 'cannot_decrypt' | 'missing_signature' | 'bad_signature'
  | 'stale_timestamp' | 'bad_token' | 'no_secret';

export type Verified =
  | { ok: true; payload: Record<string, any>; challenge?: string }
  | { ok: false; reason: VerifyFailure };

/** Decrypts an `encrypt` field. Throws on bad base64, padding or key. */
export function decryptLarkPayload(encrypt: string, encryptKey: string): string {
  const data = Buffer.from(encrypt, 'base64');
  if (data.length < 32 || data.length % 16 !== 0) throw new Error('encrypted payload has the wrong length');
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}

/** hex(SHA-256(timestamp + nonce + encrypt key + raw body)). */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer | string): string {
  return createHash('sha256').update(timestamp, 'utf8').update(nonce, 'utf8').update(encryptKey, 'utf8')
    .update(rawBody).digest('hex');
}

/** Equal strings, in time independent of where they differ (both sides hashed to a fixed length). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** The verification token an event carries: v2 `header.token`, else v1 / challenge `token`. */
export function eventToken(payload: Record<string, any>): string | undefined {
  const header = payload.header;
  if (header && typeof header === 'object' && typeof header.token === 'string') return header.token;
  return typeof payload.token === 'string' ? payload.token : undefined;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

function checkSignature(headers: IncomingHttpHeaders, rawBody: Buffer, encryptKey: string, now: Date): VerifyFailure | null {
  const timestamp = header(headers, 'x-lark-request-timestamp');
  const nonce = header(headers, 'x-lark-request-nonce');
  const signature = header(headers, 'x-lark-signature');
  if (!timestamp || nonce === undefined || !signature) return 'missing_signature';
  if (!/^\d{1,12}$/.test(timestamp)) return 'stale_timestamp';
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > SIGNATURE_WINDOW_MS) return 'stale_timestamp';
  const expected = larkSignature(timestamp, nonce, encryptKey, rawBody);
  return safeEqual(expected, signature.toLowerCase()) ? null : 'bad_signature';
}

/**
 * Checks one request to /lark/events: decryption, signature with a 5-minute window, verification
 * token. Only a url_verification challenge may come without signature headers (Lark does not sign
 * it); it still needs the right token, and decrypting it proves the encrypt key.
 */
export function verifyLarkRequest(headers: IncomingHttpHeaders, rawBody: Buffer, secrets: LarkSecrets, now: Date): Verified {
  // With no secret anything would pass (a forged card click naming a manager's open_id could approve
  // a write-off), and the verification token alone is a static string with no signature and no
  // time window, replayable forever: without the encrypt key nothing is accepted.
  if (!secrets.encryptKey) return { ok: false, reason: 'no_secret' };
  let outer: unknown;
  try {
    outer = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, reason: 'bad_json' };
  }
  if (!outer || typeof outer !== 'object' || Array.isArray(outer)) return { ok: false, reason: 'bad_json' };
  let payload = outer as Record<string, any>;

  if (typeof payload.encrypt !== 'string') return { ok: false, reason: 'not_encrypted' };
  try {
    const inner: unknown = JSON.parse(decryptLarkPayload(payload.encrypt, secrets.encryptKey));
    if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return { ok: false, reason: 'cannot_decrypt' };
    payload = inner as Record<string, any>;
  } catch {
    return { ok: false, reason: 'cannot_decrypt' };
  }
  const isChallenge = payload.type === 'url_verification';
  const signed = header(headers, 'x-lark-signature') !== undefined;
  if (!isChallenge || signed) {
    const failure = checkSignature(headers, rawBody, secrets.encryptKey, now);
    if (failure) return { ok: false, reason: failure };
  }

  if (secrets.verificationToken) {
    const token = eventToken(payload);
    if (token === undefined || !safeEqual(token, secrets.verificationToken)) return { ok: false, reason: 'bad_token' };
  }

  if (payload.type === 'url_verification') {
    if (typeof payload.challenge !== 'string') return { ok: false, reason: 'bad_json' };
    return { ok: true, payload, challenge: payload.challenge };
  }
  return { ok: true, payload };
}
