// The bot in Lark, end to end: signed and encrypted events over HTTP, the real router, services and
// PostgreSQL, the real SDK against the fake Open API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { menuEvent } from '../../support/lark-signing.js';
import { businessState, buttonValue, cardText, nodes, sentCards, startLarkWorld, TOKEN, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;

beforeAll(async () => { w = await startLarkWorld(t.db); });
afterAll(async () => { await w?.close(); });

const alertCard = (org: LarkOrg) => w.fake.messages.get(org.alert.messageId)!.card!;
const caseRow = (org: LarkOrg) => t.db.selectFrom('cases').selectAll().where('org_id', '=', org.orgId).where('id', '=', org.caseId).executeTakeFirstOrThrow();

/** Three written contacts with answers and the managers' channel subscribed: the case may go to legal. */
async function readyForEscalation(org: LarkOrg): Promise<string> {
  await w.say(org, 'sales', 'claim C100');
  await w.say(org, 'sales', 'log C100 email reached Sent the statement, they confirmed receipt');
  await w.say(org, 'sales', 'log C100 letter refused Formal reminder letter, they refuse to pay');
  await w.say(org, 'sales', 'log C100 sms no_answer Final notice by SMS');
  const managers = `oc_managers_${org.orgId}`;
  const sub = await w.say(org, 'manager', 'subscribe escalations', { chatId: managers });
  expect(sub.status).toBe(200);
  return managers;
}

describe('Lark: commands typed to the bot', () => {
  it('acknowledges at once and answers "@duebot digest" with a digest card quoting the command', async () => {
    const org = await w.newOrg();
    const from = w.fake.calls.length;
    const r = await w.say(org, 'manager', 'digest');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({});
    expect(r.ms).toBeLessThan(1000);
    const replies = w.fake.calls.slice(from).filter((c) => c.endpoint === 'reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body.msg_type).toBe('interactive');
    expect(replies[0]!.card!.schema).toBe('2.0');
    expect(cardText(replies[0]!.card)).toContain('Acme Trading');
  });

  it('answers a direct message without an @mention, and links a new person by their contact email', async () => {
    const org = await w.newOrg();
    const from = w.fake.calls.length;
    const r = await w.say(org, 'finance', '/ar mine', { chatType: 'p2p', chatId: `oc_dm_finance_${org.orgId}` });
    expect(r.status).toBe(200);
    expect(w.fake.calls.slice(from).some((c) => c.endpoint === 'user' && c.path.endsWith(org.openId.finance))).toBe(true);
    const linked = await t.db.selectFrom('chat_identities').select('user_id').where('org_id', '=', org.orgId)
      .where('platform', '=', 'lark').where('external_user_id', '=', org.openId.finance).executeTakeFirst();
    expect(linked?.user_id).toBe(org.finance.userId);
    expect(sentCards(w.fake.calls, { from })).toHaveLength(1);
  });

  it('refuses an unlinked tenant and an unknown person, by direct message, changing nothing', async () => {
    const org = await w.newOrg();
    const before = await businessState(t.db, org.orgId);
    const from = w.fake.calls.length;
    await w.say({ ...org, tenantKey: 'tk_never_linked' }, 'sales', 'claim C100');
    await w.say({ ...org, openId: { ...org.openId, sales2: 'ou_stranger' } }, 'sales2', 'claim C100');
    expect(await businessState(t.db, org.orgId)).toEqual(before);
    const answers = sentCards(w.fake.calls, { from });
    expect(answers.map((c) => c.body.receive_id)).toEqual([org.openId.sales, 'ou_stranger']);
    expect(answers.every((c) => c.query.receive_id_type === 'open_id')).toBe(true);
  });

  it('ignores group messages that do not @mention the bot', async () => {
    const org = await w.newOrg();
    const from = w.fake.calls.length;
    const { messageEvent } = await import('../../support/lark-signing.js');
    const r = await w.send(messageEvent({ token: TOKEN, tenantKey: org.tenantKey }, { openId: org.openId.sales, chatId: org.alert.chatId, text: 'claim C100' }));
    expect(r.status).toBe(200);
    expect(sentCards(w.fake.calls, { from })).toHaveLength(0);
    expect((await caseRow(org)).owner_user_id).toBeNull();
  });

  it('assigns to the person @mentioned after the command', async () => {
    const org = await w.newOrg();
    await w.say(org, 'manager', 'assign C100 @_user_2', { mentions: [{ key: '@_user_2', openId: org.openId.sales2, name: 'Sue Sales' }] });
    expect((await caseRow(org)).owner_user_id).toBe(org.sales2.userId);
  });

  it('runs digest from the bot menu and answers by direct message', async () => {
    const org = await w.newOrg();
    const from = w.fake.calls.length;
    const r = await w.send(menuEvent({ token: TOKEN, tenantKey: org.tenantKey }, { openId: org.openId.manager, eventKey: 'digest' }));
    expect(r.status).toBe(200);
    const dms = sentCards(w.fake.calls, { chatId: org.openId.manager, from });
    expect(dms).toHaveLength(1);
    expect(dms[0]!.query.receive_id_type).toBe('open_id');
    expect(cardText(dms[0]!.card)).toContain('Acme Trading');
  });

  it('does a replayed event (same event_id) once', async () => {
    const org = await w.newOrg();
    await w.say(org, 'sales', 'claim C100');
    const from = w.fake.calls.length;
    const first = await w.say(org, 'sales', 'log C100 call reached Talked to the CFO', { eventId: `ev-log-${org.orgId}` });
    const again = await w.say(org, 'sales', 'log C100 call reached Talked to the CFO', { eventId: `ev-log-${org.orgId}` });
    expect([first.status, again.status]).toEqual([200, 200]);
    const records = await t.db.selectFrom('collection_records').select('body').where('org_id', '=', org.orgId).execute();
    expect(records.map((r) => r.body)).toEqual(['Talked to the CFO']);
    // One answer to the person, one line in the alert's thread.
    expect(w.fake.calls.slice(from).filter((c) => c.endpoint === 'create' && c.query.receive_id_type === 'open_id')).toHaveLength(1);
    expect(sentCards(w.fake.calls, { replyTo: org.alert.messageId, from })).toHaveLength(1);
  });
});

describe('Lark: card buttons', () => {
  it('claims from the alert card: a toast to the clicker, the alert updated in place, the claim in its thread', async () => {
    const org = await w.newOrg();
    const claim = buttonValue(alertCard(org), 'claim');
    expect(claim).toBeDefined();
    const from = w.fake.calls.length;
    const r = await w.click(org, 'sales', org.alert, claim);
    expect(r.status).toBe(200);
    expect(r.json.toast.type).toBe('success');
    expect(r.json.toast.content).toContain('Acme Trading');
    expect((await caseRow(org)).owner_user_id).toBe(org.sales.userId);
    const patches = w.fake.calls.slice(from).filter((c) => c.endpoint === 'patch' && c.path.endsWith(org.alert.messageId));
    expect(patches).toHaveLength(1);
    expect(nodes(patches[0]!.card).some((n) => typeof n.content === 'string' && n.content.includes(`<at id=${org.openId.sales}></at>`))).toBe(true);
    expect(buttonValue(patches[0]!.card, 'claim')).toBeUndefined();
    const thread = sentCards(w.fake.calls, { replyTo: org.alert.messageId, from });
    expect(thread).toHaveLength(1);
    expect(thread[0]!.body.reply_in_thread).toBe(true);
  });

  it('answers a replayed click (same event_id) with nothing and does it once', async () => {
    const org = await w.newOrg();
    const claim = buttonValue(alertCard(org), 'claim');
    const eventId = `ev-claim-${org.orgId}`;
    const first = await w.click(org, 'sales', org.alert, claim, { eventId });
    const before = await businessState(t.db, org.orgId);
    const from = w.fake.calls.length;
    const again = await w.click(org, 'sales2', org.alert, claim, { eventId });
    expect(first.json.toast.type).toBe('success');
    expect(again.status).toBe(200);
    expect(again.json).toEqual({});
    expect(await businessState(t.db, org.orgId)).toEqual(before);
    expect(w.fake.calls.length).toBe(from);
  });

  it('refuses a non-manager\'s approval with an error toast and changes nothing; a manager\'s approval decides it', async () => {
    const org = await w.newOrg();
    const managers = await readyForEscalation(org);
    const from = w.fake.calls.length;
    await w.say(org, 'sales', 'escalate C100 Customer stopped answering after three written notices');
    const requests = sentCards(w.fake.calls, { chatId: managers, from });
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    const approve = buttonValue(request.card, 'approve');
    expect(approve).toBeDefined();
    const source = { chatId: managers, messageId: request.messageId! };

    const before = await businessState(t.db, org.orgId);
    const refused = await w.click(org, 'sales2', source, approve);
    expect(refused.status).toBe(200);
    expect(refused.json.toast.type).toBe('error');
    expect(refused.json.card).toBeUndefined();
    expect(await businessState(t.db, org.orgId)).toEqual(before);
    expect(before.escalations.map((e) => e.status)).toEqual(['pending']);

    const approved = await w.click(org, 'manager', source, approve);
    expect(approved.status).toBe(200);
    expect(approved.json.toast.type).toBe('success');
    expect(approved.json.card.type).toBe('raw');
    expect(approved.json.card.data.schema).toBe('2.0');
    expect(buttonValue(approved.json.card.data, 'approve')).toBeUndefined();
    const esc = await t.db.selectFrom('escalations').selectAll().where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(esc.status).toBe('approved');
    expect(esc.decided_by).toBe(org.manager.userId);
    expect((await caseRow(org)).status).toBe('legal');
  });

  it('opens a card form from the Log button and records what is submitted, replacing the form with the result', async () => {
    const org = await w.newOrg();
    const log = buttonValue(alertCard(org), 'log');
    const from = w.fake.calls.length;
    const opened = await w.click(org, 'sales', org.alert, log);
    expect(opened.status).toBe(200);
    expect(opened.json.toast).toBeUndefined();
    const forms = sentCards(w.fake.calls, { replyTo: org.alert.messageId, from }).filter((c) => nodes(c.card).some((n) => n.tag === 'form'));
    expect(forms).toHaveLength(1);
    const formCard = forms[0]!.card!;
    const names = nodes(formCard).filter((n) => n.name && n.tag !== 'form').map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['method', 'outcome', 'text', 'next_action_on', 'submit']));
    const submit = buttonValue(formCard, 'form:log');
    expect(submit).toBeDefined();
    const r = await w.click(org, 'sales', { chatId: org.alert.chatId, messageId: forms[0]!.messageId! }, submit, {
      formValue: { method: 'visit', outcome: 'promised', text: 'Visited the CFO: pays half next week', next_action_on: '2026-03-17 +0800' },
    });
    expect(r.status).toBe(200);
    expect(r.json.card.type).toBe('raw');
    expect(nodes(r.json.card.data).some((n) => n.tag === 'form')).toBe(false);
    const record = await t.db.selectFrom('collection_records').selectAll().where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ method: 'visit', outcome: 'promised', body: 'Visited the CFO: pays half next week', author_user_id: org.sales.userId, next_action_on: '2026-03-17' });
  });
});
