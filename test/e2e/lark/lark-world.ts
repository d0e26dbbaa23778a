// The Lark end-to-end harness: the real router and services on a real PostgreSQL, the real SDK
// talking to the fake Lark Open API, and events posted over HTTP to `POST /lark/events`,
// encrypted and signed as Lark does. One world per test file; one org (tenant) per test.
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { createLarkAdapter, type LarkAdapter } from '../../../adapters/lark/index.js';
import type { Chat } from '../../../src/chat/chat.js';
import type { Locale, Message } from '../../../src/chat/message.js';
import type { ChatPort, PlatformName } from '../../../src/chat/port.js';
import { loadAlertData } from '../../../jobs/delivery/kinds/alert-data.js';
import { defaultJobViews } from '../../../jobs/views.js';
import { createChat } from '../../../src/chat/router.js';
import { ensureOpenCase } from '../../../src/services/cases/index.js';
import { createHttpServer, listen } from '../../../src/server/http-server.js';
import type { Db } from '../../../src/store/connection.js';
import { startFakeLarkApi, type FakeLarkApi, type FakeLarkCall } from '../../support/fake-lark-api.js';
import { cardActionEvent, messageEvent, postLarkEvent, type Mention, type SignOptions } from '../../support/lark-signing.js';
import { testDeliveries, type TestDeliveries } from '../../support/test-deliveries.js';
import { addCustomer, seedOrg, snapshot, TODAY, type OrgFixture } from '../../integration/services/fixtures.js';

export const ENCRYPT_KEY = 'e2e-encrypt-key';
export const TOKEN = 'e2e-verification-token';
/** Lark app ids are cli_ and 16 hex digits (the SDK's long connection checks). */
export const APP_ID = 'cli_a1b2c3d4e5f60718';
/** The chat layer's clock: noon in Shanghai on the fixtures' TODAY. */
export const CHAT_NOW = new Date(`${TODAY}T04:00:00Z`);

export const PEOPLE = ['admin', 'manager', 'manager2', 'finance', 'sales', 'sales2', 'legal'] as const;
export type Who = (typeof PEOPLE)[number];

export interface LarkOrg extends OrgFixture {
  tenantKey: string;
  /** Each person's open_id (linked in chat_identities, except finance: found by email). */
  openId: Record<Who, string>;
  customer: { id: number; code: string; name: string };
  caseId: number;
  /** The alert card posted for the case, and its chat_messages row. */
  alert: { chatId: string; messageId: string };
}

/** Lark's view of our answer: HTTP status, JSON body, time to answer (before the work after it). */
export interface Answer { status: number; json: any; text: string; ms: number }

export interface LarkWorld {
  db: Db;
  fake: FakeLarkApi;
  adapter: LarkAdapter;
  chat: Chat;
  /** The delivery worker what the chat changes leaves through. */
  deliveries: TestDeliveries;
  url: string;
  newOrg(): Promise<LarkOrg>;
  /** Posts an event, encrypted and signed (override with opts); waits for the work after the answer and what it queued. */
  send(payload: unknown, opts?: SignOptions): Promise<Answer>;
  say(org: LarkOrg, who: Who, text: string, extra?: { chatId?: string; chatType?: 'group' | 'p2p'; eventId?: string; mentions?: Mention[] }): Promise<Answer>;
  click(org: LarkOrg, who: Who, source: { chatId: string; messageId: string }, value: unknown, extra?: { formValue?: Record<string, unknown>; eventId?: string }): Promise<Answer>;
  close(): Promise<void>;
}

let seq = 0;

