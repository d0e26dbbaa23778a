// The few Open API calls duebot makes, through the SDK's Client (tenant token, message create /
// reply / patch, contact user, bot info). Errors are classified HERE from the response itself:
// the SDK logs Lark's rate limit as a generic failure, and a 200 with a non-zero `code` is not
// thrown at all.
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import {
  LARK_APP_RATE_LIMITED, LARK_CARD_REFUSED, LARK_CHAT_RATE_LIMITED, larkPlatformError, larkSubCode, PlatformError, type PlatformErrorCode,
} from '../../jobs/platform-error.js';
import { PLATFORM_CALL_TIMEOUT_MS } from '../../src/chat/port.js';

/** Lark's answer when an app or tenant exceeds its request quota (HTTP 429, sometimes 400). */
export const LARK_RATE_LIMITED = LARK_APP_RATE_LIMITED;
export { LARK_CHAT_RATE_LIMITED };
/** "Message can only be updated within fourteen days" on PATCH. */
export const LARK_MESSAGE_EXPIRED = 230031;
/** The message was recalled: it cannot be patched either. */
export const LARK_MESSAGE_RECALLED = 230011;
/** The message was deleted: it cannot be patched; an update posts it again. */
export const LARK_MESSAGE_DELETED = 230110;

/**
 * A Lark API call answered with a non-zero code (`larkCode`, and for 230099 the card `subCode`)
 * or failed on the way. It is the jobs' PlatformError (jobs/platform-error.ts, where the table of
 * codes lives), so delivery waits on `rate_limited`, retries `transient` and records `permanent`.
 */
export class LarkApiError extends PlatformError {
  constructor(code: PlatformErrorCode, reason: string, readonly larkCode: number | null, readonly httpStatus: number | null,
    message: string, retryAfterMs?: number, readonly subCode?: number) {
    super(code, reason, retryAfterMs, message);
  }
}

/** Lark asked us to slow down; try again after `retryAfterMs` (from x-ogw-ratelimit-reset). */
export class LarkRateLimitedError extends LarkApiError {
  declare readonly retryAfterMs: number;
  constructor(retryAfterMs: number, larkCode: number, httpStatus: number | null) {
    super('rate_limited', larkCode === LARK_CHAT_RATE_LIMITED ? 'channel_rate_limited' : 'app_rate_limited', larkCode, httpStatus,
      `Lark rate limit (code ${larkCode}): retry after ${retryAfterMs} ms`, retryAfterMs);
  }
}

/** An update of this message cannot work (too old, recalled, deleted): post it again instead. */
export const isMessageExpired = (e: unknown): boolean =>
  e instanceof LarkApiError && (e.larkCode === LARK_MESSAGE_EXPIRED || e.larkCode === LARK_MESSAGE_RECALLED || e.larkCode === LARK_MESSAGE_DELETED);

/** The card was refused for an `<at id=…>` Lark does not know (230099 / 100290). */
export const isUnknownMention = (e: unknown): boolean => e instanceof LarkApiError && e.reason === 'unknown_mention';

/** The card is locked for a moment by a click's callback (230099 / 11310). */
export const isCardLocked = (e: unknown): boolean => e instanceof LarkApiError && e.reason === 'card_locked';

/** 'feishu' | 'lark' | a base URL (tests: the fake API) → what the SDK takes. */
export function larkDomain(domain: string): lark.Domain | string {
  const d = domain.trim();
  if (d.toLowerCase() === 'feishu') return lark.Domain.Feishu;
  if (d.toLowerCase() === 'lark') return lark.Domain.Lark;
  return d.replace(/\/+$/, '');
}

/** Lark ids say what they are: oc_ chats, ou_ open_ids, on_ union_ids. */
export function receiveIdType(id: string): 'chat_id' | 'open_id' | 'union_id' {
  if (id.startsWith('ou_')) return 'open_id';
  if (id.startsWith('on_')) return 'union_id';
  return 'chat_id';
}

