// Issue 9, item 4 (Lark): who may publish money figures where. A report or digest is replied in
// the chat only for a supervisor and only in a chat with no one from another tenant (im/v1/chats:
// `external`); anyone else, an external chat, and a chat Lark will not describe get it by direct
// message; the person's own p2p chat with the bot is private already. `subscribe digest|kpi` in an
// external chat is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { cardText, sentCards, startLarkWorld, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;
let org: LarkOrg;

beforeAll(async () => {
  w = await startLarkWorld(t.db);
  org = await w.newOrg();
});
afterAll(async () => { await w?.close(); });

/** What the bot sent since `from`: replies in the chat, and direct messages to the asker. */
function sentSince(from: number, who: keyof LarkOrg['openId']) {
  const calls = w.fake.calls.slice(from);
  return {
    replies: calls.filter((c) => c.endpoint === 'reply'),
    dms: sentCards(calls, { chatId: org.openId[who] }),
    lookups: calls.filter((c) => c.endpoint === 'chat').map((c) => c.path.split('/').pop()),
  };
}

describe('Lark: money figures', () => {
  // Each test speaks in its own chat: the adapter remembers a chat's kind for five minutes
  // (adapters/lark/chats.ts), so a chat another test used first would not be looked up again.
  it('replies a manager\'s digest in an internal group chat', async () => {
    const from = w.fake.calls.length;
    await w.say(org, 'manager', 'digest', { chatId: 'oc_internal_digest' });
    const s = sentSince(from, 'manager');
    expect(s.replies).toHaveLength(1);
    expect(s.dms).toHaveLength(0);
    expect(s.lookups).toEqual(['oc_internal_digest']);
    expect(cardText(s.replies[0]!.card)).toContain('Acme Trading');
  });

  it('sends a sales person\'s report to them by direct message, saying why', async () => {
    const from = w.fake.calls.length;
    await w.say(org, 'sales', 'report aging', { chatId: 'oc_internal_report' });
    const s = sentSince(from, 'sales');
    expect(s.replies).toHaveLength(0);
    expect(s.dms).toHaveLength(1);
    expect(cardText(s.dms[0]!.card)).toContain('reports and digests are posted to a channel by managers, finance or admins.');
  });

  it('keeps a manager\'s KPI report out of an external chat', async () => {
    w.fake.setChat('oc_with_customer', { external: true });
    const from = w.fake.calls.length;
    await w.say(org, 'manager', 'report kpi', { chatId: 'oc_with_customer' });
    const s = sentSince(from, 'manager');
    expect(s.replies).toHaveLength(0);
    expect(s.dms).toHaveLength(1);
    expect(cardText(s.dms[0]!.card)).toContain('shared with another organisation');
  });

  it('answers privately when Lark will not describe the chat', async () => {
    w.fake.setChat('oc_unknown', { code: 232011 });
    const from = w.fake.calls.length;
    await w.say(org, 'admin', 'report provision', { chatId: 'oc_unknown' });
    const s = sentSince(from, 'admin');
    expect(s.replies).toHaveLength(0);
    expect(s.dms).toHaveLength(1);
    expect(cardText(s.dms[0]!.card)).toContain('could not check who can read this conversation');
  });

  it('answers in the person\'s own p2p chat with the bot without asking Lark', async () => {
    const from = w.fake.calls.length;
    await w.say(org, 'sales', 'digest', { chatType: 'p2p', chatId: `oc_p2p_${org.openId.sales}` });
    const s = sentSince(from, 'sales');
    expect(s.replies).toHaveLength(1);
    expect(s.lookups).toEqual([]);
    expect(cardText(s.replies[0]!.card)).not.toContain('Only you see this');
  });

  it('refuses subscribe digest and kpi in an external chat and stores nothing', async () => {
    w.fake.setChat('oc_ext_sub', { external: true });
    for (const kind of ['digest', 'kpi']) await w.say(org, 'manager', `subscribe ${kind}`, { chatId: 'oc_ext_sub' });
    const rows = await t.db.selectFrom('channel_subscriptions').select('kind').where('org_id', '=', org.orgId)
      .where('channel_id', '=', 'oc_ext_sub').execute();
    expect(rows).toEqual([]);
    await w.say(org, 'manager', 'subscribe kpi', { chatId: 'oc_internal' });
    const ok = await t.db.selectFrom('channel_subscriptions').select('kind').where('org_id', '=', org.orgId)
      .where('channel_id', '=', 'oc_internal').execute();
    expect(ok.map((r) => r.kind)).toEqual(['kpi']);
  });
});
