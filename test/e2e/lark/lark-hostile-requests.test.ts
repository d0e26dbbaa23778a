// Issue 9, part 2, hostile requests on Lark (beside lark-security.test.ts, which shows each bad
// signature answered 401): forged, stale and future-dated, oversized, of the wrong content type,
// replayed, from another tenant or naming another tenant's people, and a card value naming another
// org's case. Each is refused, changes nothing in either org (the database is read back), and is in
// the log with its reason. Mirrors test/e2e/slack/hostile-requests.test.ts.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { testDatabase } from '../../support/db.js';
import { cardActionEvent, larkRequest, messageEvent } from '../../support/lark-signing.js';
import { businessState, buttonValue, ENCRYPT_KEY, startLarkWorld, TOKEN, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;
let org: LarkOrg;
/** Another org, linked to another Lark tenant, with its own case and alert card. */
let other: LarkOrg;
const lines: Record<string, any>[] = [];
const log = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } }));

beforeAll(async () => {
  w = await startLarkWorld(t.db, { log });
  org = await w.newOrg();
  other = await w.newOrg();
});
afterAll(async () => { await w?.close(); });

const card = (o: LarkOrg) => w.fake.messages.get(o.alert.messageId)!.card;

/** A claim click on `o`'s alert card (`org`'s unless told) by its sales person (override any part). */
function claimClick(over: { tenantKey?: string; openId?: string; value?: unknown; operatorTenant?: string } = {}, o: LarkOrg = org) {
  const e = cardActionEvent({ token: TOKEN, tenantKey: over.tenantKey ?? o.tenantKey }, {
    openId: over.openId ?? o.openId.sales, chatId: o.alert.chatId, messageId: o.alert.messageId,
    value: over.value ?? buttonValue(card(o), 'claim'),
  });
  if (over.operatorTenant) (e.event.operator as { tenant_key: string }).tenant_key = over.operatorTenant;
  return e;
}

/** Each of `orgs`' business tables and receipts. */
async function state(orgs: LarkOrg[]) {
  const receipts = async (orgId: number) => (await t.db.selectFrom('action_receipts').select('key').where('org_id', '=', orgId)
    .where('key', 'not like', 'lark-event:%').orderBy('key').execute()).map((r) => r.key);
  const each = [];
  for (const o of orgs) each.push({ business: await businessState(t.db, o.orgId), receipts: await receipts(o.orgId) });
  return each;
}

/** Runs `send`, waits for the work after the answer, and shows that no org changed. */
async function nothingChanged<T>(send: () => Promise<T>, orgs: LarkOrg[] = [org, other]): Promise<{ answer: T; logged: Record<string, any>[] }> {
  const before = await state(orgs);
  const from = lines.length;
  const answer = await send();
  await w.adapter.settled();
  await w.deliveries.settled();
  expect(await state(orgs)).toEqual(before);
  return { answer, logged: lines.slice(from) };
}

const refusedWith = (reason: string) => expect.objectContaining({ reason, msg: 'lark request refused' });