/** Turns whatever a call threw or answered into a LarkRateLimitedError / LarkApiError. */
export function classifyLarkFailure(status: number | null, body: unknown, headers: Record<string, unknown> | undefined, what: string): Error {
  const b = (body && typeof body === 'object' ? body : {}) as { code?: unknown; msg?: unknown };
  const code = typeof b.code === 'number' ? b.code : null;
  const rawMsg = typeof b.msg === 'string' ? b.msg : undefined;
  const e = larkPlatformError({ status: status ?? 0, ...(code !== null ? { code } : {}), ...(rawMsg ? { msg: rawMsg } : {}), ...(headers ? { headers } : {}) });
  if (e.code === 'rate_limited') return new LarkRateLimitedError(e.retryAfterMs ?? 1000, code ?? LARK_RATE_LIMITED, status);
  const msg = rawMsg ? rawMsg.slice(0, 200) : 'no message';
  const text = `Lark ${what} failed: ${code ?? status ?? 'network'} ${msg}`;
  const reason = code === null && e.reason.startsWith('http_') && !status ? 'network' : e.reason;
  return new LarkApiError(e.code, reason, code, status, text, e.retryAfterMs, code === LARK_CARD_REFUSED ? larkSubCode(rawMsg) : undefined);
}

function fromThrown(e: unknown, what: string): Error {
  if (e instanceof LarkApiError) return e;
  const resp = (e as { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } })?.response;
  if (resp) return classifyLarkFailure(resp.status ?? null, resp.data, resp.headers, what);
  return new LarkApiError('transient', 'network', null, null, `Lark ${what} failed: ${(e as Error)?.message ?? String(e)}`);
}

/** The SDK's logger, reduced to short lines: its error dumps include request bodies (card text). */
export function sdkLogger(log: Logger): lark.Logger {
  const line = (args: unknown[]): string => args.flat(3).map((a) => {
    if (typeof a === 'string') return a;
    const r = (a as { response?: { status?: number; data?: { code?: number } } })?.response;
    if (r) return `status ${r.status ?? '?'} code ${r.data?.code ?? '?'}`;
    const c = (a as { code?: unknown })?.code;
    return c !== undefined ? `code ${String(c)}` : '';
  }).filter(Boolean).join(' ').slice(0, 300);
  return {
    error: (...a: unknown[]) => log.warn({ sdk: 'lark' }, line(a)),
    warn: (...a: unknown[]) => log.warn({ sdk: 'lark' }, line(a)),
    info: (...a: unknown[]) => log.debug({ sdk: 'lark' }, line(a)),
    debug: (...a: unknown[]) => log.trace({ sdk: 'lark' }, line(a)),
    trace: (...a: unknown[]) => log.trace({ sdk: 'lark' }, line(a)),
  };
}

/** A locked card is tried again after 250, 500 and 1000 ms, then delivery's own retry takes over. */
const CARD_LOCK_RETRIES = 3;
const CARD_LOCK_RETRY_MS = 250;

export interface SentMessage { messageId: string; chatId: string; threadId?: string; rootId?: string }

export interface LarkApiOptions {
  appId: string; appSecret: string; domain: string; log: Logger;
  /** Longest wait for one Open API call (default 10 s): the SDK's axios has no timeout at all. */
  timeoutMs?: number;
}

/** Lark's default wait for one call: a hanging API fails as `transient` and is retried later. */
export const LARK_HTTP_TIMEOUT_MS = PLATFORM_CALL_TIMEOUT_MS;

