// A local HTTP server standing in for Lark's Open API, as far as duebot uses it:
//   POST  /open-apis/auth/v3/tenant_access_token/internal
//   GET   /open-apis/bot/v3/info
//   POST  /open-apis/im/v1/messages?receive_id_type=chat_id|open_id   (create)
//   POST  /open-apis/im/v1/messages/:id/reply
//   PATCH /open-apis/im/v1/messages/:id
//   GET   /open-apis/contact/v3/users/:id?user_id_type=open_id
// It records every call (parsed body; `content` of a card parsed too) and answers like Lark:
// `{ code: 0, msg: 'success', data: … }`. Tests set emails, make an endpoint answer a Lark error
// code, answer the rate limit (code 99991400 with x-ogw-ratelimit-reset) or refuse a patch as too
// old (230031).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeLarkEndpoint = 'token' | 'bot_info' | 'create' | 'reply' | 'patch' | 'user';

export interface FakeLarkCall {
  endpoint: FakeLarkEndpoint | 'unknown';
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, any>;
  /** For create / reply / patch of an interactive message: the card JSON, parsed. */
  card?: Record<string, any>;
  /** For create / reply: the id of the message made. */
  messageId?: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface FakeLarkMessage {
  id: string;
  chatId: string;
  rootId?: string;
  threadId?: string;
  msgType: string;
  card?: Record<string, any>;
  /** Every version of the card, oldest first (create, then each patch). */
  versions: Record<string, any>[];
}

export interface FakeLarkApi {
  /** Base URL to give the SDK as its domain (`http://127.0.0.1:1234`). */
  readonly url: string;
  readonly botOpenId: string;
  readonly calls: FakeLarkCall[];
  readonly messages: Map<string, FakeLarkMessage>;
  callsTo(endpoint: FakeLarkEndpoint): FakeLarkCall[];
  /** contact.v3.user.get answers this email for the open_id. */
  setUserEmail(openId: string, email: string): void;
  /** The next `times` calls of `endpoint` answer code 99991400 with x-ogw-ratelimit-reset. */
  rateLimit(endpoint: FakeLarkEndpoint, opts?: { times?: number; resetSec?: number; status?: 429 | 400 }): void;
  /** The next `times` calls of `endpoint` answer HTTP `status` with Lark error `code`. */
  fail(endpoint: FakeLarkEndpoint, code: number, opts?: { times?: number; status?: number; msg?: string }): void;
  /** Patching this message answers 230031 (sent more than 14 days ago). */
  expire(messageId: string): void;
  /** Adds a message as if the bot had posted it earlier (e.g. an alert made by a job). */
  seedMessage(m: { id: string; chatId: string; card?: Record<string, any> }): void;
  waitFor(predicate: (calls: FakeLarkCall[]) => boolean, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeLarkOptions {
  botOpenId?: string;
  tenantToken?: string;
  latencyMs?: number;
}

const ROUTES: { method: string; re: RegExp; endpoint: FakeLarkEndpoint }[] = [
  { method: 'POST', re: /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/, endpoint: 'token' },
  { method: 'GET', re: /^\/open-apis\/bot\/v3\/info\/?$/, endpoint: 'bot_info' },
  { method: 'POST', re: /^\/open-apis\/im\/v1\/messages$/, endpoint: 'create' },
  { method: 'POST', re: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/, endpoint: 'reply' },
  { method: 'PATCH', re: /^\/open-apis\/im\/v1\/messages\/([^/]+)$/, endpoint: 'patch' },
  { method: 'GET', re: /^\/open-apis\/contact\/v3\/users\/([^/]+)$/, endpoint: 'user' },
];

export async function startFakeLarkApi(opts: FakeLarkOptions = {}): Promise<FakeLarkApi> {
  const botOpenId = opts.botOpenId ?? 'ou_bot';
  const tenantToken = opts.tenantToken ?? 't-fake-tenant-token';
  const calls: FakeLarkCall[] = [];
  const messages = new Map<string, FakeLarkMessage>();
  const emails = new Map<string, string>();
  const expired = new Set<string>();
  const limited = new Map<FakeLarkEndpoint, { times: number; resetSec: number; status: number }>();
  const failures = new Map<FakeLarkEndpoint, { times: number; status: number; code: number; msg: string }>();
  let seq = 0;

  const parseCard = (body: Record<string, any>): Record<string, any> | undefined => {
    if (typeof body.content !== 'string') return undefined;
    try { return JSON.parse(body.content); } catch { return undefined; }
  };

  const newMessage = (chatId: string, body: Record<string, any>, rootId?: string): FakeLarkMessage => {
    const id = `om_fake_${++seq}`;
    const card = parseCard(body);
    const m: FakeLarkMessage = { id, chatId, msgType: body.msg_type, card, versions: card ? [card] : [] };
    if (rootId) { m.rootId = rootId; m.threadId = `omt_${rootId}`; }
    messages.set(id, m);
    return m;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://fake');
      const route = ROUTES.map((r) => ({ r, m: r.re.exec(u.pathname) })).find((x) => x.m && x.r.method === req.method);
      const endpoint = route?.r.endpoint ?? 'unknown';
      const pathId = route?.m?.[1] ? decodeURIComponent(route.m[1]) : undefined;
      let body: Record<string, any> = {};
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw) { try { body = JSON.parse(raw); } catch { body = { raw }; } }
      const call: FakeLarkCall = { endpoint, method: req.method ?? '', path: u.pathname, query: Object.fromEntries(u.searchParams), body, headers: req.headers, at: Date.now() };
      const card = parseCard(body);
      if (card) call.card = card;
      calls.push(call);

      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        const out = () => { res.writeHead(status, { 'content-type': 'application/json', ...headers }); res.end(JSON.stringify(payload)); };
        if (opts.latencyMs) setTimeout(out, opts.latencyMs); else out();
      };
      if (endpoint === 'unknown') return send(404, { code: 404, msg: `fake lark: no route ${req.method} ${u.pathname}` });

      if (endpoint !== 'token' && req.headers.authorization !== `Bearer ${tenantToken}`) {
        return send(400, { code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' });
      }
      const limit = limited.get(endpoint);
      if (limit && limit.times > 0) {
        limit.times--;
        return send(limit.status, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(limit.resetSec) });
      }
      const failure = failures.get(endpoint);
      if (failure && failure.times > 0) {
        failure.times--;
        return send(failure.status, { code: failure.code, msg: failure.msg });
      }

      switch (endpoint) {
        case 'token':
          return send(200, { code: 0, msg: 'ok', tenant_access_token: tenantToken, expire: 7200 });
        case 'bot_info':
          return send(200, { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: 'duebot', open_id: botOpenId, ip_white_list: [], avatar_url: '' } });
        case 'create': {
          const type = call.query.receive_id_type ?? 'open_id';
          const chatId = type === 'chat_id' ? String(body.receive_id) : `oc_p2p_${body.receive_id}`;
          const m = newMessage(chatId, body);
          call.messageId = m.id;
          return send(200, { code: 0, msg: 'success', data: messageData(m, body) });
        }
        case 'reply': {
          const parent = messages.get(pathId!);
          if (!parent) return send(400, { code: 230002, msg: 'message not found' });
          const root = parent.rootId ?? parent.id;
          const m = newMessage(parent.chatId, body, body.reply_in_thread ? root : undefined);
          if (!body.reply_in_thread) m.rootId = root;
          call.messageId = m.id;
          return send(200, { code: 0, msg: 'success', data: messageData(m, body) });
        }
        case 'patch': {
          const m = messages.get(pathId!);
          if (!m) return send(400, { code: 230001, msg: 'message not found' });
          if (expired.has(m.id)) {
            return send(400, { code: 230031, msg: 'Message has expired when updating message, ext=Message can only be updated within fourteen days.' });
          }
          if (card) { m.card = card; m.versions.push(card); }
          return send(200, { code: 0, msg: 'success', data: {} });
        }
        case 'user': {
          const email = emails.get(pathId!);
          return send(200, { code: 0, msg: 'success', data: { user: { open_id: pathId, name: 'someone', ...(email ? { email } : {}) } } });
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url, botOpenId, calls, messages,
    callsTo: (endpoint) => calls.filter((c) => c.endpoint === endpoint),
    setUserEmail: (openId, email) => { emails.set(openId, email); },
    rateLimit: (endpoint, o = {}) => { limited.set(endpoint, { times: o.times ?? 1, resetSec: o.resetSec ?? 1, status: o.status ?? 429 }); },
    fail: (endpoint, code, o = {}) => { failures.set(endpoint, { times: o.times ?? 1, status: o.status ?? 400, code, msg: o.msg ?? `fake error ${code}` }); },
    expire: (messageId) => { expired.add(messageId); },
    seedMessage: (m) => { messages.set(m.id, { id: m.id, chatId: m.chatId, msgType: 'interactive', card: m.card, versions: m.card ? [m.card] : [] }); },
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(calls)) {
        if (Date.now() > deadline) throw new Error(`fake lark: condition not met in ${timeoutMs} ms; calls: ${calls.map((c) => c.endpoint).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    reset: () => { calls.length = 0; limited.clear(); failures.clear(); },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function messageData(m: FakeLarkMessage, body: Record<string, any>) {
  return {
    message_id: m.id,
    root_id: m.rootId ?? '',
    parent_id: m.rootId ?? '',
    ...(m.threadId ? { thread_id: m.threadId } : {}),
    msg_type: body.msg_type,
    create_time: String(Date.now()),
    update_time: String(Date.now()),
    deleted: false,
    updated: false,
    chat_id: m.chatId,
    sender: { id: 'cli_test', id_type: 'app_id', sender_type: 'app', tenant_key: 'fake' },
    body: { content: body.content },
  };
}
