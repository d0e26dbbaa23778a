// The Lark (Feishu) adapter: `POST /lark/events` (events and card actions, HTTP mode) or the SDK's
// long connection (LARK_MODE=ws), both into the same handlers; and the ChatPort the chat layer and
// the jobs post through. Every HTTP request is verified here (verify.ts) BEFORE the SDK's
// EventDispatcher sees it; the dispatcher then only routes by event type.
import { personLeft } from '../../src/services/people/person-left.js';
import { recheckChatLink } from '../../src/services/people/recheck-chat-link.js';
import type { ChatProfile } from '../../src/services/identity.js';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import type { Chat } from '../../src/chat/chat.js';
import type { Locale } from '../../src/chat/message.js';
import { ConfigError, LARK_ENCRYPT_KEY_NEEDED, type Config } from '../../src/config.js';
import type { RouteHandler } from '../../src/server/http-server.js';
import type { Db } from '../../src/services/database.js';
import { LarkApi, larkDomain, sdkLogger } from './api.js';
import { createChatLookup } from './chats.js';
import { createEventDeduper, type EventDeduper, type RedisSetNx } from './dedupe.js';
import { createEventHandles } from './events.js';
import { LarkPort } from './port.js';
import { verifyLarkRequest } from './verify.js';

export interface LarkAdapterConfig {
  appId: string;
  appSecret: string;
  verificationToken?: string;
  encryptKey?: string;
  /** 'feishu' | 'lark' | a base URL (tests: the fake API). */
  domain: string;
  mode: 'http' | 'ws';
}

export interface LarkAdapterOptions {
  /** The chat layer (built before the adapters: what it changes leaves through the jobs' outbox, not a port). */
  chat: Chat;
  db: Db;
  config: LarkAdapterConfig;
  log: Logger;
  now?: () => Date;
  /** For event dedupe across processes; without it, PostgreSQL action_receipts. */
  redis?: RedisSetNx;
  /** The language of messages posted without one (DUEBOT_LOCALE). */
  defaultLocale?: Locale;
  /** How long a card click may take before Lark is answered without the result (default 2.5 s). */
  cardAnswerMs?: number;
  /** How long stop() waits for work still running after an answer (default 10 s). */
  stopTimeoutMs?: number;
  /** Longest wait for one Open API call (default 10 s). */
  apiTimeoutMs?: number;
}

export interface LarkAdapter {
  port: LarkPort;
  /** `POST /lark/events` (refuses everything in ws mode). */
  handler: RouteHandler;
  /** What the HTTP server mounts: `POST /lark/events` in http mode, nothing in ws mode. */
  routes: Record<string, RouteHandler>;
  /** Opens the long connection in ws mode; nothing to do in http mode. */
  start(): Promise<void>;
  /** Closes the long connection and waits for work still running after an answer. */
  stop(): Promise<void>;
  /** Resolves when the work started after answering Lark is done (tests). */
  settled(): Promise<void>;
}

/** The adapter's config from the environment, or null when Lark is off (no app id / secret). */
export function larkConfig(c: Config): LarkAdapterConfig | null {
  if (!c.LARK_APP_ID || !c.LARK_APP_SECRET) return null;
  return {
    appId: c.LARK_APP_ID, appSecret: c.LARK_APP_SECRET, domain: c.LARK_DOMAIN, mode: c.LARK_MODE,
    ...(c.LARK_VERIFICATION_TOKEN ? { verificationToken: c.LARK_VERIFICATION_TOKEN } : {}),
    ...(c.LARK_ENCRYPT_KEY ? { encryptKey: c.LARK_ENCRYPT_KEY } : {}),
  };
}