export async function startLarkWorld(db: Db, opts: { cardAnswerMs?: number; mode?: 'http' | 'ws'; log?: Logger } = {}): Promise<LarkWorld> {
  const log = opts.log ?? pino({ level: process.env.LOG_LEVEL_TEST ?? 'silent' });
  const fake = await startFakeLarkApi();
  const ports: Partial<Record<PlatformName, ChatPort>> = {};
  const deliveries = testDeliveries({ db, ports, now: () => CHAT_NOW });
  const chat: Chat = createChat({ db, log, now: () => CHAT_NOW, outbox: deliveries.outbox });
  const adapter = createLarkAdapter({
    chat, db, log,
    config: { appId: APP_ID, appSecret: 'secret', verificationToken: TOKEN, encryptKey: ENCRYPT_KEY, domain: fake.url, mode: opts.mode ?? 'http' },
    defaultLocale: 'en-US',
    ...(opts.cardAnswerMs !== undefined ? { cardAnswerMs: opts.cardAnswerMs } : {}),
  });
  ports.lark = adapter.port;
  await deliveries.start();
  const server: http.Server = createHttpServer({ routes: { 'POST /lark/events': adapter.handler }, ready: async () => ({}), log });
  const port = await listen(server, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/lark/events`;
  if (opts.mode === 'ws') {
    await adapter.start();
    await fake.wsConnected();
  }

  const send: LarkWorld['send'] = async (payload, o = {}) => {
    const r = await postLarkEvent(url, payload, { encryptKey: ENCRYPT_KEY, ...o });
    await adapter.settled();
    await deliveries.settled();
    return r;
  };

  async function newOrg(): Promise<LarkOrg> {
    const org = await seedOrg(db);
    const n = ++seq;
    const tenantKey = `tk_${process.pid}_${n}`;
    await db.insertInto('workspaces').values({ org_id: org.orgId, platform: 'lark', external_id: tenantKey }).execute();
    const openId = Object.fromEntries(PEOPLE.map((p) => [p, `ou_${p}_${n}`])) as Record<Who, string>;
    for (const p of PEOPLE) {
      if (p === 'finance') continue; // linked on first use, by the email the contact API gives
      await db.insertInto('chat_identities').values({ org_id: org.orgId, user_id: org[p].userId, platform: 'lark', external_user_id: openId[p] }).execute();
    }
    fake.setUserEmail(openId.finance, org.finance.email);
    fake.knowUsers(...Object.values(openId));   // from now on a mention of anyone else refuses the card
    const customer = await addCustomer(db, org.orgId, { code: 'C100', name: 'Acme Trading', industry: 'manufacturing',
      invoices: [{ number: 'INV-1', amount: 500_000n, daysOverdue: 95 }, { number: 'INV-2', amount: 120_000n, daysOverdue: 40 }] });
    const opened = await ensureOpenCase(db, org.orgId, customer.id, TODAY);
    const caseId = opened!.row.id;
    // As if the alert job had published the opening already.
    await db.updateTable('case_events').set({ processed_at: new Date() }).where('org_id', '=', org.orgId).execute();
    const invoice = await db.selectFrom('invoices').select('id').where('org_id', '=', org.orgId).where('number', '=', 'INV-1').executeTakeFirstOrThrow();
    // The alert as the alert job would post it: a card in the collections chat, remembered in chat_messages.
    const chatId = `oc_collections_${n}`;
    await db.insertInto('alerts_sent').values({ org_id: org.orgId, invoice_id: invoice.id, case_id: caseId, level: 'red', raised_on: TODAY }).execute();
    const ref = await adapter.port.post(chatId, await alertMessage(db, org.orgId, caseId, invoice.id, 'en-US'), { locale: 'en-US' });
    await db.insertInto('chat_messages').values({ org_id: org.orgId, platform: 'lark', channel_id: ref.channelId, message_id: ref.messageId,
      kind: 'alert', case_id: caseId, invoice_id: invoice.id, updatable_until: new Date(Date.now() + 14 * 86_400_000) }).execute();
    return { ...org, tenantKey, openId, customer, caseId, alert: { chatId: ref.channelId, messageId: ref.messageId } };
  }

  return {
    db, fake, adapter, chat, deliveries, url, newOrg, send,
    say: (org, who, text, extra = {}) => {
      // The person's message exists in the chat, so the bot's reply to it can succeed.
      const messageId = `om_typed_${randomUUID().replace(/-/g, '')}`;
      fake.seedMessage({ id: messageId, chatId: extra.chatId ?? org.alert.chatId });
      return send(messageEvent({ token: TOKEN, tenantKey: org.tenantKey, ...(extra.eventId ? { eventId: extra.eventId } : {}) }, {
      messageId, openId: org.openId[who], chatId: extra.chatId ?? org.alert.chatId, chatType: extra.chatType ?? 'group',
      text: extra.chatType === 'p2p' ? text : `@_user_1 ${text}`,
      mentions: [...(extra.chatType === 'p2p' ? [] : [{ key: '@_user_1', openId: fake.botOpenId, name: 'duebot' }]), ...(extra.mentions ?? [])],
      }));
    },
    click: (org, who, source, value, extra = {}) => send(cardActionEvent({ token: TOKEN, tenantKey: org.tenantKey, ...(extra.eventId ? { eventId: extra.eventId } : {}) }, {
      openId: org.openId[who], chatId: source.chatId, messageId: source.messageId, value,
      ...(extra.formValue ? { formValue: extra.formValue, name: 'submit' } : {}),
    })),
    async close() {
      await adapter.stop();
      await deliveries.stop();
      await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
      await fake.close();
      // Every card the product sent in this file must be one Lark accepts.
      fake.assertNothingRefused();
    },
  };
}

/** The alert of a case as the delivery kinds render it now (from what the alert job recorded). */
export async function alertMessage(db: Db, orgId: number, caseId: number, invoiceId: number | null, locale: Locale): Promise<Message> {
  const data = await loadAlertData(db, orgId, caseId, { invoiceId }, TODAY);
  if (!data) throw new Error(`no alert recorded for case ${caseId}`);
  return defaultJobViews.alert(data, locale);
}

// ---------------------------------------------------------------------------------------------
// Reading what the bot sent

/** Every node of a card (depth first). */
export function nodes(card: unknown): any[] {
  const out: any[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') { out.push(n); Object.values(n).forEach(walk); }
  };
  walk(card);
  return out;
}

/** The callback value of the button with action id `id` on a card. */
export function buttonValue(card: unknown, id: string): { a: string; v: string } | undefined {
  for (const n of nodes(card)) {
    if (n.tag !== 'button') continue;
    const v = n.behaviors?.[0]?.value;
    if (v?.a === id) return v;
  }
  return undefined;
}

/** All the text a card shows (markdown and plain text, in its primary language). */
export function cardText(card: unknown): string {
  return nodes(card).filter((n) => typeof n.content === 'string').map((n) => n.content).join('\n');
}

/** Cards sent (create or reply) to a chat since the call index `from`. */
export function sentCards(calls: FakeLarkCall[], opts: { chatId?: string; replyTo?: string; from?: number } = {}): FakeLarkCall[] {
  return calls.slice(opts.from ?? 0).filter((c) => {
    if (opts.replyTo) return c.endpoint === 'reply' && c.path.includes(`/${opts.replyTo}/`);
    if (opts.chatId) return c.endpoint === 'create' && c.body.receive_id === opts.chatId;
    return c.endpoint === 'create' || c.endpoint === 'reply';
  });
}

/**
 * What a refused or rejected request must leave untouched: the business tables, and receipts
 * other than the adapter's own `lark-event:` dedupe marks (a received event is remembered).
 */
export async function businessState(db: Db, orgId: number) {
  const s = await snapshot(db, orgId);
  const marks = await db.selectFrom('action_receipts').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId).where('key', 'like', 'lark-event:%').executeTakeFirstOrThrow();
  return { ...s, counts: { ...s.counts, action_receipts: (s.counts.action_receipts ?? 0) - Number(marks.n) } };
}
