// A local HTTP server standing in for Lark's Open API, as far as duebot uses it:
//   POST  /open-apis/auth/v3/tenant_access_token/internal
//   GET   /open-apis/bot/v3/info
//   POST  /open-apis/im/v1/messages?receive_id_type=chat_id|open_id   (create)
//   POST  /open-apis/im/v1/messages/:id/reply
//   PATCH /open-apis/im/v1/messages/:id
//   GET   /open-apis/contact/v3/users/:id?user_id_type=open_id
//   GET   /open-apis/im/v1/chats/:chat_id    (chat_mode p2p|group|topic, external: another tenant's people)
//   POST  /open-apis/im/v1/images   (multipart: image_type=message, image; a card's img needs its key)
//   POST  /open-apis/im/v1/files    (multipart: file_type, file_name, file; a file message needs its key)
//   POST  /callback/ws/endpoint, then a WebSocket at /ws        (the long connection, LARK_MODE=ws)
// It records every call (parsed body; `content` of a card parsed too) and answers like Lark:
// `{ code: 0, msg: 'success', data: … }`. Tests set emails, make an endpoint answer a Lark error
// code, answer the rate limit (code 99991400 with x-ogw-ratelimit-reset) or refuse a patch as too
// old (230031).
// It is strict: every card sent or patched is checked against card JSON 2.0 as Lark documents it
// (./lark-card-rules.ts: known tags and attributes, 30 KB, 200 components, `<at>` ids the tenant
// has once `knowUsers` names them) and refused with Lark's code and sub-code; refusals are kept.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { larkCardRefusal } from './lark-card-rules.js';

export type FakeLarkEndpoint = 'token' | 'bot_info' | 'create' | 'reply' | 'patch' | 'user' | 'ws_endpoint' | 'image' | 'chat' | 'file';

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
  /** Files uploaded to im/v1/files, by file_key. */
  readonly files: Map<string, { name: string; type: string; data: Buffer }>;
  callsTo(endpoint: FakeLarkEndpoint): FakeLarkCall[];
  /** Cards the strict checks refused, with Lark's code and what was wrong. */
  readonly refusals: { endpoint: FakeLarkEndpoint; code: number; msg: string; errors: string[] }[];
  /** The tenant's people: from now on a mention of any other open_id refuses the card (100290). */
  knowUsers(...openIds: string[]): void;
  /** Throws, naming what was wrong, if any card was refused (worlds call it when they close). */
  assertNothingRefused(): void;
  /** contact.v3.user.get answers this email for the open_id. */
  setUserEmail(openId: string, email: string): void;
  /**
   * How im/v1/chats/:chat_id describes a chat from now on: fields over an internal group chat
   * (`external: true` for an external chat, `chat_mode: 'p2p'`), or `{ code }` (232011: the bot is
   * not in the chat). By default oc_p2p_… chats are p2p and every other chat an internal group.
   */
  setChat(chatId: string, info: Record<string, unknown> | { code: number }): void;
  /** The next `times` calls of `endpoint` answer code 99991400 with x-ogw-ratelimit-reset. */
  rateLimit(endpoint: FakeLarkEndpoint, opts?: { times?: number; resetSec?: number; status?: 429 | 400 }): void;
  /** The next `times` calls of `endpoint` answer HTTP `status` with Lark error `code`. */
  fail(endpoint: FakeLarkEndpoint, code: number, opts?: { times?: number; status?: number; msg?: string }): void;
  /** The next `times` calls of `endpoint` are carried out but never answered: the connection drops after `afterMs`. */
  drop(endpoint: FakeLarkEndpoint, times?: number, afterMs?: number): void;
  /** Patching this message answers 230031 (sent more than 14 days ago). */
  expire(messageId: string): void;
  /** Adds a message as if the bot had posted it earlier (e.g. an alert made by a job). */
  seedMessage(m: { id: string; chatId: string; card?: Record<string, any> }): void;
  waitFor(predicate: (calls: FakeLarkCall[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Long connection: resolves once a client is connected over the WebSocket. */
  wsConnected(timeoutMs?: number): Promise<void>;
  /**
   * Long connection: pushes an event (plain JSON, as Lark does over the socket) and resolves with
   * the client's answer frame: `{ code, data }`, `data` decoded from base64 JSON.
   */
  pushEvent(payload: unknown, timeoutMs?: number): Promise<{ code: number; data?: any }>;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeLarkOptions {
  botOpenId?: string;
  /** The app secret the long-connection endpoint accepts (default 'secret'). */
  appSecret?: string;
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
  { method: 'GET', re: /^\/open-apis\/im\/v1\/chats\/([^/]+)$/, endpoint: 'chat' },
  { method: 'POST', re: /^\/callback\/ws\/endpoint$/, endpoint: 'ws_endpoint' },
  { method: 'POST', re: /^\/open-apis\/im\/v1\/images$/, endpoint: 'image' },
  { method: 'POST', re: /^\/open-apis\/im\/v1\/files$/, endpoint: 'file' },
];

/** multipart/form-data → text fields, and file fields as their byte length (what the fake checks). */
function parseMultipart(raw: Buffer, contentType: string): Record<string, any> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return {};
  const sep = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const out: Record<string, any> = {};
  let at = raw.indexOf(sep);
  while (at >= 0) {
    const next = raw.indexOf(sep, at + sep.length);
    if (next < 0) break;
    const part = raw.subarray(at + sep.length + 2, next - 2);   // after CRLF, before CRLF
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const data = part.subarray(split + 4);
    const name = /name="([^"]+)"/.exec(head)?.[1];
    // The bytes themselves ride along unlisted (not enumerable): calls compare by length and format.
    if (name) out[name] = /filename="|content-type:/i.test(head)
      ? Object.defineProperty({ bytes: data.length, png: data.subarray(1, 4).toString('latin1') === 'PNG' }, 'data', { value: Buffer.from(data) })
      : data.toString('utf8');
    at = next;
  }
  return out;
}

