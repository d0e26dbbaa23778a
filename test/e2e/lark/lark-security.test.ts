// Every request to /lark/events is verified before anything runs: a bad signature, a wrong token, an
// old timestamp or an unencrypted body gets 401 and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { cardActionEvent, challengeEvent, larkRequest, messageEvent, postLarkEvent } from '../../support/lark-signing.js';
import { businessState, buttonValue, ENCRYPT_KEY, startLarkWorld, TOKEN, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;
let org: LarkOrg;

beforeAll(async () => {
  w = await startLarkWorld(t.db);
  org = await w.newOrg();
});
afterAll(async () => { await w?.close(); });

const claimClick = (token = TOKEN) => cardActionEvent({ token, tenantKey: org.tenantKey }, {
  openId: org.openId.sales, chatId: org.alert.chatId, messageId: org.alert.messageId,
  value: buttonValue(w.fake.messages.get(org.alert.messageId)!.card, 'claim'),
});

/** Sends, expects 401, and checks that nothing changed: no rows, no call to Lark. */
async function refused(send: () => Promise<{ status: number }>) {
  const before = await businessState(t.db, org.orgId);
  const receipts = await t.db.selectFrom('action_receipts').select('key').where('org_id', '=', org.orgId).execute();
  const calls = w.fake.calls.length;
  const r = await send();
  await w.adapter.settled();
  expect(r.status).toBe(401);
  expect(await businessState(t.db, org.orgId)).toEqual(before);
  expect(await t.db.selectFrom('action_receipts').select('key').where('org_id', '=', org.orgId).execute()).toEqual(receipts);
  expect(w.fake.calls.length).toBe(calls);
}

describe('Lark: request verification at /lark/events', () => {
  it('answers the url_verification challenge after checking its token', async () => {
    const ok = await w.send(challengeEvent(TOKEN, 'challenge-123'), { unsigned: true });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ challenge: 'challenge-123' });
    const bad = await w.send(challengeEvent('wrong-token', 'challenge-123'), { unsigned: true });
    expect(bad.status).toBe(401);
    expect(bad.text).not.toContain('challenge-123');
  });

  it('refuses a bad signature', async () => {
    await refused(() => w.send(claimClick(), { signingKey: 'not-the-encrypt-key' }));
  });

  it('refuses a body changed after signing', async () => {
    const req = larkRequest(claimClick(), { encryptKey: ENCRYPT_KEY });
    await refused(() => fetch(w.url, { method: 'POST', headers: req.headers, body: `${req.body} ` }));
  });

  it('refuses a wrong verification token, even correctly encrypted and signed', async () => {
    await refused(() => w.send(claimClick('stolen-or-old-token')));
    await refused(() => w.send(messageEvent({ token: 'nope', tenantKey: org.tenantKey }, { openId: org.openId.sales, chatId: org.alert.chatId, text: '@_user_1 claim C100' })));
  });

  it('refuses a timestamp more than five minutes old, or ahead', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused(() => w.send(claimClick(), { timestamp: now - 6 * 60 }));
    await refused(() => w.send(claimClick(), { timestamp: now + 6 * 60 }));
  });

  it('refuses an unsigned event and an unencrypted one', async () => {
    await refused(() => w.send(claimClick(), { unsigned: true }));
    await refused(() => postLarkEvent(w.url, claimClick()));
  });

  it('accepts the same click when it is signed right (the refusals above changed nothing)', async () => {
    const r = await w.send(claimClick());
    expect(r.status).toBe(200);
    expect(r.json.toast.type).toBe('success');
    const kase = await t.db.selectFrom('cases').select('owner_user_id').where('id', '=', org.caseId).executeTakeFirstOrThrow();
    expect(kase.owner_user_id).toBe(org.sales.userId);
  });
});
