// What duebot does with the Lark codes that are not plain failures, through the real port and
// SDK against the fake Open API: a card locked by a click is patched again shortly (230099 /
// 11310), a deleted card is posted again (230110), and a card refused for an unknown mention
// (230099 / 100290) goes again with the names in bold. Codes that end in a notice (232009, 230029,
// 230034, 230035, 230053) are sorted in test/unit/jobs/platform-error.test.ts and acted on in
// test/integration/jobs/delivery.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import type { Message } from '../../../src/chat/message.js';
import { alertMessage, cardText, sentCards, startLarkWorld, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;

beforeAll(async () => { w = await startLarkWorld(t.db); });
afterAll(async () => { await w?.close(); });

const alertOf = async (org: LarkOrg) => {
  const row = await t.db.selectFrom('chat_messages').selectAll().where('org_id', '=', org.orgId).where('kind', '=', 'alert').orderBy('id').executeTakeFirstOrThrow();
  return { row, view: await alertMessage(t.db, org.orgId, org.caseId, row.invoice_id, 'en-US') };
};
const refOf = (org: LarkOrg) => ({ platform: 'lark' as const, channelId: org.alert.chatId, messageId: org.alert.messageId });

describe('Lark error codes: what duebot does', () => {
  it('patches a card again shortly when a click has locked it (230099 / 11310), instead of dropping the update', async () => {
    const org = await w.newOrg();
    const { view } = await alertOf(org);
    w.fake.fail('patch', 230099, { times: 2, msg: 'Failed to create card content, ext=ErrCode: 11310; ErrMsg: card action is lock; ErrorValue: ; ' });
    const from = w.fake.calls.length;
    await w.adapter.port.update(refOf(org), view);
    const patches = w.fake.calls.slice(from).filter((c) => c.endpoint === 'patch');
    expect(patches).toHaveLength(3);
    expect(patches.every((p) => p.path.endsWith(org.alert.messageId))).toBe(true);
    expect(sentCards(w.fake.calls, { from })).toHaveLength(0);
    expect(w.fake.messages.get(org.alert.messageId)!.card).toEqual(patches[2]!.card);
  });

  it('posts a deleted card again (230110) and marks the old one superseded', async () => {
    const org = await w.newOrg();
    const { view } = await alertOf(org);
    w.fake.fail('patch', 230110, { msg: 'Action unavailable as the message has been deleted.' });
    const from = w.fake.calls.length;
    await w.adapter.port.update(refOf(org), view);
    const rows = await t.db.selectFrom('chat_messages').selectAll().where('org_id', '=', org.orgId).where('kind', '=', 'alert').orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.superseded_by).toBe(rows[1]!.id);
    const reposted = sentCards(w.fake.calls, { chatId: org.alert.chatId, from });
    expect(reposted).toHaveLength(1);
    expect(reposted[0]!.messageId).toBe(rows[1]!.message_id);
  });

  it('sends a card refused for an unknown mention (230099 / 100290) again, with the name in bold', async () => {
    const org = await w.newOrg();
    const message: Message = { blocks: [{ type: 'section', text: [{ text: 'Owner: ' }, { mention: { userId: org.sales.userId, name: 'Sales Person' } }] }], summary: 'Owner' };
    w.fake.fail('create', 230099, { msg: 'ErrCode: 100290; ErrMsg: there is an invalid user resource (at/person) in your card; ErrorValue: ou_***; ' });
    const from = w.fake.calls.length;
    const ref = await w.adapter.port.post(org.alert.chatId, message);
    const tries = sentCards(w.fake.calls, { chatId: org.alert.chatId, from });
    expect(tries).toHaveLength(2);
    expect(JSON.stringify(tries[0]!.card)).toContain(`<at id=${org.openId.sales}></at>`);
    expect(JSON.stringify(tries[1]!.card)).not.toContain('<at ');
    expect(cardText(tries[1]!.card)).toContain('**@Sales Person**');
    expect(ref.messageId).toBe(tries[1]!.messageId);
  });
});
