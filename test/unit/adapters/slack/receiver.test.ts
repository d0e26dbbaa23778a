import { describe, expect, it } from 'vitest';
import { parseSlackBody, verifySlackSignature } from '../../../../adapters/slack/receiver.js';
import { slackSignature } from '../../../support/slack-signing.js';

const secret = 'test-secret';
const body = Buffer.from('command=%2Far&text=claim+ACME');
const now = Date.UTC(2026, 4, 6, 9, 0, 0);
const nowSec = Math.floor(now / 1000);
const check = (over: Partial<Parameters<typeof verifySlackSignature>[0]>) => verifySlackSignature({
  signingSecret: secret, timestamp: String(nowSec), signature: slackSignature(secret, nowSec, body), body, nowMs: now, ...over,
});

describe('verifySlackSignature', () => {
  it('accepts a request signed with the secret at the current time', () => {
    expect(check({})).toBeNull();
  });

  it('refuses a signature made with another secret', () => {
    expect(check({ signature: slackSignature('other', nowSec, body) })).toBe('signature mismatch');
  });

  it('refuses a body changed after signing', () => {
    expect(check({ body: Buffer.from('command=%2Far&text=claim+EVIL') })).toBe('signature mismatch');
  });

  it('refuses a missing signature or timestamp', () => {
    expect(check({ signature: undefined })).not.toBeNull();
    expect(check({ timestamp: undefined })).not.toBeNull();
    expect(check({ timestamp: 'yesterday' })).not.toBeNull();
    expect(check({ signature: 'v1=abc' })).not.toBeNull();
  });

  it('refuses a timestamp 6 minutes old and one 6 minutes ahead, both correctly signed', () => {
    for (const ts of [nowSec - 360, nowSec + 360]) {
      expect(check({ timestamp: String(ts), signature: slackSignature(secret, ts, body) })).toBe('timestamp outside the 5-minute window');
    }
  });

  it('accepts timestamps up to 5 minutes off in either direction', () => {
    for (const ts of [nowSec - 300, nowSec + 300]) {
      expect(check({ timestamp: String(ts), signature: slackSignature(secret, ts, body) })).toBeNull();
    }
  });

  it('refuses everything when no signing secret is configured', () => {
    expect(check({ signingSecret: '' })).not.toBeNull();
  });
});

describe('parseSlackBody', () => {
  it('reads a slash command as form fields', () => {
    expect(parseSlackBody(body, 'application/x-www-form-urlencoded')).toMatchObject({ command: '/ar', text: 'claim ACME' });
  });

  it('reads interactivity from the payload field', () => {
    const b = Buffer.from(new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', actions: [] }) }).toString());
    expect(parseSlackBody(b, 'application/x-www-form-urlencoded; charset=utf-8')).toEqual({ type: 'block_actions', actions: [] });
  });

  it('reads events as JSON', () => {
    expect(parseSlackBody(Buffer.from('{"type":"url_verification","challenge":"c"}'), 'application/json')).toEqual({ type: 'url_verification', challenge: 'c' });
  });

  it('returns null for broken JSON, arrays and unknown content types', () => {
    expect(parseSlackBody(Buffer.from('{'), 'application/json')).toBeNull();
    expect(parseSlackBody(Buffer.from('[1]'), 'application/json')).toBeNull();
    expect(parseSlackBody(Buffer.from('payload=%7B'), 'application/x-www-form-urlencoded')).toBeNull();
    expect(parseSlackBody(Buffer.from('x'), 'text/plain')).toBeNull();
  });
});
