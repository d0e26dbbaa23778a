import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as lark from '@larksuiteoapi/node-sdk';
import { decryptLarkPayload, larkSignature, safeEqual, SIGNATURE_WINDOW_MS, verifyLarkRequest } from '../../../../adapters/lark/verify.js';
import { challengeEvent, encryptLarkPayload, larkRequest, messageEvent } from '../../../support/lark-signing.js';

const KEY = 'enc-key-123';
const TOKEN = 'verif-token';
const secrets = { encryptKey: KEY, verificationToken: TOKEN };
const now = new Date('2025-03-01T08:00:00Z');
const nowSec = Math.floor(now.getTime() / 1000);
const event = () => messageEvent({ token: TOKEN, tenantKey: 'tk' }, { openId: 'ou_a', chatId: 'oc_1', text: '/ar digest' });

function check(payload: unknown, opts: Parameters<typeof larkRequest>[1] = {}, s: Parameters<typeof verifyLarkRequest>[2] = secrets) {
  const req = larkRequest(payload, { encryptKey: KEY, timestamp: nowSec, ...opts });
  return verifyLarkRequest(req.headers, Buffer.from(req.body), s, now);
}

describe('Lark request verification', () => {
  it('decrypts the published vector: "test key" gives "hello world"', () => {
    expect(decryptLarkPayload('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).toBe('hello world');
  });

  it('decrypts as the Lark SDK\'s own AESCipher does (an independent implementation; Lark publishes no signature vector)', () => {
    const sdk = new lark.AESCipher('test key');
    const sample = encryptLarkPayload({ event: { text: '华东机电 <at id=all>' } }, 'test key');
    expect(decryptLarkPayload(sample, 'test key')).toBe(sdk.decrypt(sample));
    expect(sdk.decrypt('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
  });

  it('decrypts what the test signer encrypts', () => {
    expect(JSON.parse(decryptLarkPayload(encryptLarkPayload({ a: '华东机电' }, KEY), KEY))).toEqual({ a: '华东机电' });
  });

  it('signs as hex SHA-256 of timestamp + nonce + key + body', () => {
    const expected = createHash('sha256').update('1700000000nonce-1k{"a":1}').digest('hex');
    expect(larkSignature('1700000000', 'nonce-1', 'k', Buffer.from('{"a":1}'))).toBe(expected);
    expect(larkSignature('1700000000', 'nonce-1', 'k', '{"a":1}')).toBe(expected);
  });

  it('accepts an encrypted, signed event with the right token and returns the decrypted payload', () => {
    const e = event();
    const r = check(e);
    expect(r).toEqual({ ok: true, payload: e });
  });

  it('refuses a bad signature', () => {
    expect(check(event(), { signingKey: 'someone-else' })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('checks the signature over the raw bytes, not re-serialised JSON', () => {
    const req = larkRequest(event(), { encryptKey: KEY, timestamp: nowSec });
    const spaced = Buffer.from(req.body.replace('{', '{ '));
    expect(JSON.parse(spaced.toString())).toEqual(JSON.parse(req.body));
    expect(verifyLarkRequest(req.headers, spaced, secrets, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a timestamp outside five minutes, in either direction', () => {
    const past = nowSec - SIGNATURE_WINDOW_MS / 1000 - 5;
    const future = nowSec + SIGNATURE_WINDOW_MS / 1000 + 5;
    expect(check(event(), { timestamp: past })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(event(), { timestamp: future })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(event(), { timestamp: nowSec - 240 }).ok).toBe(true);
  });

  it('refuses an event without signature headers', () => {
    expect(check(event(), { unsigned: true })).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('refuses a wrong token in a v2 header, in a v1 event and in a card action', () => {
    const wrong = messageEvent({ token: 'nope', tenantKey: 'tk' }, { openId: 'ou_a', chatId: 'oc_1', text: 'x' });
    expect(check(wrong)).toEqual({ ok: false, reason: 'bad_token' });
    expect(check({ uuid: 'u1', token: 'nope', ts: '1', type: 'event_callback', event: { type: 'message' } })).toEqual({ ok: false, reason: 'bad_token' });
    expect(check({ uuid: 'u1', ts: '1', type: 'event_callback', event: { type: 'message' } })).toEqual({ ok: false, reason: 'bad_token' });
    expect(check({ uuid: 'u1', token: TOKEN, ts: '1', type: 'event_callback', event: { type: 'message' } }).ok).toBe(true);
  });

  it('refuses a plain body when an encrypt key is configured, and garbage that does not decrypt', () => {
    const req = larkRequest(event(), { timestamp: nowSec });
    expect(verifyLarkRequest(req.headers, Buffer.from(req.body), secrets, now)).toEqual({ ok: false, reason: 'not_encrypted' });
    expect(check({ x: 1 })).toEqual({ ok: false, reason: 'bad_token' });
    const bad = larkRequest(event(), { encryptKey: 'other-key', timestamp: nowSec });
    expect(verifyLarkRequest(bad.headers, Buffer.from(bad.body), secrets, now)).toMatchObject({ ok: false });
    expect(verifyLarkRequest({}, Buffer.from('not json'), secrets, now)).toEqual({ ok: false, reason: 'bad_json' });
  });

  it('answers the url_verification challenge unsigned, after the token check', () => {
    const c = challengeEvent(TOKEN, 'abc');
    expect(check(c, { unsigned: true })).toEqual({ ok: true, payload: c, challenge: 'abc' });
    expect(check(challengeEvent('wrong', 'abc'), { unsigned: true })).toEqual({ ok: false, reason: 'bad_token' });
    // Signed anyway: the signature must then be right.
    expect(check(c, { signingKey: 'forged' })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('with no secret configured, refuses everything, even a well-formed card click (issue 9, 1)', () => {
    const click = larkRequest(event());
    expect(verifyLarkRequest(click.headers, Buffer.from(click.body), {}, now)).toEqual({ ok: false, reason: 'no_secret' });
    const enc = larkRequest(event(), { encryptKey: KEY, timestamp: nowSec });
    expect(verifyLarkRequest(enc.headers, Buffer.from(enc.body), {}, now)).toEqual({ ok: false, reason: 'no_secret' });
  });

  it('with the verification token alone (no signature, no time window), refuses everything (issue 9, 2)', () => {
    const plain = { verificationToken: TOKEN };
    const replayable = larkRequest(event());
    expect(verifyLarkRequest(replayable.headers, Buffer.from(replayable.body), plain, now)).toEqual({ ok: false, reason: 'no_secret' });
    const challenge = larkRequest(challengeEvent(TOKEN, 'abc'));
    expect(verifyLarkRequest(challenge.headers, Buffer.from(challenge.body), plain, now)).toEqual({ ok: false, reason: 'no_secret' });
  });

  it('compares secrets exactly', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});
