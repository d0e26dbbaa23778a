// The Lark driver: the real adapter (createLarkAdapter) behind our HTTP server (POST /lark/events),
// the real SDK talking to the fake Lark Open API, and events as Lark sends them — a command is an
// im.message.receive_v1 in a group that @mentions the bot, a button is a card.action.trigger naming
// the card's message — encrypted with the Encrypt Key (AES-256-CBC) and signed (X-Lark-Signature).
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { createLarkAdapter, type LarkAdapter } from '../../../adapters/lark/index.js';
import type { Chat } from '../../../src/chat/chat.js';
import type { ChatPort, PlatformName } from '../../../src/chat/port.js';
import { createChat } from '../../../src/chat/router.js';
import { createHttpServer, listen } from '../../../src/server/http-server.js';
import { linkWorkspace } from '../../../src/services/orgs.js';
import type { Db } from '../../../src/store/connection.js';
import { startFakeLarkApi, type FakeLarkApi, type FakeLarkCall } from '../../support/fake-lark-api.js';
import { cardActionEvent, messageEvent, postLarkEvent } from '../../support/lark-signing.js';
import { testDeliveries, type TestDeliveries } from '../../support/test-deliveries.js';
import { DEMO_SLUG, labelMatches, NOW, platformIdentity, Transcript, type Driver, type DriverOptions } from './driver.js';

const ENCRYPT_KEY = 'contract-encrypt-key';
const TOKEN = 'contract-verification-token';
/** Lark app ids are cli_ and 16 hex digits. */
const APP_ID = 'cli_c0a1b2c3d4e5f607';
const TENANT = 'tk_contract_demo';
const CHAT = 'oc_ar_collections';
/** Lark retries an event, and shows a card click as failed, when it is not answered within 3 s. */
const ANSWER_LIMIT_MS = 3000;

/** A card the bot has in Lark now (patches and callback answers applied). */
interface LarkMessage { id: string; chatId: string; card: Record<string, any> }

/** Lark card markdown as plain text: `**` dropped, character references (escapeLarkMarkdown) decoded. */
const plainMarkdown = (s: string) => s.replace(/\*\*/g, '').replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

/** The words a card shows in its primary language, one line per element; buttons as [label]. */
export function cardText(card: Record<string, any> | undefined): string {
  if (!card) return '';
  const lines: string[] = [];
  if (card.header?.title?.content) lines.push(card.header.title.content);
  const walk = (els: any[] | undefined) => {
    for (const el of els ?? []) {
      if (el.tag === 'button') { lines.push(`[${el.text?.content ?? ''}]`); continue; }
      if ((el.tag === 'markdown' || el.tag === 'plain_text' || el.tag === 'div') && typeof el.content === 'string') lines.push(plainMarkdown(el.content));
      if (Array.isArray(el.columns)) for (const c of el.columns) walk(c.elements);
      walk(el.elements);
    }
  };
  walk(card.body?.elements ?? card.elements);
  return lines.join('\n');
}

function buttonsOf(card: Record<string, any>): { label: string; value: { a: string; v: string } }[] {
  const out: { label: string; value: { a: string; v: string } }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) { n.forEach(walk); return; }
    if (!n || typeof n !== 'object') return;
    const node = n as Record<string, any>;
    const value = node.behaviors?.[0]?.value;
    if (node.tag === 'button' && value) out.push({ label: node.text?.content ?? '', value });
    Object.values(node).forEach(walk);
  };
  walk(card.body);
  return out;
}

