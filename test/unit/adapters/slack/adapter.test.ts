// The adapter end to end over HTTP, with a scripted chat layer (no database): what Slack sees.
import type http from 'node:http';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../../adapters/slack/index.js';
import type { Chat } from '../../../../src/chat/chat.js';
import type { ButtonRequest, ChatRequest, ChatResponse } from '../../../../src/chat/request.js';
import { PlatformError } from '../../../../jobs/platform-error.js';
import { createHttpServer, listen } from '../../../../src/server/http-server.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../../support/fake-slack-api.js';
import { commandBody, interactiveBody, postSigned } from '../../../support/slack-signing.js';

const SECRET = 'unit-secret';
const log = pino({ level: 'silent' });

/** A scripted answer: 'done' in en-US unless it says otherwise. */
type Scripted = Omit<ChatResponse, 'outcome' | 'locale'> & Partial<Pick<ChatResponse, 'outcome' | 'locale'>>;
const full = (r: Scripted): ChatResponse => ({ outcome: 'done', locale: 'en-US', ...r });

class ScriptedChat implements Chat {
  texts: { req: ChatRequest; text: string }[] = [];
  buttons: ButtonRequest[] = [];
  published: number[][] = [];
  /** How many Slack calls had been made when each publish began. */
  publishedAfter: number[] = [];
  onText: (req: ChatRequest, text: string) => Promise<Scripted> = async () => ({ changedCaseIds: [] });
  onButton: (req: ButtonRequest) => Promise<Scripted> = async () => ({ changedCaseIds: [] });
  async handleText(req: ChatRequest, text: string) { this.texts.push({ req, text }); return full(await this.onText(req, text)); }
  async handleButton(req: ButtonRequest) { this.buttons.push(req); return full(await this.onButton(req)); }
  async publishCaseUpdates(ids: number[]) { this.publishedAfter.push(api.calls.length); this.published.push(ids); }
}

let api: FakeSlackApi;
let chat: ScriptedChat;
let slack: SlackAdapter;
let server: http.Server;
let url: string;