/** img_keys a card shows (card JSON 2.0 elements, nested in columns and panels). */
function cardImageKeys(card: unknown): string[] {
  const keys: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) { x.forEach(walk); return; }
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o.tag === 'img' && typeof o.img_key === 'string') keys.push(o.img_key);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return keys;
}

export async function startFakeLarkApi(opts: FakeLarkOptions = {}): Promise<FakeLarkApi> {
  const botOpenId = opts.botOpenId ?? 'ou_bot';
  const tenantToken = opts.tenantToken ?? 't-fake-tenant-token';
  const appSecret = opts.appSecret ?? 'secret';
  const calls: FakeLarkCall[] = [];
  const refusals: FakeLarkApi['refusals'] = [];
  let known: Set<string> | null = null;
  const messages = new Map<string, FakeLarkMessage>();
  const emails = new Map<string, string>();
  const chats = new Map<string, Record<string, unknown> | { code: number }>();
  const expired = new Set<string>();
  const images = new Set<string>();
  const files = new Map<string, { name: string; type: string; data: Buffer }>();
  const limited = new Map<FakeLarkEndpoint, { times: number; resetSec: number; status: number }>();
  const failures = new Map<FakeLarkEndpoint, { times: number; status: number; code: number; msg: string }>();
  const drops = new Map<FakeLarkEndpoint, { times: number; afterMs: number }>();
  // Lark sends one message per request uuid within an hour; a resend answers the first message.
  const byUuid = new Map<string, FakeLarkMessage>();
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
      const contentType = String(req.headers['content-type'] ?? '');
      if (contentType.startsWith('multipart/form-data')) body = parseMultipart(Buffer.concat(chunks), contentType);
      else if (raw) { try { body = JSON.parse(raw); } catch { body = { raw }; } }
      const call: FakeLarkCall = { endpoint, method: req.method ?? '', path: u.pathname, query: Object.fromEntries(u.searchParams), body, headers: req.headers, at: Date.now() };
      const card = parseCard(body);
      if (card) call.card = card;
      calls.push(call);

      const drop = endpoint === 'unknown' ? undefined : drops.get(endpoint);
      const dropping = !!drop && drop.times > 0;
      if (drop && dropping) drop.times--;
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        if (dropping) { setTimeout(() => req.socket.destroy(), drop!.afterMs); return; }
        const out = () => { res.writeHead(status, { 'content-type': 'application/json', ...headers }); res.end(JSON.stringify(payload)); };
        if (opts.latencyMs) setTimeout(out, opts.latencyMs); else out();
      };
      if (endpoint === 'unknown') return send(404, { code: 404, msg: `fake lark: no route ${req.method} ${u.pathname}` });

      if (endpoint === 'ws_endpoint') {
        if (body.AppSecret !== appSecret) return send(200, { code: 1000040343, msg: 'invalid app secret' });
        return send(200, { code: 0, msg: 'ok', data: {
          URL: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws?device_id=fake-device&service_id=7`,
          ClientConfig: { PingInterval: 120, ReconnectCount: 0, ReconnectInterval: 1, ReconnectNonce: 0 },
        } });
      }
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

      // A card sent or patched: refused as Lark refuses it.
      if ((endpoint === 'create' || endpoint === 'reply' || endpoint === 'patch') && typeof body.content === 'string'
        && (endpoint === 'patch' || body.msg_type === 'interactive')) {
        const refused = larkCardRefusal(body.content, known);
        if (refused) {
          refusals.push({ endpoint, ...refused });
          return send(400, { code: refused.code, msg: refused.msg });
        }
      }

      // A card may show only images this app uploaded (im/v1/images); Lark refuses the card otherwise.
      if (card && cardImageKeys(card).some((k) => !images.has(k))) return send(400, { code: 230099, msg: 'Failed to create card content: image key not found' });
      // A file message may send only files this app uploaded (im/v1/files).
      if ((endpoint === 'create' || endpoint === 'reply') && body.msg_type === 'file') {
        let key: unknown;
        try { key = JSON.parse(String(body.content)).file_key; } catch { key = undefined; }
        if (typeof key !== 'string' || !files.has(key)) return send(400, { code: 230001, msg: 'invalid request param: content.file_key' });
      }
      switch (endpoint) {
        case 'file': {
          // im/v1/files: file_type one of opus, mp4, pdf, doc, xls, ppt, stream; file_name; file ≤ 30 MB, not empty.
          if (!['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream'].includes(String(body.file_type))) return send(400, { code: 234001, msg: 'Invalid request param: file_type' });
          if (typeof body.file_name !== 'string' || !body.file_name) return send(400, { code: 234001, msg: 'Invalid request param: file_name' });
          if (!body.file?.bytes) return send(400, { code: 234010, msg: 'File\'s size can\'t be 0' });
          if (body.file.bytes > 30 * 1024 * 1024) return send(400, { code: 234006, msg: 'The file exceeds 30 MB' });
          const key = `file_v3_fake_${++seq}`;
          files.set(key, { name: body.file_name, type: String(body.file_type), data: body.file.data });
          return send(200, { code: 0, msg: 'success', data: { file_key: key } });
        }
        case 'image': {
          if (body.image_type !== 'message' && body.image_type !== 'avatar') return send(400, { code: 234001, msg: 'Invalid request param: image_type' });
          if (!body.image?.bytes) return send(400, { code: 234001, msg: 'Invalid request param: image' });
          if (!body.image.png) return send(400, { code: 234011, msg: 'Can\'t recognise image format' });
          if (body.image.bytes > 10 * 1024 * 1024) return send(400, { code: 234006, msg: 'The image exceeds 10 MB' });
          const key = `img_v3_fake_${++seq}`;
          images.add(key);
          return send(200, { code: 0, msg: 'success', data: { image_key: key } });
        }
        case 'token':
          return send(200, { code: 0, msg: 'ok', tenant_access_token: tenantToken, expire: 7200 });
        case 'bot_info':
          return send(200, { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: 'duebot', open_id: botOpenId, ip_white_list: [], avatar_url: '' } });
        case 'create': {
          const type = call.query.receive_id_type ?? 'open_id';
          const chatId = type === 'chat_id' ? String(body.receive_id) : `oc_p2p_${body.receive_id}`;
          const seen = body.uuid ? byUuid.get(String(body.uuid)) : undefined;
          if (seen) { call.messageId = seen.id; return send(200, { code: 0, msg: 'success', data: messageData(seen, body) }); }
          const m = newMessage(chatId, body);
          if (body.uuid) byUuid.set(String(body.uuid), m);
          call.messageId = m.id;
          return send(200, { code: 0, msg: 'success', data: messageData(m, body) });
        }
        case 'reply': {
          const parent = messages.get(pathId!);
          if (!parent) return send(400, { code: 230002, msg: 'message not found' });
          const root = parent.rootId ?? parent.id;
          const seen = body.uuid ? byUuid.get(String(body.uuid)) : undefined;
          if (seen) { call.messageId = seen.id; return send(200, { code: 0, msg: 'success', data: messageData(seen, body) }); }
          const m = newMessage(parent.chatId, body, body.reply_in_thread ? root : undefined);
          if (body.uuid) byUuid.set(String(body.uuid), m);
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
        case 'chat': {
          // Lark's chat object, as far as duebot reads it (https://open.feishu.cn/document/server-docs/group/chat/get-2).
          const set = chats.get(pathId!);
          if (set && typeof set.code === 'number') return send(400, { code: set.code, msg: 'Operator can NOT be out of the chat.' });
          const p2p = pathId!.startsWith('oc_p2p_');
          return send(200, { code: 0, msg: 'success', data: { name: p2p ? '' : `chat ${pathId}`, chat_mode: p2p ? 'p2p' : 'group',
            chat_type: 'private', chat_tag: 'inner', external: false, tenant_key: 'fake', owner_id_type: 'open_id', user_count: '3', bot_count: '1',
            chat_status: 'normal', ...(set ?? {}) } });
        }
        case 'user': {
          const email = emails.get(pathId!);
          return send(200, { code: 0, msg: 'success', data: { user: { open_id: pathId, name: 'someone', ...(email ? { email } : {}),
            status: { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false } } } });
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The long connection: `ws` is the SDK's own WebSocket library (imported by name: no types here).
  const wsModule = 'ws';
  const { WebSocketServer } = await import(wsModule);
  const wss = new WebSocketServer({ server, path: '/ws' });
  const sockets = new Set<any>();
  const answers = new Map<string, (frame: Frame) => void>();
  let frameSeq = 0;
  wss.on('connection', (socket: any) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (buf: Buffer) => {
      const frame = decodeFrame(buf);
      const type = frame.headers.find((h) => h.key === 'type')?.value;
      if (frame.method === 0 && type === 'ping') {
        socket.send(encodeFrame({ SeqID: 0, LogID: 0, service: frame.service, method: 0, headers: [{ key: 'type', value: 'pong' }],
          payload: Buffer.from(JSON.stringify({ PingInterval: 120, ReconnectCount: 0, ReconnectInterval: 1, ReconnectNonce: 0 })) }));
        return;
      }
      const id = frame.headers.find((h) => h.key === 'message_id')?.value;
      if (frame.method === 1 && id) answers.get(id)?.(frame);
    });
  });

  return {
    url, botOpenId, calls, messages, files,
    callsTo: (endpoint) => calls.filter((c) => c.endpoint === endpoint),
    refusals,
    knowUsers: (...openIds) => { known ??= new Set([botOpenId]); for (const id of openIds) known.add(id); },
    assertNothingRefused() {
      if (refusals.length === 0) return;
      const lines = refusals.slice(0, 5).map((r) => `${r.endpoint} → ${r.code}: ${r.errors.slice(0, 3).join('; ')}`);
      throw new Error(`fake Lark API refused ${refusals.length} card(s) as Lark would:\n${lines.join('\n')}`);
    },
    setUserEmail: (openId, email) => { emails.set(openId, email); },
    setChat: (chatId, info) => { chats.set(chatId, info); },
    rateLimit: (endpoint, o = {}) => { limited.set(endpoint, { times: o.times ?? 1, resetSec: o.resetSec ?? 1, status: o.status ?? 429 }); },
    fail: (endpoint, code, o = {}) => { failures.set(endpoint, { times: o.times ?? 1, status: o.status ?? 400, code, msg: o.msg ?? `fake error ${code}` }); },
    expire: (messageId) => { expired.add(messageId); },
    drop: (endpoint, times = 1, afterMs = 0) => { drops.set(endpoint, { times, afterMs }); },
    seedMessage: (m) => { messages.set(m.id, { id: m.id, chatId: m.chatId, msgType: 'interactive', card: m.card, versions: m.card ? [m.card] : [] }); },
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(calls)) {
        if (Date.now() > deadline) throw new Error(`fake lark: condition not met in ${timeoutMs} ms; calls: ${calls.map((c) => c.endpoint).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async wsConnected(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (sockets.size === 0) {
        if (Date.now() > deadline) throw new Error('fake lark: no long connection');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    pushEvent(payload, timeoutMs = 5000) {
      const socket = [...sockets][0];
      if (!socket) return Promise.reject(new Error('fake lark: no long connection'));
      const id = `msg_${++frameSeq}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { answers.delete(id); reject(new Error('fake lark: no answer on the long connection')); }, timeoutMs);
        answers.set(id, (frame) => {
          clearTimeout(timer);
          answers.delete(id);
          const body = JSON.parse(frame.payload.toString('utf8')) as { code: number; data?: string };
          resolve({ code: body.code, ...(body.data ? { data: JSON.parse(Buffer.from(body.data, 'base64').toString('utf8')) } : {}) });
        });
        socket.send(encodeFrame({ SeqID: frameSeq, LogID: frameSeq, service: 7, method: 1, headers: [
          { key: 'type', value: 'event' }, { key: 'message_id', value: id }, { key: 'sum', value: '1' }, { key: 'seq', value: '0' },
          { key: 'trace_id', value: `trace_${frameSeq}` },
        ], payload: Buffer.from(JSON.stringify(payload)) }));
      });
    },
    reset: () => { calls.length = 0; refusals.length = 0; limited.clear(); failures.clear(); },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.terminate();
      wss.close();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
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

// ---------------------------------------------------------------------------------------------
// The long connection's frames: protobuf `pbbp2.Frame` (SeqID=1, LogID=2, service=3, method=4,
// headers=5 {key=1, value=2}, payload_encoding=6, payload_type=7, payload=8, LogIDNew=9).
// method 0 = control (ping/pong), 1 = data (events and their answers).

interface Frame { SeqID: number; LogID: number; service: number; method: number; headers: { key: string; value: string }[]; payload: Buffer }

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) { out.push((v & 0x7f) | 0x80); v = Math.floor(v / 128); }
  out.push(v);
  return Buffer.from(out);
}
const tag = (field: number, wire: number) => varint((field << 3) | wire);
const bytesField = (field: number, b: Buffer) => Buffer.concat([tag(field, 2), varint(b.length), b]);

function encodeFrame(f: Frame): Buffer {
  const parts = [tag(1, 0), varint(f.SeqID), tag(2, 0), varint(f.LogID), tag(3, 0), varint(f.service), tag(4, 0), varint(f.method)];
  for (const h of f.headers) parts.push(bytesField(5, Buffer.concat([bytesField(1, Buffer.from(h.key)), bytesField(2, Buffer.from(h.value))])));
  parts.push(bytesField(8, f.payload));
  return Buffer.concat(parts);
}

function readFields(buf: Buffer): { field: number; value: number | Buffer }[] {
  const out: { field: number; value: number | Buffer }[] = [];
  let pos = 0;
  const readVarint = () => {
    let result = 0; let mul = 1;
    for (;;) {
      const b = buf[pos++]!;
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
  };
  while (pos < buf.length) {
    const key = readVarint();
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, value: readVarint() });
    else if (wire === 2) { const len = readVarint(); out.push({ field, value: buf.subarray(pos, pos + len) }); pos += len; }
    else throw new Error(`fake lark: unexpected protobuf wire type ${wire}`);
  }
  return out;
}

function decodeFrame(buf: Buffer): Frame {
  const f: Frame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [], payload: Buffer.alloc(0) };
  for (const { field, value } of readFields(buf)) {
    if (field === 1) f.SeqID = value as number;
    else if (field === 2) f.LogID = value as number;
    else if (field === 3) f.service = value as number;
    else if (field === 4) f.method = value as number;
    else if (field === 5) {
      const h = readFields(value as Buffer);
      f.headers.push({ key: (h.find((x) => x.field === 1)?.value as Buffer).toString(), value: (h.find((x) => x.field === 2)?.value as Buffer).toString() });
    } else if (field === 8) f.payload = Buffer.from(value as Buffer);
  }
  return f;
}