export function larkDriver(opts: DriverOptions = {}): Driver {
  let db: Db;
  let fake: FakeLarkApi;
  let adapter: LarkAdapter;
  let server: http.Server;
  let url: string;
  let openId = '';
  let deliveries: TestDeliveries;
  let seen = 0;
  let last: { payload: unknown; source?: LarkMessage } | undefined;
  const messages: LarkMessage[] = [];
  const transcript = new Transcript();

  function ingest(): void {
    for (const c of fake.calls.slice(seen)) record(c);
    seen = fake.calls.length;
  }

  function record(c: FakeLarkCall): void {
    if (c.endpoint === 'create' || c.endpoint === 'reply') {
      const stored = c.messageId ? fake.messages.get(c.messageId) : undefined;
      if (!c.messageId || !stored) return;   // refused by the fake: nothing was sent
      const where = c.endpoint === 'reply'
        ? `${c.body.reply_in_thread ? 'thread reply' : 'reply'} to ${c.path.split('/').at(-2)}`
        : c.query.receive_id_type === 'open_id' ? `direct message to ${c.body.receive_id}` : `#${c.body.receive_id}`;
      messages.push({ id: c.messageId, chatId: stored.chatId, card: c.card ?? {} });
      transcript.add(`${where} · ${c.messageId}`, cardText(c.card));
    } else if (c.endpoint === 'patch') {
      const id = c.path.split('/').at(-1)!;
      const m = messages.find((x) => x.id === id);
      if (m && c.card) m.card = c.card;
      transcript.add(`${id} updated`, cardText(c.card));
    }
  }

  /** Posts an event and waits for the work after the answer; a card click's answer is shown too. */
  async function send(payload: unknown, source?: LarkMessage): Promise<void> {
    last = { payload, ...(source ? { source } : {}) };
    const res = await postLarkEvent(url, payload, { encryptKey: ENCRYPT_KEY });
    if (res.status !== 200) throw new Error(`lark: POST /lark/events answered ${res.status} ${res.text}`);
    if (res.ms > ANSWER_LIMIT_MS) throw new Error(`lark: answered after ${Math.round(res.ms)} ms; Lark gives up after 3 s`);
    const answer = res.json;
    ingest();       // what was sent before the answer
    if (answer?.toast) transcript.add(`toast (${answer.toast.type}) to ${openId}`, answer.toast.content);
    if (answer?.card?.data && source) {
      source.card = answer.card.data;
      transcript.add(`${source.id} updated (callback answer)`, cardText(answer.card.data));
    }
    await adapter.settled();
    // …and what it changed leaves through the delivery queue: done when nothing is left to send.
    await deliveries.settled();
    ingest();
  }

  return {
    platform: 'lark',
    async setup(database) {
      db = database;
      const log = pino({ level: process.env.E2E_LOG ?? 'silent' });
      fake = await startFakeLarkApi();
      const ports: Partial<Record<PlatformName, ChatPort>> = {};
      deliveries = testDeliveries({ db, ports, now: () => NOW, ...(opts.mailer ? { mailer: opts.mailer } : {}) });
      const chat: Chat = createChat({ db, log, now: () => NOW, outbox: deliveries.outbox });
      adapter = createLarkAdapter({
        chat, db, log, defaultLocale: 'zh-CN',
        config: { appId: APP_ID, appSecret: 'secret', verificationToken: TOKEN, encryptKey: ENCRYPT_KEY, domain: fake.url, mode: 'http' },
      });
      ports.lark = adapter.port;
      await deliveries.start();
      server = createHttpServer({ routes: { 'POST /lark/events': adapter.handler }, ready: async () => ({}), log });
      url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}/lark/events`;
      // `duebot workspace link lark tk_contract_demo --org demo`
      await linkWorkspace(db, 'lark', TENANT, DEMO_SLUG, 'Demo');
    },
    async as(email) {
      openId = await platformIdentity(db, 'lark', email, (userId) => `ou_contract_${userId}`);
    },
    async command(text) {
      // In a group the bot hears a message that @mentions it: `@duebot claim …` arrives as `@_user_1 claim …`.
      // The person's message is in the chat (the bot's answer quotes it).
      const messageId = `om_typed_${randomUUID().replace(/-/g, '')}`;
      fake.seedMessage({ id: messageId, chatId: CHAT });
      await send(messageEvent({ token: TOKEN, tenantKey: TENANT, appId: APP_ID, eventId: randomUUID().replace(/-/g, '') }, {
        openId, chatId: CHAT, chatType: 'group', text: `@_user_1 ${text}`, messageId,
        mentions: [{ key: '@_user_1', openId: fake.botOpenId, name: 'duebot' }],
      }));
    },
    async press(actionId, matcher) {
      ingest();
      for (const m of [...messages].reverse()) {
        const hit = buttonsOf(m.card).find((b) => b.value.a === actionId && labelMatches(b.label, matcher));
        if (!hit) continue;
        await send(cardActionEvent({ token: TOKEN, tenantKey: TENANT, appId: APP_ID, eventId: randomUUID().replace(/-/g, '') }, {
          openId, chatId: m.chatId, messageId: m.id, value: hit.value,
        }), m);
        return;
      }
      throw new Error(`lark: no card with a ${actionId} button matching ${String(matcher)}`);
    },
    async replay() {
      // Lark retries with the same event_id (and a fresh signature).
      if (!last) throw new Error('lark: nothing to replay');
      await send(last.payload, last.source);
    },
    transcript: () => { if (fake) ingest(); return transcript.toString(); },
    get deliveries() { return deliveries; },
    // Lark sends one message per uuid; a re-send with names after a refused mention gets `-<n>` (port.ts).
    callsFor: (deliveryId) => fake.calls.filter((c) => String(c.body.uuid ?? '') === `duebot-delivery-${deliveryId}`).length,
    async teardown() {
      await adapter?.stop();
      await deliveries?.stop();
      if (server) await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
      await fake?.close();
      fake?.assertNothingRefused();
    },
  };
}