beforeAll(async () => {
  api = await startFakeSlackApi({ teamId: 'T1' });
  chat = new ScriptedChat();
  slack = createSlackAdapter({ chat, config: { signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: api.url }, log });
  server = createHttpServer({ routes: { 'POST /slack/events': slack.handler }, ready: async () => ({}), log });
  url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}/slack/events`;
});
afterAll(async () => {
  await slack.stop();
  server.close();
  await api.close();
});
afterEach(async () => {
  await slack.settled();
  api.assertNothingRefused();
});
beforeEach(async () => {
  await slack.settled();
  api.reset();
  chat.texts = []; chat.buttons = []; chat.published = []; chat.publishedAfter = [];
  chat.onText = async () => ({ changedCaseIds: [] });
  chat.onButton = async () => ({ changedCaseIds: [] });
});

const command = (text: string, over: Record<string, string> = {}) => commandBody({
  command: '/ar', text, team_id: 'T1', channel_id: 'C1', user_id: 'U1', trigger_id: `trig-${Math.random()}`,
  response_url: api.responseUrl('cmd'), ...over,
});
const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) { if (Date.now() > end) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 10)); }
};

describe('slash command', () => {
  it('acks with an empty 200 before the chat layer answers, then posts the ephemeral reply', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    chat.onText = async () => { await gate; return { reply: { blocks: [{ type: 'section', text: 'Claimed <!channel>' }], summary: 'Claimed', ephemeral: true }, changedCaseIds: [4] }; };
    const res = await postSigned(url, SECRET, command('claim ACME'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await until(() => chat.texts.length > 0);
    expect(chat.texts[0]).toMatchObject({ text: 'claim ACME', req: { platform: 'slack', workspaceId: 'T1', channelId: 'C1', externalUserId: 'U1' } });
    expect(chat.texts[0]!.req.idempotencyKey).toMatch(/^slack:cmd:trig-/);
    expect(api.callsTo('chat.postEphemeral')).toHaveLength(0);
    release();
    await api.waitFor((c) => c.some((x) => x.method === 'chat.postEphemeral'));
    const call = api.callsTo('chat.postEphemeral')[0]!;
    expect(call.body).toMatchObject({ channel: 'C1', user: 'U1' });
    expect(JSON.stringify(call.body.blocks)).toContain('Claimed &lt;!channel&gt;');
    await until(() => chat.published.length > 0);
    expect(chat.published).toEqual([[4]]);
  });

  it('hands the chat layer the text as typed, Slack\'s entities decoded', async () => {
    await postSigned(url, SECRET, command('claim A&amp;B &lt;Ltd&gt;'));
    await slack.settled();
    expect(chat.texts[0]!.text).toBe('claim A&B <Ltd>');
  });

  it('posts a public reply in the channel, and falls back to response_url when the bot is not in it', async () => {
    chat.onText = async () => ({ reply: { blocks: [{ type: 'section', text: 'Digest' }], summary: 'Digest' }, changedCaseIds: [] });
    await postSigned(url, SECRET, command('digest'));
    await api.waitFor((c) => c.some((x) => x.method === 'chat.postMessage'));
    expect(api.callsTo('chat.postMessage')[0]!.body.channel).toBe('C1');
    api.reset();
    api.fail('chat.postMessage', 'not_in_channel');
    await postSigned(url, SECRET, command('digest'));
    await api.waitFor((c) => c.some((x) => x.method === 'response_url'));
    expect(api.callsTo('response_url')[0]!.body).toMatchObject({ response_type: 'in_channel', text: 'Digest' });
  });

  it('opens a modal with the command\'s trigger_id when the chat layer answers a form', async () => {
    chat.onText = async () => ({ form: { id: 'log', title: 'Log a contact', submitLabel: 'Save', value: '1.1.1.1', fields: [{ name: 'text', label: 'What', kind: 'multiline' }] }, changedCaseIds: [] });
    await postSigned(url, SECRET, command('log', { trigger_id: 'trig-modal' }));
    await api.waitFor((c) => c.some((x) => x.method === 'views.open'));
    const call = api.callsTo('views.open')[0]!;
    expect(call.body.trigger_id).toBe('trig-modal');
    expect(call.body.view).toMatchObject({ type: 'modal', callback_id: 'form:log' });
    // The form remembers the asker's language: a submission's field errors are answered in it.
    expect(JSON.parse(call.body.view.private_metadata)).toMatchObject({ v: '1.1.1.1', c: 'C1', l: 'en-US' });
  });

  it('answers an unexpected failure with an error reference, never the internal message', async () => {
    chat.onText = async () => { throw new Error('secret internals'); };
    await postSigned(url, SECRET, command('mine'));
    await api.waitFor((c) => c.some((x) => x.method === 'chat.postEphemeral'));
    const s = JSON.stringify(api.callsTo('chat.postEphemeral')[0]!.body);
    expect(s).not.toContain('secret internals');
    expect(s).toMatch(/[0-9a-f]{8}/);
  });
});

describe('verification', () => {
  it('refuses a bad signature, an old and a future timestamp with 401, and the chat layer never hears of it', async () => {
    const body = command('claim ACME');
    const now = Math.floor(Date.now() / 1000);
    expect((await postSigned(url, 'wrong-secret', body)).status).toBe(401);
    expect((await postSigned(url, SECRET, body, { timestamp: now - 360 })).status).toBe(401);
    expect((await postSigned(url, SECRET, body, { timestamp: now + 360 })).status).toBe(401);
    const unsigned = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(unsigned.status).toBe(401);
    expect(chat.texts).toHaveLength(0);
    expect(api.calls).toHaveLength(0);
  });

  it('answers the url_verification challenge', async () => {
    const res = await postSigned(url, SECRET, JSON.stringify({ type: 'url_verification', challenge: 'abc' }), { contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: 'abc' });
  });
});

describe('buttons', () => {
  const click = (over: Record<string, unknown> = {}) => interactiveBody({
    type: 'block_actions', team: { id: 'T1' }, user: { id: 'U2', team_id: 'T1' }, channel: { id: 'C9' },
    container: { type: 'message', message_ts: '100.000001', channel_id: 'C9', is_ephemeral: false },
    message: { ts: '100.000001' }, trigger_id: 'trig-btn', response_url: api.responseUrl('btn'),
    actions: [{ type: 'button', action_id: 'claim~2', block_id: 'b', value: '1.1.5.3', action_ts: '100.5' }], ...over,
  });

  it('acks, then replaces the clicked message and replies in its thread', async () => {
    chat.onButton = async () => ({
      replaceSource: { title: 'Claimed', level: 'red', blocks: [{ type: 'section', text: 'by Li' }], summary: 'Claimed' },
      reply: { blocks: [{ type: 'section', text: 'Li claimed it' }], summary: 'Li claimed it' },
      changedCaseIds: [5],
    });
    const res = await postSigned(url, SECRET, click());
    expect(res.status).toBe(200);
    await slack.settled();
    expect(chat.buttons[0]).toMatchObject({ actionId: 'claim', value: '1.1.5.3', externalUserId: 'U2', source: { channelId: 'C9', messageId: '100.000001' } });
    await api.waitFor((c) => c.some((x) => x.method === 'chat.postMessage'));
    expect(api.callsTo('chat.update')[0]!.body).toMatchObject({ channel: 'C9', ts: '100.000001' });
    // The level is the emoji of the header, the content top-level; chat.update clears old attachments.
    expect(api.callsTo('chat.update')[0]!.body.blocks[0].text.text).toBe('🔴 Claimed');
    expect(api.callsTo('chat.update')[0]!.body.attachments).toEqual([]);
    expect(api.callsTo('chat.postMessage')[0]!.body).toMatchObject({ channel: 'C9', thread_ts: '100.000001' });
    await until(() => chat.published.length > 0);
    expect(chat.published).toEqual([[5]]);
  });

  it('gives the same idempotency key to the same click delivered twice', async () => {
    await postSigned(url, SECRET, click());
    await postSigned(url, SECRET, click({ actions: [{ type: 'button', action_id: 'claim~2', block_id: 'b', value: '1.1.5.3', action_ts: '101.7' }] }));
    await postSigned(url, SECRET, click({ user: { id: 'U3', team_id: 'T1' } }));
    await slack.settled();
    const keys = chat.buttons.map((b) => b.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('answers in one order: the form, the clicked message, the reply, then the case updates (issue 8)', async () => {
    chat.onButton = async () => ({
      form: { id: 'log', title: 'Log a contact', submitLabel: 'Save', value: '1.1.5.3', fields: [{ name: 'text', label: 'What', kind: 'multiline' }] },
      replaceSource: { title: 'Claimed', blocks: [{ type: 'section', text: 'by Li' }], summary: 'Claimed' },
      reply: { blocks: [{ type: 'section', text: 'Li claimed it' }], summary: 'Li claimed it' },
      changedCaseIds: [5],
    });
    await postSigned(url, SECRET, click());
    await until(() => chat.published.length > 0);
    const order = api.calls.map((c) => c.method).filter((m) => ['views.open', 'chat.update', 'chat.postMessage'].includes(m));
    expect(order).toEqual(['views.open', 'chat.update', 'chat.postMessage']);
    // Published only once the reply had been sent.
    expect(chat.publishedAfter[0]).toBe(api.calls.length);
  });

  it('speaks the language the chat layer answered in, never guessed from the text (issue 8)', async () => {
    // Chinese words, an English asker: Slack's own words (the reference line) follow the response.
    chat.onButton = async () => ({ outcome: 'failed', locale: 'en-US', changedCaseIds: [],
      reply: { blocks: [{ type: 'section', text: '出错了' }], summary: '出错了', ephemeral: true, errorRef: 'ab12cd34' } });
    await postSigned(url, SECRET, click());
    await api.waitFor((c) => c.some((x) => x.method === 'chat.postEphemeral'));
    const shown = JSON.stringify(api.callsTo('chat.postEphemeral')[0]!.body);
    expect(shown).toContain('Reference: ab12cd34');
    expect(shown).not.toContain('参考编号');
  });

  it('sends a refusal to the clicker only, whatever the view says (issue 8)', async () => {
    chat.onButton = async () => ({ outcome: 'refused', changedCaseIds: [], reply: { blocks: [{ type: 'section', text: 'Out of date' }], summary: 'Out of date' } });
    await postSigned(url, SECRET, click());
    await api.waitFor((c) => c.some((x) => x.method === 'chat.postEphemeral'));
    await slack.settled();
    expect(api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('answers a refusal ephemerally to the clicker and changes nothing', async () => {
    chat.onButton = async () => ({ reply: { blocks: [{ type: 'section', text: 'Managers only' }], summary: 'Managers only', ephemeral: true }, changedCaseIds: [] });
    await postSigned(url, SECRET, click());
    await api.waitFor((c) => c.some((x) => x.method === 'chat.postEphemeral'));
    expect(api.callsTo('chat.postEphemeral')[0]!.body).toMatchObject({ channel: 'C9', user: 'U2' });
    expect(api.callsTo('chat.update')).toHaveLength(0);
  });
});

describe('modals', () => {
  const submit = (values: Record<string, unknown>) => interactiveBody({
    type: 'view_submission', team: { id: 'T1' }, user: { id: 'U2', team_id: 'T1' }, trigger_id: 'trig-v',
    view: {
      id: 'V1', type: 'modal', callback_id: 'form:promise', title: { type: 'plain_text', text: 'Promise to pay' },
      private_metadata: JSON.stringify({ v: '1.1.5.3', c: 'C9', k: { amount: 'amount', date: 'date', note: 'text?' } }),
      state: { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])) }, blocks: [],
    },
  });

  it('answers bad fields in the language the form was opened in, whatever its labels are written in (issue 8)', async () => {
    const zh = (values: Record<string, unknown>) => {
      const body = JSON.parse(new URLSearchParams(submit(values)).get('payload')!);
      body.view.private_metadata = JSON.stringify({ ...JSON.parse(body.view.private_metadata), l: 'zh-CN' });
      return new URLSearchParams({ payload: JSON.stringify(body) }).toString();
    };
    const res = await postSigned(url, SECRET, zh({ amount: { type: 'number_input', value: '-5' }, date: { type: 'datepicker', selected_date: '2026-06-30' } }));
    expect(JSON.parse(res.text).errors.amount).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers bad fields in the modal and does not call the chat layer', async () => {
    const res = await postSigned(url, SECRET, submit({ amount: { type: 'number_input', value: '-5' }, date: { type: 'datepicker', selected_date: '2026-06-30' } }));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['amount']);
    expect(chat.buttons).toHaveLength(0);
  });

  it('closes a valid modal and hands the values to the chat layer as form:<id>', async () => {
    chat.onButton = async () => ({ reply: { blocks: [{ type: 'section', text: 'Promise recorded' }], summary: 'Promise recorded' }, changedCaseIds: [5] });
    const res = await postSigned(url, SECRET, submit({ amount: { type: 'number_input', value: '1200.50' }, date: { type: 'datepicker', selected_date: '2026-06-30' } }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await slack.settled();
    expect(chat.buttons[0]).toMatchObject({ actionId: 'form:promise', value: '1.1.5.3', channelId: 'C9', formValues: { amount: '1200.50', date: '2026-06-30' }, idempotencyKey: 'slack:view:T1:V1' });
    await api.waitFor((c) => c.some((x) => x.method === 'chat.postMessage'));
    expect(api.callsTo('chat.postMessage')[0]!.body.channel).toBe('C9');
  });
});

describe('events', () => {
  const homeOpened = (eventId: string) => JSON.stringify({
    type: 'event_callback', team_id: 'T1', event_id: eventId, api_app_id: 'A1',
    event: { type: 'app_home_opened', user: 'U2', channel: 'D2', tab: 'home', event_ts: '1.2' },
  });

  it('publishes "my cases" on the App Home tab, and takes a retried event once', async () => {
    chat.onText = async () => ({ reply: { title: 'My cases', blocks: [{ type: 'section', text: 'ACME' }], summary: 'My cases' }, changedCaseIds: [] });
    expect((await postSigned(url, SECRET, homeOpened('Ev1'), { contentType: 'application/json' })).status).toBe(200);
    await api.waitFor((c) => c.some((x) => x.method === 'views.publish'));
    expect(chat.texts[0]).toMatchObject({ text: 'mine', req: { idempotencyKey: 'slack:event:Ev1', externalUserId: 'U2' } });
    expect(api.callsTo('views.publish')[0]!.body).toMatchObject({ user_id: 'U2', view: { type: 'home' } });
    const retry = await postSigned(url, SECRET, homeOpened('Ev1'), { contentType: 'application/json', retryNum: 1 });
    expect(retry.status).toBe(200);
    await slack.settled();   // the retry's work, had it been queued, is done
    expect(chat.texts).toHaveLength(1);
  });
});

describe('port', () => {
  it('posts in a thread, updates, sends direct messages and returns Slack\'s ts as the message id', async () => {
    const ref = await slack.port.post('C5', { blocks: [{ type: 'section', text: 'hello' }], summary: 'hello' });
    expect(ref).toMatchObject({ platform: 'slack', channelId: 'C5' });
    expect(ref.messageId).toMatch(/^\d+\.\d{6}$/);
    const reply = await slack.port.post('C5', { blocks: [], summary: 'in thread' }, { threadOf: ref });
    expect(reply.threadId).toBe(ref.messageId);
    await slack.port.update(ref, { blocks: [{ type: 'section', text: 'changed' }], summary: 'changed' });
    expect(api.callsTo('chat.update')[0]!.body).toMatchObject({ channel: 'C5', ts: ref.messageId, attachments: [] });
    const dm = await slack.port.dm('U7', { blocks: [], summary: 'psst' });
    expect(dm.channelId).toBe('DU7');
    expect(api.callsTo('conversations.open')[0]!.body.users).toBe('U7');
  });

  it('turns a 429 into a rate_limited PlatformError carrying Retry-After, without waiting', async () => {
    api.rateLimit('chat.postMessage', 1, 42);
    const started = Date.now();
    const err = await slack.port.post('C5', { blocks: [], summary: 'x' }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterMs: 42_000 });
  });

  it('sorts Slack\'s refusals for delivery: a missing channel is permanent, a 5xx transient', async () => {
    api.fail('chat.postMessage', 'channel_not_found');
    expect(await slack.port.post('C5', { blocks: [], summary: 'x' }).catch((e: unknown) => e))
      .toMatchObject({ name: 'PlatformError', code: 'permanent', reason: 'channel_not_found' });
    api.fail('chat.update', 'internal_error');
    expect(await slack.port.update({ platform: 'slack', channelId: 'C5', messageId: '1.2' }, { blocks: [], summary: 'x' }).catch((e: unknown) => e))
      .toMatchObject({ code: 'transient', reason: 'internal_error' });
  });

  it('looks up a user\'s profile with users.info once, then from its cache', async () => {
    api.setUserEmail('U2', 'li@example.com');
    chat.onText = async (req) => ({ reply: { blocks: [], summary: String((await req.lookupProfile?.())?.email) + String((await req.lookupProfile?.())?.email), ephemeral: true }, changedCaseIds: [] });
    await postSigned(url, SECRET, command('mine', { user_id: 'U2' }));
    await api.waitFor((c) => c.some((x) => x.method === 'chat.postEphemeral'));
    expect(api.callsTo('chat.postEphemeral')[0]!.body.text).toBe('li@example.comli@example.com');
    expect(api.callsTo('users.info')).toHaveLength(1);
  });
});

describe('load shedding (issue 9, 9)', () => {
  it('answers "busy, try again" when the work queue is full, and asks the chat layer nothing', async () => {
    const full = createSlackAdapter({ chat, config: { signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: api.url }, log, locale: 'en-US', workQueueLimit: 0 });
    const s = createHttpServer({ routes: { 'POST /slack/events': full.handler }, ready: async () => ({}), log });
    const u = `http://127.0.0.1:${await listen(s, 0, '127.0.0.1')}/slack/events`;
    try {
      const res = await postSigned(u, SECRET, command('digest'));
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/busy/) });
      const click = interactiveBody({
        type: 'block_actions', team: { id: 'T1' }, user: { id: 'U2', team_id: 'T1' }, channel: { id: 'C9' },
        container: { type: 'message', message_ts: '100.000001', channel_id: 'C9', is_ephemeral: false },
        message: { ts: '100.000001' }, trigger_id: 'trig-busy', response_url: api.responseUrl('busy'),
        actions: [{ type: 'button', action_id: 'claim~2', block_id: 'b', value: '1.1.5.3', action_ts: '100.5' }],
      });
      expect((await postSigned(u, SECRET, click)).status).toBe(200);
      await api.waitFor((c) => c.some((x) => x.method === 'response_url'));
      expect(api.callsTo('response_url')[0]!.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/busy/) });
      expect(chat.texts).toHaveLength(0);
      expect(chat.buttons).toHaveLength(0);
    } finally {
      await full.stop();
      s.close();
    }
  });
});
