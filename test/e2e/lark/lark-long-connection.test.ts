// LARK_MODE=ws: events and card clicks arrive over the SDK's long connection (WSClient) instead of
// HTTP, and go through the same handlers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { cardActionEvent, messageEvent } from '../../support/lark-signing.js';
import { APP_ID, buttonValue, cardText, startLarkWorld, TOKEN, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;

beforeAll(async () => { w = await startLarkWorld(t.db, { mode: 'ws' }); });
afterAll(async () => { await w?.close(); });

describe('Lark long connection (LARK_MODE=ws)', () => {
  it('connects with the app credentials and answers a typed command', async () => {
    expect(w.fake.callsTo('ws_endpoint')[0]!.body.AppID).toBe(APP_ID);
    const org = await w.newOrg();
    const from = w.fake.calls.length;
    const answer = await w.fake.pushEvent(messageEvent({ token: TOKEN, tenantKey: org.tenantKey }, {
      // A manager: the digest is replied in the (internal) chat; a sales person's would go privately (issue 9).
      openId: org.openId.manager, chatId: org.alert.chatId, text: '@_user_1 digest',
      mentions: [{ key: '@_user_1', openId: w.fake.botOpenId, name: 'duebot' }],
    }));
    expect(answer.code).toBe(200);
    await w.adapter.settled();
    const replies = w.fake.calls.slice(from).filter((c) => c.endpoint === 'reply');
    expect(replies).toHaveLength(1);
    expect(cardText(replies[0]!.card)).toContain('Acme Trading');
  });

  it('answers a card click on the connection with the toast, and does a replay once', async () => {
    const org = await w.newOrg();
    const click = cardActionEvent({ token: TOKEN, tenantKey: org.tenantKey, eventId: `ws-claim-${org.orgId}` }, {
      openId: org.openId.sales, chatId: org.alert.chatId, messageId: org.alert.messageId,
      value: buttonValue(w.fake.messages.get(org.alert.messageId)!.card, 'claim'),
    });
    const answer = await w.fake.pushEvent(click);
    expect(answer.code).toBe(200);
    expect(answer.data.toast.type).toBe('success');
    await w.adapter.settled();
    const kase = await t.db.selectFrom('cases').select(['owner_user_id', 'version']).where('id', '=', org.caseId).executeTakeFirstOrThrow();
    expect(kase.owner_user_id).toBe(org.sales.userId);
    const again = await w.fake.pushEvent(click);
    expect(again.data).toEqual({});
    await w.adapter.settled();
    const after = await t.db.selectFrom('cases').select(['owner_user_id', 'version']).where('id', '=', org.caseId).executeTakeFirstOrThrow();
    expect(after).toEqual(kase);
  });
});
