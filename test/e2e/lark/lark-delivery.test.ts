// What Lark's limits do to delivery: the rate limit (code 99991400), the 3-second answer to a
// card click, and the 14 days a card can be patched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { alertMessage, buttonValue, cardText, sentCards, startLarkWorld, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;
let slow: LarkWorld;

beforeAll(async () => {
  w = await startLarkWorld(t.db);
  // A world whose chat layer never answers a click in time: everything goes the late way.
  slow = await startLarkWorld(t.db, { cardAnswerMs: 0 });
});
afterAll(async () => { await w?.close(); await slow?.close(); });

const alertCardOf = (org: LarkOrg) => w.fake.messages.get(org.alert.messageId)!.versions[0]!;
const alertRow = (org: LarkOrg) => t.db.selectFrom('chat_messages').selectAll().where('org_id', '=', org.orgId)
  .where('kind', '=', 'alert').orderBy('id').execute();

describe('Lark: delivery within the platform\'s limits', () => {
  it('retries a reply once after the time Lark\'s rate limit asks for', async () => {
    const org = await w.newOrg();
    w.fake.rateLimit('reply', { resetSec: 1, status: 429 });
    const from = w.fake.calls.length;
    const started = Date.now();
    const r = await w.say(org, 'manager', 'digest');
    expect(r.status).toBe(200);
    const replies = w.fake.calls.slice(from).filter((c) => c.endpoint === 'reply');
    expect(replies).toHaveLength(2);
    expect(replies[1]!.at - replies[0]!.at).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(cardText(replies[1]!.card)).toContain('Acme Trading');
  });

  it('answers a slow click with "working on it" and delivers the result afterwards', async () => {
    const org = await slow.newOrg();
    const from = slow.fake.calls.length;
    const r = await slow.click(org, 'sales', org.alert, buttonValue(slow.fake.messages.get(org.alert.messageId)!.card, 'claim'));
    expect(r.status).toBe(200);
    expect(r.json.toast.content).toBe('Working on it: the result follows in a moment.');
    expect(r.ms).toBeLessThan(3000);
    const kase = await t.db.selectFrom('cases').select('owner_user_id').where('id', '=', org.caseId).executeTakeFirstOrThrow();
    expect(kase.owner_user_id).toBe(org.sales.userId);
    // The confirmation the toast would have carried goes to the clicker directly.
    const dms = sentCards(slow.fake.calls, { chatId: org.openId.sales, from });
    expect(dms).toHaveLength(1);
    expect(cardText(dms[0]!.card)).toContain('Acme Trading');
  });

  it('re-posts an alert Lark refuses to patch (older than 14 days) and marks the old one superseded', async () => {
    const org = await w.newOrg();
    w.fake.expire(org.alert.messageId);
    const from = w.fake.calls.length;
    await w.click(org, 'sales', org.alert, buttonValue(w.fake.messages.get(org.alert.messageId)!.card, 'claim'));
    const rows = await alertRow(org);
    expect(rows).toHaveLength(2);
    const [old, fresh] = rows;
    expect(old!.superseded_by).toBe(fresh!.id);
    expect(fresh!.superseded_by).toBeNull();
    expect(fresh!.channel_id).toBe(org.alert.chatId);
    const reposted = sentCards(w.fake.calls, { chatId: org.alert.chatId, from });
    expect(reposted).toHaveLength(1);
    expect(reposted[0]!.messageId).toBe(fresh!.message_id);
    expect(buttonValue(reposted[0]!.card, 'claim')).toBeUndefined();
    expect(fresh!.updatable_until!.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);

    // The next update goes to the new card; the old one is left alone.
    const before = w.fake.calls.length;
    await w.say(org, 'sales', 'log C100 call reached Called again');
    const patched = w.fake.calls.slice(before).filter((c) => c.endpoint === 'patch').map((c) => c.path.split('/').pop());
    expect(patched).toEqual([fresh!.message_id]);
  });

  it('makes one new card when two updates of the same too-old alert race', async () => {
    const org = await w.newOrg();
    w.fake.expire(org.alert.messageId);
    const row = (await alertRow(org))[0]!;
    const view = await alertMessage(t.db, org.orgId, org.caseId, row.invoice_id, 'en-US');
    const ref = { platform: 'lark' as const, channelId: org.alert.chatId, messageId: org.alert.messageId };
    const from = w.fake.calls.length;
    await Promise.all([w.adapter.port.update(ref, view), w.adapter.port.update(ref, view)]);
    const rows = await alertRow(org);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.superseded_by).toBe(rows[1]!.id);
    expect(sentCards(w.fake.calls, { chatId: org.alert.chatId, from })).toHaveLength(1);
    const patchedNew = w.fake.calls.slice(from).filter((c) => c.endpoint === 'patch' && c.path.endsWith(rows[1]!.message_id));
    expect(patchedNew).toHaveLength(1);
  });

  it('re-posts before the window closes, and marks the old card as moved while Lark still allows it', async () => {
    const org = await w.newOrg();
    await t.db.updateTable('chat_messages').set({ updatable_until: new Date(Date.now() + 10 * 60_000) })
      .where('org_id', '=', org.orgId).where('message_id', '=', org.alert.messageId).execute();
    const from = w.fake.calls.length;
    await w.click(org, 'sales', org.alert, buttonValue(w.fake.messages.get(org.alert.messageId)!.card, 'claim'));
    const rows = await alertRow(org);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.superseded_by).toBe(rows[1]!.id);
    const oldPatches = w.fake.calls.slice(from).filter((c) => c.endpoint === 'patch' && c.path.endsWith(org.alert.messageId));
    expect(oldPatches).toHaveLength(1);
    const moved = oldPatches[0]!.card!;
    expect(moved.header.template).toBe('grey');
    expect(moved.config.locales).toEqual(['en_us', 'zh_cn']);
    expect(buttonValue(moved, 'claim')).toBeUndefined();
  });

  it('posts one card in both languages when given both renderings of a view', async () => {
    const org = await w.newOrg();
    const row = (await alertRow(org))[0]!;
    const ref = await w.adapter.port.post(org.alert.chatId, await alertMessage(t.db, org.orgId, org.caseId, row.invoice_id, 'zh-CN'), {
      locale: 'zh-CN', alternates: { 'en-US': await alertMessage(t.db, org.orgId, org.caseId, row.invoice_id, 'en-US') },
    });
    const card = w.fake.messages.get(ref.messageId)!.card!;
    expect(card.config.locales).toEqual(['zh_cn', 'en_us']);
    expect(card.header.title.i18n_content.zh_cn).toContain('Acme Trading');
    expect(card.header.title.i18n_content.en_us).toContain('Acme Trading');
    expect(card.header.title.i18n_content.zh_cn).not.toBe(card.header.title.i18n_content.en_us);
    expect(buttonValue(card, 'claim')).toEqual(buttonValue(alertCardOf(org), 'claim'));
  });
});
