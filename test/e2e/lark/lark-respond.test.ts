// How the Lark adapter answers what the chat layer says (issue 8): the one order of
// src/chat/respond.ts, and refusals told by the response's outcome, not by the reply's shape.
// A scripted chat layer; the real adapter and SDK against the fake Open API; signed, encrypted events.
import type http from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLarkAdapter, type LarkAdapter } from '../../../adapters/lark/index.js';
import type { Chat } from '../../../src/chat/chat.js';
import type { ButtonRequest, ChatRequest, ChatResponse } from '../../../src/chat/request.js';
import { createHttpServer, listen } from '../../../src/server/http-server.js';
import { testDatabase } from '../../support/db.js';
import { startFakeLarkApi, type FakeLarkApi } from '../../support/fake-lark-api.js';
import { cardActionEvent, messageEvent, postLarkEvent } from '../../support/lark-signing.js';
import { APP_ID, ENCRYPT_KEY, TOKEN } from './lark-world.js';

const t = testDatabase();
const log = pino({ level: 'silent' });

type Scripted = Omit<ChatResponse, 'outcome' | 'locale'> & Partial<Pick<ChatResponse, 'outcome' | 'locale'>>;

class ScriptedChat implements Chat {
  answer: Scripted = { changedCaseIds: [] };
  /** How many Lark calls had been made when each publish began. */
  publishedAfter: number[] = [];
  async handleText(_req: ChatRequest, _text: string): Promise<ChatResponse> { return { outcome: 'done', locale: 'en-US', ...this.answer }; }
  async handleButton(_req: ButtonRequest): Promise<ChatResponse> { return { outcome: 'done', locale: 'en-US', ...this.answer }; }
  async publishCaseUpdates(_ids: number[]) { this.publishedAfter.push(fake.calls.length); }
}

let fake: FakeLarkApi;
let adapter: LarkAdapter;
let server: http.Server;
let url: string;
const chat = new ScriptedChat();

beforeAll(async () => {
  fake = await startFakeLarkApi();
  adapter = createLarkAdapter({
    chat, db: t.db, log, defaultLocale: 'en-US',
    config: { appId: APP_ID, appSecret: 'secret', verificationToken: TOKEN, encryptKey: ENCRYPT_KEY, domain: fake.url, mode: 'http' },
  });
  server = createHttpServer({ routes: { 'POST /lark/events': adapter.handler }, ready: async () => ({}), log });
  url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}/lark/events`;
});
afterAll(async () => {
  await adapter?.stop();
  await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  fake.assertNothingRefused();
  await fake.close();
});
beforeEach(() => { chat.publishedAfter = []; });

const text = (s: string) => ({ blocks: [{ type: 'section' as const, text: s }], summary: s });
const SOURCE = { chatId: 'oc_respond', messageId: 'om_respond_source' };

async function click(): Promise<{ json: any; callsAtAnswer: number; from: number }> {
  fake.seedMessage({ id: SOURCE.messageId, chatId: SOURCE.chatId });
  const from = fake.calls.length;
  const r = await postLarkEvent(url, cardActionEvent({ token: TOKEN, tenantKey: 'tk_respond' },
    { openId: 'ou_clicker', chatId: SOURCE.chatId, messageId: SOURCE.messageId, value: { a: 'claim', v: '1.1.5.3' } }), { encryptKey: ENCRYPT_KEY });
  const callsAtAnswer = fake.calls.length;
  await adapter.settled();
  return { json: r.json, callsAtAnswer, from };
}

describe('Lark: one order for every answer (issue 8)', () => {
  it('sends the form first, answers the click with the new card, then replies in the thread, then publishes', async () => {
    chat.answer = {
      form: { id: 'log', title: 'Log a contact', submitLabel: 'Save', value: '1.1.5.3', fields: [{ name: 'text', label: 'What', kind: 'multiline' }] },
      replaceSource: { title: 'Claimed', ...text('by Li') },
      reply: text('Li claimed it'),
      changedCaseIds: [5],
    };
    const { json, callsAtAnswer, from } = await click();
    // The form card went out before Lark had its answer; the new source card rides on the answer.
    const sends = fake.calls.slice(from).filter((c) => c.endpoint === 'reply' || c.endpoint === 'create');
    expect(sends.length).toBe(2);
    expect(fake.calls.indexOf(sends[0]!)).toBeLessThan(callsAtAnswer);
    expect(JSON.stringify(sends[0]!.card)).toContain('Log a contact');
    expect(JSON.stringify(json.card)).toContain('by Li');
    // Then the reply in the clicked card's thread, then the case updates.
    expect(JSON.stringify(sends[1]!.card)).toContain('Li claimed it');
    expect(sends[1]!.body.reply_in_thread).toBe(true);
    expect(chat.publishedAfter).toEqual([fake.calls.length]);
  });

  it('tells a refusal by its outcome: an error toast to the clicker, nothing in the thread', async () => {
    // A titled, non-ephemeral view: by its shape it would have been taken for a confirmation.
    chat.answer = { outcome: 'refused', reply: { title: 'This card is out of date', level: 'grey', ...text('Out of date') }, changedCaseIds: [] };
    const { json, from } = await click();
    expect(json.toast).toMatchObject({ type: 'error' });
    expect(fake.calls.slice(from).filter((c) => c.endpoint === 'reply' || c.endpoint === 'create')).toHaveLength(0);
    expect(chat.publishedAfter).toEqual([]);
  });

  it('sends a typed command\'s refusal to the asker directly, not into the group', async () => {
    chat.answer = { outcome: 'refused', reply: { title: 'Not allowed', ...text('Managers only') }, changedCaseIds: [] };
    const messageId = 'om_respond_typed';
    fake.seedMessage({ id: messageId, chatId: SOURCE.chatId });
    const from = fake.calls.length;
    await postLarkEvent(url, messageEvent({ token: TOKEN, tenantKey: 'tk_respond' }, {
      messageId, openId: 'ou_asker', chatId: SOURCE.chatId, chatType: 'group', text: '@_user_1 approve C100',
      mentions: [{ key: '@_user_1', openId: fake.botOpenId, name: 'duebot' }],
    }), { encryptKey: ENCRYPT_KEY });
    await adapter.settled();
    const sent = fake.calls.slice(from).filter((c) => c.endpoint === 'reply' || c.endpoint === 'create');
    expect(sent).toHaveLength(1);
    expect(sent[0]!).toMatchObject({ endpoint: 'create', query: { receive_id_type: 'open_id' }, body: { receive_id: 'ou_asker' } });
  });
});
