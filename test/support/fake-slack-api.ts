// A local HTTP server standing in for Slack's Web API (`POST /api/<method>`) and for response_url
// hooks (`POST /response/<id>`). It records every call (method, parsed body, headers) and answers
// like Slack: `{ ok: true, … }` with the fields our code reads. Tests set users' emails, make a
// method fail, or make it answer 429 with Retry-After.
// It is strict: every payload is checked against Slack's published rules (./slack-api-rules.ts)
// and refused as Slack refuses it (`invalid_blocks`, `invalid_arguments`, `no_text`…); each
// refusal is kept in `refusals`, so a test can also assert that nothing was refused.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackRefusal } from './slack-api-rules.js';

export interface FakeSlackCall {
  method: string;
  /** The parsed body; JSON-encoded form fields (blocks, view, attachments…) are parsed too. */
  body: Record<string, any>;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface FakeSlackApi {
  /** Web API base URL, with the trailing slash WebClient expects (`http://127.0.0.1:1234/api/`). */
  readonly url: string;
  /** A response_url that records what is posted to it as a call with method `response_url`. */
  responseUrl(id: string): string;
  readonly calls: FakeSlackCall[];
  /** The calls the strict checks refused, with what was wrong (Slack's `errors`). */
  readonly refusals: { method: string; error: string; errors: string[]; body: Record<string, any> }[];
  callsTo(method: string): FakeSlackCall[];
  /** Throws, naming what was wrong, if any payload was refused (stacks call it when they close). */
  assertNothingRefused(): void;
  /** users.info answers this email for the user (absent: no email in the profile); confirmed, a full member of the team. */
  setUserEmail(userId: string, email: string): void;
  /** users.info answers these fields of Slack's user object over the default (`is_restricted`, `is_email_confirmed`, `team_id`, `deleted`…). */
  setUser(userId: string, fields: Record<string, unknown>): void;
  /**
   * How conversations.info describes a channel from now on: fields of Slack's conversation object
   * (`is_ext_shared`, `is_shared`, `is_im`, `user`…) over a plain internal channel, or `{ error }`
   * (Slack answers `channel_not_found` for a private channel or a DM the bot is not in).
   * By default a C… channel is internal and a D… channel is the bot's DM with the user after the D.
   */
  setChannel(channelId: string, info: Record<string, unknown> | { error: string }): void;
  /** The next `times` calls of `method` answer 429 with `Retry-After: retryAfterSec`. */
  rateLimit(method: string, times?: number, retryAfterSec?: number): void;
  /** The next `times` calls of `method` answer `{ ok: false, error }`, with HTTP `status` (default 200; 500: a server error). */
  fail(method: string, error: string, times?: number, status?: number): void;
  /**
   * The next `times` calls of `method` are carried out but never answered: the connection is
   * dropped after `afterMs` (a timeout or a reset as the caller sees it; the outcome is unknown).
   */
  drop(method: string, times?: number, afterMs?: number): void;
  /**
   * The next `times` calls of `method` are held on their way: recorded as made, but neither carried
   * out nor answered until release() (a call still in flight: Slack shows nothing of it yet).
   */
  hold(method: string, times?: number): void;
  /** Carries out and answers every held call. */
  release(): void;
  /** How many calls are held now. */
  readonly held: number;
  /** The messages posted to a channel (roots and replies), with their metadata, oldest first. */
  messages(channel: string): { ts: string; thread_ts?: string; text?: string; metadata?: unknown }[];
  /** Waits until `predicate(calls)` holds (polling), or throws after `timeoutMs`. */
  waitFor(predicate: (calls: FakeSlackCall[]) => boolean, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeSlackOptions {
  teamId?: string;
  botUserId?: string;
  /** Added before every answer (simulates the network). */
  latencyMs?: number;
}

export async function startFakeSlackApi(opts: FakeSlackOptions = {}): Promise<FakeSlackApi> {
  const teamId = opts.teamId ?? 'T0001';
  const botUserId = opts.botUserId ?? 'UBOT';
  const calls: FakeSlackCall[] = [];
  const refusals: FakeSlackApi['refusals'] = [];
  const emails = new Map<string, string>();
  const channels = new Map<string, Record<string, unknown> | { error: string }>();
  const users = new Map<string, Record<string, unknown>>();
  const limited = new Map<string, { times: number; retryAfter: number }>();
  const failures = new Map<string, { times: number; error: string; status: number }>();
  const drops = new Map<string, { times: number; afterMs: number }>();
  const holds = new Map<string, number>();
  const held: (() => void)[] = [];
  const history = new Map<string, { ts: string; thread_ts?: string; text?: string; metadata?: unknown }[]>();
  let seq = 0;
  let base = '';
  // The external upload, as Slack checks it: the URL is used before complete, with exactly the
  // declared length; a post shows a file in an image block only once it is completed.
  const files = new Map<string, { length: number; received?: number; completed: boolean }>();
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;

  const answer = (method: string, body: Record<string, any>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'duebot', team_id: teamId, user_id: botUserId, bot_id: 'BBOT' };
      case 'files.getUploadURLExternal': {
        const length = Number(body.length);
        if (!body.filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++seq).padStart(6, '0')}`;
        files.set(id, { length, completed: false });
        return { ok: true, upload_url: `${base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = Array.isArray(body.files) ? body.files as { id?: string; title?: string }[] : [];
        if (list.length === 0 || (body.thread_ts && !body.channel_id)) return { ok: false, error: 'invalid_arguments' };
        for (const f of list) {
          const file = files.get(String(f.id));
          if (!file || file.received === undefined) return { ok: false, error: 'file_not_found' };
          if (file.received !== file.length) return { ok: false, error: 'file_size_mismatch' };
        }
        for (const f of list) files.get(String(f.id))!.completed = true;
        return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      case 'chat.postMessage': {
        const images = (Array.isArray(body.blocks) ? body.blocks : []).filter((b: { type?: string }) => b.type === 'image');
        if (images.some((b: { slack_file?: { id?: string } }) => !files.get(String(b.slack_file?.id))?.completed)) {
          return { ok: false, error: 'invalid_blocks' };
        }
        const ts = nextTs();
        const list = history.get(String(body.channel)) ?? [];
        list.push({ ts, text: body.text, ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}), ...(body.metadata ? { metadata: body.metadata } : {}) });
        history.set(String(body.channel), list);
        return { ok: true, channel: body.channel, ts, message: { ts, text: body.text, thread_ts: body.thread_ts } };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        // Metadata only with include_all_metadata (Slack's rule); replies: the root and its thread.
        const withMeta = String(body.include_all_metadata) === 'true';
        const oldest = Number(body.oldest ?? 0);
        const list = (history.get(String(body.channel)) ?? []).filter((m) => Number(m.ts) >= oldest)
          .filter((m) => (method === 'conversations.history' ? !m.thread_ts : m.ts === body.ts || m.thread_ts === body.ts));
        return { ok: true, messages: list.map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
          ...(withMeta && m.metadata ? { metadata: m.metadata } : {}) })).reverse(), has_more: false };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'users.info': {
        // Slack's user object (https://api.slack.com/types/user), as far as linking by email reads it.
        const email = emails.get(String(body.user));
        return { ok: true, user: { id: body.user, team_id: teamId, name: String(body.user).toLowerCase(), deleted: false, is_bot: false,
          is_restricted: false, is_ultra_restricted: false, is_email_confirmed: true, profile: email ? { email } : {},
          ...users.get(String(body.user)) } };
      }
      case 'conversations.info': {
        // Slack's conversation object, as far as sharing and DMs go (https://api.slack.com/types/conversation).
        const id = String(body.channel ?? '');
        if (!id) return { ok: false, error: 'invalid_arguments' };
        const set = channels.get(id);
        if (set && 'error' in set) return { ok: false, error: set.error };
        const base: Record<string, unknown> = id.startsWith('D')
          ? { id, created: 1_700_000_000, is_im: true, is_org_shared: false, user: id.slice(1), is_user_deleted: false }
          : { id, name: id.toLowerCase(), created: 1_700_000_000, is_channel: true, is_group: false, is_im: false, is_mpim: false,
            is_private: false, is_archived: false, is_general: false, is_shared: false, is_ext_shared: false, is_org_shared: false,
            is_pending_ext_shared: false, is_member: true };
        return { ok: true, channel: { ...base, ...(set ?? {}) } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users ?? '').split(',')[0]}` } };
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return { ok: true, view: { id: `V${++seq}`, ...(typeof body.view === 'object' ? body.view : {}) } };
      default:
        return { ok: true };
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
        const path = (req.url ?? '/').split('?')[0]!;
        const upload = /^\/upload\/(F\d+)$/.exec(path);
        if (upload) {
          // files.slack.com answers 200 "OK - <bytes>"; an unknown or reused URL is a 404.
          const file = files.get(upload[1]!);
          const data = Buffer.concat(chunks);
          const bytes = data.length;
          calls.push({ method: 'file_upload', body: Object.defineProperty({ file_id: upload[1], bytes }, 'data', { value: data }), headers: req.headers, at: Date.now() });
          if (!file || file.received !== undefined) { res.writeHead(404); res.end('Not Found'); return; }
          file.received = bytes;
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`OK - ${bytes}`);
          return;
        }
        const body = parseBody(Buffer.concat(chunks).toString('utf8'), String(req.headers['content-type'] ?? ''));
        const hook = /^\/response\/(.+)$/.exec(path);
        const method = hook ? 'response_url' : path.replace(/^\/api\//, '');
        if (hook) body.response_id = decodeURIComponent(hook[1]!);
        calls.push({ method, body, headers: req.headers, at: Date.now() });
        if ((holds.get(method) ?? 0) > 0) {
          holds.set(method, holds.get(method)! - 1);
          await new Promise<void>((resolve) => held.push(resolve));
        }
        const limit = limited.get(method);
        if (limit && limit.times > 0) {
          limit.times--;
          res.writeHead(429, { 'retry-after': String(limit.retryAfter), 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        const drop = drops.get(method);
        if (drop && drop.times > 0) {
          drop.times--;
          if (!hook) answer(method, body);   // done, but the caller never hears of it
          setTimeout(() => req.socket.destroy(), drop.afterMs);
          return;
        }
        const failure = failures.get(method);
        const refused = slackRefusal(method, body);
        let out: Record<string, unknown>;
        if (refused) {
          refusals.push({ method, ...refused, body });
          out = { ok: false, error: refused.error, errors: refused.errors.slice(0, 10),
            response_metadata: { messages: refused.errors.slice(0, 10).map((e) => `[ERROR] ${e}`) } };
        } else if (failure && failure.times > 0) {
          failure.times--;
          out = { ok: false, error: failure.error };
          if (failure.status !== 200) { res.writeHead(failure.status, { 'content-type': 'application/json' }); res.end(JSON.stringify(out)); return; }
        } else {
          out = hook ? { ok: true } : answer(method, body);
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${encodeURIComponent(id)}`,
    calls,
    refusals,
    callsTo: (method) => calls.filter((c) => c.method === method),
    assertNothingRefused() {
      if (refusals.length === 0) return;
      const lines = refusals.slice(0, 5).map((r) => `${r.method} → ${r.error}: ${r.errors.slice(0, 3).join('; ')}`);
      throw new Error(`fake Slack API refused ${refusals.length} payload(s) as Slack would:\n${lines.join('\n')}`);
    },
    setUserEmail: (userId, email) => { emails.set(userId, email); },
    setChannel: (channelId, info) => { channels.set(channelId, info); },
    setUser: (userId, fields) => { users.set(userId, fields); },
    rateLimit: (method, times = 1, retryAfterSec = 30) => { limited.set(method, { times, retryAfter: retryAfterSec }); },
    fail: (method, error, times = 1, status = 200) => { failures.set(method, { times, error, status }); },
    drop: (method, times = 1, afterMs = 0) => { drops.set(method, { times, afterMs }); },
    hold: (method, times = 1) => { holds.set(method, times); },
    release: () => { for (const go of held.splice(0)) go(); },
    get held() { return held.length; },
    messages: (channel) => [...(history.get(channel) ?? [])],
    async waitFor(predicate, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(calls)) {
        if (Date.now() > until) throw new Error(`fake Slack API: condition not met within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset: () => { calls.length = 0; refusals.length = 0; limited.clear(); failures.clear(); drops.clear(); holds.clear(); history.clear(); channels.clear(); },
    close: () => new Promise<void>((resolve) => { holds.clear(); held.splice(0); server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** WebClient posts form fields with nested values JSON-encoded; response_url posts JSON. */
function parseBody(text: string, contentType: string): Record<string, any> {
  if (text === '') return {};
  if (contentType.startsWith('application/json')) {
    try { return JSON.parse(text) as Record<string, any>; } catch { return { _raw: text }; }
  }
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (v.startsWith('[') || v.startsWith('{')) {
      try { out[k] = JSON.parse(v); continue; } catch { /* a plain string that looks like JSON */ }
    }
    out[k] = v;
  }
  return out;
}
