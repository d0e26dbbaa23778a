// Encrypts and signs events exactly as Lark does when an app has an Encrypt Key
// (Lark "Event subscription" docs): body `{"encrypt": base64(IV ‖ AES-256-CBC(SHA-256(key), IV, json))}`,
// X-Lark-Signature = hex(SHA-256(timestamp + nonce + encrypt key + raw body)). Also builds the
// payloads Lark sends: im.message.receive_v1, card.action.trigger, application.bot.menu_v6.
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';

export function encryptLarkPayload(payload: unknown, encryptKey: string, iv: Buffer = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const plain = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

export function larkTestSignature(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + body, 'utf8').digest('hex');
}

export interface SignOptions {
  encryptKey?: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  nonce?: string;
  /** Sign with this key instead (a forged request). */
  signingKey?: string;
  /** Leave the signature headers out. */
  unsigned?: boolean;
}

/** The body and headers Lark would POST for `payload`. */
export function larkRequest(payload: unknown, opts: SignOptions = {}): { body: string; headers: Record<string, string> } {
  const body = opts.encryptKey ? JSON.stringify({ encrypt: encryptLarkPayload(payload, opts.encryptKey) }) : JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  const key = opts.signingKey ?? opts.encryptKey;
  if (key && !opts.unsigned) {
    const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = opts.nonce ?? randomUUID();
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = larkTestSignature(timestamp, nonce, key, body);
  }
  return { body, headers };
}

/** POSTs an encrypted, signed event to `url`; returns status, parsed JSON (or text) and time to answer. */
export async function postLarkEvent(url: string, payload: unknown, opts: SignOptions & { rawBody?: string } = {}):
  Promise<{ status: number; json: any; text: string; ms: number }> {
  const req = larkRequest(payload, opts);
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', body: opts.rawBody ?? req.body, headers: req.headers });
  const text = await res.text();
  let json: any;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, json, text, ms: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------
// Payloads

export interface EventHeader { token: string; tenantKey: string; appId?: string; eventId?: string; createTime?: number }

function v2(eventType: string, h: EventHeader, event: Record<string, unknown>) {
  return {
    schema: '2.0',
    header: {
      event_id: h.eventId ?? randomUUID().replace(/-/g, ''),
      token: h.token,
      create_time: String(h.createTime ?? Date.now()),
      event_type: eventType,
      tenant_key: h.tenantKey,
      app_id: h.appId ?? 'cli_test',
    },
    event,
  };
}

export interface Mention { key: string; openId: string; name: string }

/** A text message to the bot: `text` as typed, with `@_user_N` placeholders for `mentions`. */
export function messageEvent(h: EventHeader, m: {
  openId: string; chatId: string; chatType?: 'group' | 'p2p'; text: string; mentions?: Mention[];
  messageId?: string; messageType?: string; senderType?: string;
  /** The sender's own tenant (another tenant's person in an external chat); default the event's. */
  senderTenantKey?: string;
}) {
  return v2('im.message.receive_v1', h, {
    sender: { sender_id: { open_id: m.openId, union_id: `on_${m.openId}`, user_id: '' }, sender_type: m.senderType ?? 'user', tenant_key: m.senderTenantKey ?? h.tenantKey },
    message: {
      message_id: m.messageId ?? `om_${randomUUID().replace(/-/g, '')}`,
      root_id: '', parent_id: '',
      create_time: String(Date.now()),
      chat_id: m.chatId,
      chat_type: m.chatType ?? 'group',
      message_type: m.messageType ?? 'text',
      content: JSON.stringify({ text: m.text }),
      mentions: (m.mentions ?? []).map((x) => ({ key: x.key, id: { open_id: x.openId, union_id: `on_${x.openId}`, user_id: '' }, name: x.name, tenant_key: h.tenantKey })),
    },
  });
}

/** A card button click (card.action.trigger, JSON 2.0 callback). */
export function cardActionEvent(h: EventHeader, a: {
  openId: string; chatId: string; messageId: string; value: unknown; formValue?: Record<string, unknown>; name?: string; tag?: string;
}) {
  return v2('card.action.trigger', h, {
    operator: { tenant_key: h.tenantKey, open_id: a.openId, union_id: `on_${a.openId}`, user_id: '' },
    token: `c-${randomUUID()}`,
    action: {
      tag: a.tag ?? 'button',
      value: a.value,
      ...(a.name ? { name: a.name } : {}),
      ...(a.formValue ? { form_value: a.formValue } : {}),
    },
    host: 'im_message',
    context: { open_message_id: a.messageId, open_chat_id: a.chatId },
  });
}

/** A bot menu click (application.bot.menu_v6). */
export function menuEvent(h: EventHeader, m: { openId: string; eventKey: string }) {
  return v2('application.bot.menu_v6', h, {
    operator: { operator_name: 'someone', operator_id: { open_id: m.openId, union_id: `on_${m.openId}`, user_id: '' } },
    event_key: m.eventKey,
    timestamp: Math.floor(Date.now() / 1000),
  });
}

/** The url_verification challenge Lark sends when the Request URL is saved. */
export function challengeEvent(token: string, challenge: string = randomUUID()) {
  return { challenge, token, type: 'url_verification' };
}

/** contact.user.updated_v3: a person's directory entry changed (`object` is the user as it is now). */
export function userUpdatedEvent(h: EventHeader, u: { openId: string; email?: string; status?: Record<string, boolean> }) {
  return v2('contact.user.updated_v3', h, {
    object: { open_id: u.openId, union_id: `on_${u.openId}`, user_id: '', name: 'someone', ...(u.email ? { email: u.email } : {}),
      status: { is_frozen: false, is_resigned: false, is_activated: true, is_exited: false, is_unjoin: false, ...u.status } },
    old_object: { open_id: u.openId },
  });
}

/** contact.user.deleted_v3: a person removed from the tenant (Lark sends the user's ids in `object`). */
export function userDeletedEvent(h: EventHeader, u: { openId: string }) {
  return v2('contact.user.deleted_v3', h, {
    object: { open_id: u.openId, union_id: `on_${u.openId}`, user_id: '', name: 'someone' },
  });
}