/** The SDK's own HTTP instance (its interceptors unwrap `data`), with a timeout on every request. */
export function httpWithTimeout(timeoutMs: number, base: lark.HttpInstance = lark.defaultHttpInstance as unknown as lark.HttpInstance): lark.HttpInstance {
  const opt = <O extends object | undefined>(o: O) => ({ ...o, timeout: timeoutMs });
  return {
    request: (o) => base.request(opt(o)),
    get: (url, o) => base.get(url, opt(o)),
    delete: (url, o) => base.delete(url, opt(o)),
    head: (url, o) => base.head(url, opt(o)),
    options: (url, o) => base.options(url, opt(o)),
    post: (url, data, o) => base.post(url, data, opt(o)),
    put: (url, data, o) => base.put(url, data, opt(o)),
    patch: (url, data, o) => base.patch(url, data, opt(o)),
  };
}

export class LarkApi {
  readonly client: lark.Client;
  private botId?: Promise<string>;

  constructor(opts: LarkApiOptions) {
    this.client = new lark.Client({
      appId: opts.appId,
      appSecret: opts.appSecret,
      appType: lark.AppType.SelfBuild,
      domain: larkDomain(opts.domain),
      logger: sdkLogger(opts.log),
      loggerLevel: lark.LoggerLevel.warn,
      // One token cache per adapter: the SDK's default is process-wide.
      cache: new lark.DefaultCache(),
      httpInstance: httpWithTimeout(opts.timeoutMs ?? LARK_HTTP_TIMEOUT_MS),
    });
  }

  private async call<T extends { code?: number; msg?: string }>(what: string, fn: () => Promise<T>): Promise<T> {
    let res: T;
    try {
      res = await fn();
    } catch (e) {
      throw fromThrown(e, what);
    }
    if (!res || (typeof res.code === 'number' && res.code !== 0)) throw classifyLarkFailure(200, res, undefined, what);
    return res;
  }

  /** Posts an interactive card to a chat (oc_…) or a person (ou_…). */
  async sendCard(receiveId: string, card: object, uuid?: string): Promise<SentMessage> {
    // `uuid`: Lark sends one message per uuid within an hour; a resend answers the first message.
    const res = await this.call('im.message.create', () => this.client.im.v1.message.create({
      params: { receive_id_type: receiveIdType(receiveId) },
      data: { receive_id: receiveId, msg_type: 'interactive', content: JSON.stringify(card), ...(uuid ? { uuid } : {}) },
    }) as Promise<any>);
    return sent(res.data, receiveId);
  }

  /** Replies to a message; `inThread` opens (or continues) its thread instead of quoting it. */
  async replyCard(messageId: string, card: object, inThread: boolean, uuid?: string): Promise<SentMessage> {
    const res = await this.call('im.message.reply', () => this.client.im.v1.message.reply({
      path: { message_id: messageId },
      data: { msg_type: 'interactive', content: JSON.stringify(card), reply_in_thread: inThread, ...(uuid ? { uuid } : {}) },
    }) as Promise<any>);
    return sent(res.data, '');
  }