const send = (res: Parameters<RouteHandler>[1], status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

/**
 * Every event seen again is in the log with its reason: Lark's own retries, and a captured request
 * replayed within the signature's 5 minutes, both change nothing (issue 9, hostile requests).
 */
function loggedDeduper(inner: EventDeduper, log: Logger): EventDeduper {
  return {
    async first(eventId, tenantKey) {
      const first = await inner.first(eventId, tenantKey);
      if (!first) log.info({ reason: 'duplicate_event', eventId, tenantKey }, 'lark event seen before: ignored');
      return first;
    },
  };
}

export function createLarkAdapter(opts: LarkAdapterOptions): LarkAdapter {
  const { config, log: parentLog, db } = opts;
  const log = parentLog.child({ platform: 'lark' });
  if (config.mode === 'http' && !config.encryptKey) throw new ConfigError(`LARK_ENCRYPT_KEY: expected ${LARK_ENCRYPT_KEY_NEEDED}`);
  const now = opts.now ?? (() => new Date());
  const chat = opts.chat;
  const api = new LarkApi({ appId: config.appId, appSecret: config.appSecret, domain: config.domain, log,
    ...(opts.apiTimeoutMs !== undefined ? { timeoutMs: opts.apiTimeoutMs } : {}) });
  const port = new LarkPort({ api, db, log, now, defaultLocale: opts.defaultLocale ?? 'zh-CN' });

  const pending = new Set<Promise<void>>();
  const defer = (what: string, task: () => Promise<void>) => {
    const p: Promise<void> = task()
      .catch((err) => { log.error({ err, what }, 'lark background work failed'); })
      .finally(() => { pending.delete(p); });
    pending.add(p);
  };
  const settled = async () => {
    while (pending.size) await Promise.allSettled([...pending]);
  };

  // The dispatcher gets already verified, decrypted payloads (needCheck: false): no keys here.
  const dispatcher = new lark.EventDispatcher({ logger: sdkLogger(log), loggerLevel: lark.LoggerLevel.warn })
    .register(createEventHandles({
      chat, db, api, port, log, defer,
      dedupe: loggedDeduper(createEventDeduper(db, opts.redis), log),
      chats: createChatLookup(api, log),
      userLeft: (tenantKey: string, openId: string) => personLeft(db, 'lark', tenantKey, openId, now()),
      profileChanged: async (tenantKey: string, openId: string, profile: ChatProfile) => {
        const r = await recheckChatLink(db, 'lark', tenantKey, openId, profile);
        if (r.status === 'unlinked') log.info({ openId, reason: r.reason }, 'lark: email link removed after a profile change');
      },
      ...(opts.cardAnswerMs !== undefined ? { cardAnswerMs: opts.cardAnswerMs } : {}),
    }));

  const handler: RouteHandler = async (req, res, body) => {
    // Lark posts events and card callbacks as `Content-Type: application/json` (Event subscription
    // docs): anything else is not Lark, whatever its body says (issue 9, hostile requests).
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (config.mode === 'http' && contentType !== 'application/json') {
      log.warn({ reason: 'wrong_content_type', contentType: req.headers['content-type'] ?? null }, 'lark request refused');
      return send(res, 415, { error: 'unsupported media type' });
    }
    // In ws mode events come over the long connection only: a POST here can only be forged.
    const verified = config.mode === 'ws'
      ? { ok: false as const, reason: 'not_http_mode' as const }
      : verifyLarkRequest(req.headers, body, config, now());
    if (!verified.ok) {
      log.warn({ reason: verified.reason }, 'lark request refused');
      return send(res, 401, { error: 'unauthorized' });
    }
    if (verified.challenge !== undefined) return send(res, 200, { challenge: verified.challenge });
    const result: unknown = await dispatcher.invoke(verified.payload, { needCheck: false });
    // The SDK answers a string for an event type nobody handles: Lark just needs a 200.
    send(res, 200, result && typeof result === 'object' ? result : {});
  };

  let ws: lark.WSClient | undefined;
  return {
    port,
    handler,
    routes: config.mode === 'http' ? { 'POST /lark/events': handler } : {},
    settled,
    async start() {
      if (config.mode !== 'ws') return;
      // The SDK only logs these and carries on unconnected: say it, once, and stop.
      if (!/^cli_[0-9a-fA-F]{16}$/.test(config.appId)) {
        throw new ConfigError('LARK_APP_ID: expected the app id from the developer console, "cli_" and 16 hex digits (LARK_MODE=ws)');
      }
      ws = new lark.WSClient({
        appId: config.appId, appSecret: config.appSecret, domain: larkDomain(config.domain),
        logger: sdkLogger(log), loggerLevel: lark.LoggerLevel.warn,
      });
      await ws.start({ eventDispatcher: dispatcher });
      if (ws.getConnectionStatus().state === 'failed') {
        throw new Error('Lark long connection failed: check LARK_APP_ID / LARK_APP_SECRET, LARK_DOMAIN, and that the app receives events "through persistent connection"');
      }
      log.info('lark long connection started');
    },
    async stop() {
      ws?.close({ force: true });
      ws = undefined;
      // Bounded: a hanging call must not keep the process from exiting (each call has its own timeout too).
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        settled().then(() => false),
        new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), opts.stopTimeoutMs ?? 10_000); }),
      ]);
      clearTimeout(timer);
      if (timedOut) log.warn({ pending: pending.size }, 'lark: stopped with work still running');
    },
  };
}

export { LarkPort } from './port.js';
export { LarkApiError, LarkRateLimitedError } from './api.js';