describe('hostile requests on Lark', () => {
  it('refuses a forged signature with 401 and logs why', async () => {
    const calls = w.fake.calls.length;
    const { answer, logged } = await nothingChanged(() => w.send(claimClick(), { signingKey: 'guessed-key' }));
    expect(answer.status).toBe(401);
    expect(logged).toContainEqual(refusedWith('bad_signature'));
    expect(w.fake.calls.length).toBe(calls);
  });

  it('refuses a stale timestamp and a future-dated one with 401 and logs why', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 10 * 60, now + 10 * 60]) {
      const { answer, logged } = await nothingChanged(() => w.send(claimClick(), { timestamp }));
      expect(answer.status).toBe(401);
      expect(logged).toContainEqual(refusedWith('stale_timestamp'));
    }
  });

  it('refuses an oversized body with 413 and logs why', async () => {
    const big = messageEvent({ token: TOKEN, tenantKey: org.tenantKey }, {
      openId: org.openId.sales, chatId: org.alert.chatId, text: `@_user_1 log C100 note ${'x'.repeat(2 * 1024 * 1024)}` });
    const req = larkRequest(big, { encryptKey: ENCRYPT_KEY });
    const { answer, logged } = await nothingChanged(() => fetch(w.url, { method: 'POST', headers: req.headers, body: req.body })
      // The server answers 413 and stops reading: the sender sees the 413 or the connection cut.
      .then((r) => r.status, (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message));
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(answer);
    expect(logged).toContainEqual(expect.objectContaining({ reason: 'body_too_large' }));
  });

  it('refuses a correctly signed body of the wrong content type with 415 and logs why', async () => {
    const req = larkRequest(claimClick(), { encryptKey: ENCRYPT_KEY });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const { answer, logged } = await nothingChanged(() => fetch(w.url, { method: 'POST', headers: { ...req.headers, 'content-type': contentType }, body: req.body }));
      expect(answer.status).toBe(415);
      expect(logged).toContainEqual(expect.objectContaining({ reason: 'wrong_content_type', contentType }));
    }
  });

  it('refuses a click from a tenant linked to no org, naming another org\'s manager and case', async () => {
    const { answer, logged } = await nothingChanged(() => w.send(claimClick({ tenantKey: 'tk_stranger', openId: other.openId.manager,
      value: buttonValue(card(other), 'claim') })));
    expect(answer.status).toBe(200);
    expect(answer.json.toast?.type).toBe('error');
    expect(logged).toContainEqual(expect.objectContaining({ code: 'unlinked_workspace', msg: 'chat request refused', platform: 'lark' }));
  });

  it('refuses a click in our tenant by another tenant\'s person (their open_id, their tenant_key)', async () => {
    // Another org's manager, as an external member of our chat: the open_id is theirs, not one of ours.
    const { answer, logged } = await nothingChanged(() => w.send(claimClick({ openId: other.openId.manager, operatorTenant: other.tenantKey })));
    expect(answer.status).toBe(200);
    expect(answer.json.toast?.type).toBe('error');
    expect(logged).toContainEqual(expect.objectContaining({ code: 'unknown_user', msg: 'chat request refused', platform: 'lark' }));
  });

  it('refuses a command in our tenant naming another tenant\'s person as the new owner', async () => {
    w.fake.seedMessage({ id: 'om_assign_foreign', chatId: org.alert.chatId });
    const { answer, logged } = await nothingChanged(() => w.send(messageEvent({ token: TOKEN, tenantKey: org.tenantKey }, {
      messageId: 'om_assign_foreign', openId: org.openId.manager, chatId: org.alert.chatId, text: '@_user_1 assign C100 @_user_2',
      mentions: [{ key: '@_user_1', openId: w.fake.botOpenId, name: 'duebot' }, { key: '@_user_2', openId: other.openId.sales, name: 'them' }] })));
    expect(answer.status).toBe(200);
    expect(logged).toContainEqual(expect.objectContaining({ code: 'unknown_user', msg: 'chat request refused', platform: 'lark' }));
  });

  it('refuses a card value naming another org\'s case, and changes neither org', async () => {
    const { answer, logged } = await nothingChanged(() => w.send(claimClick({ value: buttonValue(card(other), 'claim') })));
    expect(answer.status).toBe(200);
    expect(answer.json.toast?.type).toBe('error');
    expect(logged).toContainEqual(expect.objectContaining({ code: 'forbidden', reason: 'other_org', platform: 'lark' }));
  });

  it('does a replayed request (the same signed bytes again, within the window) once, and logs the replay', async () => {
    // Its own org: the claim it does takes the Claim button off the card the other tests click (issue 14).
    const own = await w.newOrg();
    const req = larkRequest(claimClick({}, own), { encryptKey: ENCRYPT_KEY });
    const post = async () => {
      const r = await fetch(w.url, { method: 'POST', headers: req.headers, body: req.body });
      await w.adapter.settled();
      await w.deliveries.settled();
      return r.status;
    };
    expect(await post()).toBe(200);
    const kase = await t.db.selectFrom('cases').select('owner_user_id').where('id', '=', own.caseId).executeTakeFirstOrThrow();
    expect(kase.owner_user_id).toBe(own.sales.userId);
    const { answer, logged } = await nothingChanged(post, [own, org, other]);
    expect(answer).toBe(200);
    expect(logged).toContainEqual(expect.objectContaining({ reason: 'duplicate_event', msg: 'lark event seen before: ignored' }));
  });
});