  /**
   * Replaces a card's content (shared cards only; within 14 days of sending). A card a click has
   * just locked (230099 / 11310) is tried again shortly, a few times: the lock lasts while Lark
   * applies the callback's answer, and the update after a button would otherwise be lost.
   */
  async patchCard(messageId: string, card: object): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.call('im.message.patch', () => this.client.im.v1.message.patch({
          path: { message_id: messageId },
          data: { content: JSON.stringify(card) },
        }) as Promise<any>);
        return;
      } catch (e) {
        if (!isCardLocked(e) || attempt >= CARD_LOCK_RETRIES) throw e;
        await new Promise((r) => setTimeout(r, CARD_LOCK_RETRY_MS * 2 ** attempt));
      }
    }
  }

  /** Uploads a PNG for cards (im/v1/images, multipart, image_type=message); returns its image_key. */
  async uploadImage(png: Buffer): Promise<string> {
    // The SDK answers upload endpoints with `data` itself ({ image_key }); a refusal is thrown.
    const res = await this.call('im.image.create', () => this.client.im.v1.image.create({
      data: { image_type: 'message', image: png },
    }) as Promise<any>);
    const key = res?.image_key ?? res?.data?.image_key;
    if (typeof key !== 'string' || !key) throw new LarkApiError('permanent', 'invalid_response', null, null, 'lark im.image.create answered without an image_key');
    return key;
  }

  /** Uploads a document for a file message (im/v1/files, multipart); returns its file_key. */
  async uploadFile(bytes: Buffer, fileName: string, fileType: 'pdf' | 'stream'): Promise<string> {
    const res = await this.call('im.file.create', () => this.client.im.v1.file.create({
      data: { file_type: fileType, file_name: fileName, file: bytes },
    }) as Promise<any>);
    const key = res?.file_key ?? res?.data?.file_key;
    if (typeof key !== 'string' || !key) throw new LarkApiError('permanent', 'invalid_response', null, null, 'lark im.file.create answered without a file_key');
    return key;
  }

  /** Sends an uploaded file as a message (msg_type file) to a chat or a person; `uuid` as for cards. */
  async sendFileMessage(receiveId: string, fileKey: string, uuid?: string): Promise<SentMessage> {
    const res = await this.call('im.message.create', () => this.client.im.v1.message.create({
      params: { receive_id_type: receiveIdType(receiveId) },
      data: { receive_id: receiveId, msg_type: 'file', content: JSON.stringify({ file_key: fileKey }), ...(uuid ? { uuid } : {}) },
    }) as Promise<any>);
    return sent(res.data, receiveId);
  }

  /** The person's email (work email if no other), or undefined without the contact permission. */
  async userEmail(openId: string): Promise<string | undefined> {
    return (await this.userProfile(openId)).email;
  }

  /**
   * The person as the tenant's directory has them (contact/v3/users/:id, which answers only for
   * the tenant's own people): email (work email if no other) and whether the account is alive
   * (`status`: resigned, frozen, exited or not activated is not).
   */
  async userProfile(openId: string): Promise<{ email: string | undefined; inactive: boolean }> {
    const res = await this.call('contact.user.get', () => this.client.contact.v3.user.get({
      path: { user_id: openId },
      params: { user_id_type: 'open_id' },
    }) as Promise<any>);
    const user = res.data?.user ?? {};
    const email = typeof user.email === 'string' && user.email ? user.email : user.enterprise_email;
    const s = user.status ?? {};
    return { email: typeof email === 'string' && email ? email : undefined,
      inactive: s.is_resigned === true || s.is_frozen === true || s.is_exited === true || s.is_activated === false };
  }

  /**
   * A chat as Lark describes it (im/v1/chats/:chat_id, scope im:chat:readonly): `chat_mode`
   * p2p | group | topic, and `external` for a chat with people of another tenant.
   */
  async chatInfo(chatId: string): Promise<{ chatMode: string; external: boolean }> {
    const res = await this.call('im.chat.get', () => this.client.im.v1.chat.get({ path: { chat_id: chatId } }) as Promise<any>);
    return { chatMode: String(res.data?.chat_mode ?? ''), external: res.data?.external === true };
  }

  /** The bot's own open_id (to tell its @mention from other people's); asked once. */
  botOpenId(): Promise<string> {
    this.botId ??= this.call('bot.info', () => this.client.request({ method: 'GET', url: '/open-apis/bot/v3/info' }) as Promise<any>)
      .then((res) => String(res.bot?.open_id ?? ''))
      .catch((e) => { this.botId = undefined; throw e; });
    return this.botId;
  }
}

function sent(data: any, fallbackChat: string): SentMessage {
  const out: SentMessage = { messageId: String(data?.message_id ?? ''), chatId: String(data?.chat_id ?? fallbackChat) };
  if (data?.thread_id) out.threadId = String(data.thread_id);
  if (data?.root_id) out.rootId = String(data.root_id);
  if (!out.messageId) throw new LarkApiError('transient', 'no_message_id', null, 200, 'Lark answered without a message_id');
  return out;
}
