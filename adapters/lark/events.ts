// What the bot does with each Lark event, once verified (index.ts) and deduplicated here:
// - im.message.receive_v1: a command typed to the bot → chat.handleText; answered after the ack.
// - application.bot.menu_v6: the bot menu's 'digest' / 'mine' run those commands.
// - contact.user.deleted_v3: a person left → their cases are offered to their managers.
// - contact.user.updated_v3: a person's profile changed → a link made by email is checked again.
// - card.action.trigger: a button or a form → chat.handleButton; answered within Lark's 3 s with a
//   toast and/or the new card, the rest (thread replies, case updates) after.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Chat } from '../../src/chat/chat.js';
import type { Db } from '../../src/services/database.js';
import type { Locale, Message } from '../../src/chat/message.js';
import type { MessageRef } from '../../src/chat/port.js';
import type { ButtonRequest, ChatRequest, ChatResponse } from '../../src/chat/request.js';
import { respond, type RespondStep } from '../../src/chat/respond.js';
import type { ChatProfile } from '../../src/services/identity.js';
import { LarkRateLimitedError, type LarkApi } from './api.js';
import { eventKey, orgOfTenant, type EventDeduper } from './dedupe.js';
import type { ChatLookup } from './chats.js';
import type { LarkPort } from './port.js';
import { normaliseFormValues, renderToast, type ButtonValue, type Toast } from './render.js';

/** Lark waits 3 s for a card callback's answer; we answer by then with what we have. */
export const CARD_ANSWER_MS = 2500;
/** A reply that hits the rate limit is retried once when Lark asks for at most this long. */
const MAX_RETRY_WAIT_MS = 10_000;

export interface LarkEventDeps {
  chat: Chat;
  db: Db;
  api: LarkApi;
  port: LarkPort;
  dedupe: EventDeduper;
  /** What a chat is (external, p2p), for money figures. */
  chats: ChatLookup;
  log: Logger;
  /** Runs work after Lark has been answered (tracked, so stop() can wait for it). */
  defer: (what: string, task: () => Promise<void>) => void;
  cardAnswerMs?: number;
  /** A person was removed from the tenant (contact.user.deleted_v3). */
  userLeft?: (tenantKey: string, openId: string) => Promise<unknown>;
  /** A person's profile changed (contact.user.updated_v3): an email link is checked again. */
  profileChanged?: (tenantKey: string, openId: string, profile: ChatProfile) => Promise<unknown>;
}

type Handle = (data: any) => Promise<unknown>;

interface LarkMention { key?: string; id?: { open_id?: string }; name?: string }

/** The words of a text or rich-text ("post") message; null for anything else (images, files…). */
export function messageText(message: { message_type?: string; content?: string }): string | null {
  let content: any;
  try { content = JSON.parse(message.content ?? ''); } catch { return null; }
  if (message.message_type === 'text') return typeof content?.text === 'string' ? content.text : null;
  if (message.message_type === 'post') {
    const post = Array.isArray(content?.content) ? content : Object.values(content ?? {}).find((v: any) => Array.isArray(v?.content));
    if (!post) return null;
    return (post as { content: any[][] }).content.map((line) => (Array.isArray(line) ? line : []).map((el: any) => {
      if (el?.tag === 'text' && typeof el.text === 'string') return el.text;
      if (el?.tag === 'at' && typeof el.user_id === 'string') return ` ${el.user_id} `;
      return '';
    }).join('')).join(' ');
  }
  return null;
}

/** A button's callback value as render.ts wrote it (`{ a, v }`), or null. */
export function parseButtonValue(v: unknown): ButtonValue | null {
  let x = v;
  if (typeof x === 'string') { try { x = JSON.parse(x); } catch { return null; } }
  if (!x || typeof x !== 'object') return null;
  const { a, v: value } = x as Record<string, unknown>;
  return typeof a === 'string' && a.length > 0 && a.length <= 64 && typeof value === 'string' && value.length <= 2000 ? { a, v: value } : null;
}

const TIMEOUT = Symbol('timeout');
function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<typeof TIMEOUT>((r) => { timer = setTimeout(() => r(TIMEOUT), ms); })])
    .finally(() => clearTimeout(timer));
}

const errorRef = () => `lk-${randomBytes(4).toString('hex')}`;
const failureToast = (ref: string): Toast => ({
  type: 'error', content: `出错了 (ref ${ref})`,
  i18n: { zh_cn: `出错了 (ref ${ref})`, en_us: `Something went wrong (ref ${ref})` },
});

export function createEventHandles(d: LarkEventDeps): Record<string, Handle> {
  const answerMs = d.cardAnswerMs ?? CARD_ANSWER_MS;

  /** One retry when Lark says how long to wait and it is short. */
  async function retrying<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof LarkRateLimitedError) || e.retryAfterMs > MAX_RETRY_WAIT_MS) throw e;
      await new Promise((r) => setTimeout(r, e.retryAfterMs));
      return fn();
    }
  }

  /**
   * `userTenant`: the tenant the person belongs to, as the event says (sender / operator
   * tenant_key); someone of another tenant in an external chat is never linked by email (issue 9).
   * Without it, the tenant of the token the contact API answered for.
   */
  function base(tenantKey: string, channelId: string, openId: string, eventId: string, userTenant?: string): ChatRequest {
    return {
      platform: 'lark', workspaceId: tenantKey, channelId, externalUserId: openId,
      lookupProfile: () => d.api.userProfile(openId).then(
        // Lark's directory is the tenant's own (its admin sets the addresses): no guests, no unconfirmed email.
        (p) => ({ email: p.email, emailConfirmed: true, guest: false, inactive: p.inactive, workspaceId: userTenant || tenantKey }),
        (e) => {
          d.log.warn({ err: (e as Error).message }, 'lark contact lookup failed (is contact:user.email:readonly granted?)');
          return undefined;
        }),
      place: () => d.chats.place(channelId),
      ...(eventId ? { idempotencyKey: eventKey(eventId) } : {}),
    };
  }

  /** Tells the operator how to link a tenant the first time it writes (the chat layer refuses it). */
  const warned = new Set<string>();
  async function checkLinked(tenantKey: string): Promise<void> {
    if (!tenantKey || warned.has(tenantKey) || (await orgOfTenant(d.db, tenantKey)) !== undefined) return;
    warned.add(tenantKey);
    d.log.warn({ tenantKey }, `lark tenant not linked to an org: run \`duebot workspace link lark ${tenantKey} --org <slug>\``);
  }

  const publish = (caseIds: number[]) => d.chat.publishCaseUpdates(caseIds);
  /** A step of an answer failed: logged; the next step still runs (src/chat/respond.ts). */
  const stepFailed = (what: string) => (step: RespondStep, e: unknown) =>
    d.log.error({ err: (e as Error)?.message ?? String(e), step, what }, 'lark: answering failed');

  // --- typed commands -------------------------------------------------------------------------

  const onMessage: Handle = async (data) => {
    const msg = data.message;
    const openId: string | undefined = data.sender?.sender_id?.open_id;
    if (!msg || data.sender?.sender_type !== 'user' || !openId) return undefined;
    const typed = messageText(msg);
    if (typed === null) return undefined;
    d.defer('lark message', async () => {
      if (!(await d.dedupe.first(data.event_id, data.tenant_key))) return;
      await checkLinked(data.tenant_key);
      const p2p = msg.chat_type === 'p2p';
      const mentions: LarkMention[] = Array.isArray(msg.mentions) ? msg.mentions : [];
      const botId = await d.api.botOpenId().catch((e) => {
        d.log.warn({ err: (e as Error).message }, 'lark bot info unavailable');
        return '';
      });
      const botKeys = mentions.filter((m) => botId && m.id?.open_id === botId && m.key).map((m) => m.key!);
      // In a group the bot answers only when @mentioned (with the "read all messages" scope it sees more).
      if (!p2p && botId && botKeys.length === 0) return;
      let text = typed;
      for (const k of botKeys) text = text.split(k).join(' ');
      const others = Object.fromEntries(mentions
        .filter((m) => m.key && !botKeys.includes(m.key) && m.id?.open_id)
        .map((m) => [m.key!, m.id!.open_id!]));
      const req: ChatRequest = { ...base(data.tenant_key, msg.chat_id, openId, data.event_id, data.sender?.tenant_key), mentions: others,
        // The event says a p2p chat is one (the person's own chat with the bot): no lookup.
        ...(p2p ? { place: async () => ({ kind: 'direct' as const }) } : {}) };
      const res = await d.chat.handleText(req, text.trim());
      const inThread = Boolean(msg.root_id);
      const locale = res.locale;
      await respond(res, {
        form: (form) => retrying(() => d.port.openForm(`${inThread ? 'thread' : 'reply'}:${msg.message_id}`, form, { locale })),
        // In a group, what is for the asker only (a refusal above all) goes to them directly.
        reply: async (reply, r) => {
          if ((reply.ephemeral || r.outcome !== 'done') && !p2p) await retrying(() => d.port.dm(openId, reply, { locale }));
          else await retrying(async () => { await d.api.replyCard(msg.message_id, await d.port.card(reply, { locale }), inThread); });
        },
        publish,
        failed: stepFailed('message'),
      });
    });
    return undefined;
  };

  // --- bot menu -------------------------------------------------------------------------------

  const onMenu: Handle = async (data) => {
    const key = data.event_key;
    const openId: string | undefined = data.operator?.operator_id?.open_id;
    if (!openId || (key !== 'digest' && key !== 'mine')) return undefined;
    d.defer('lark menu', async () => {
      if (!(await d.dedupe.first(data.event_id, data.tenant_key))) return;
      await checkLinked(data.tenant_key);
      // Menu clicks come from the person's chat with the bot: answers go there.
      const res = await d.chat.handleText(base(data.tenant_key, openId, openId, data.event_id), key);
      const locale = res.locale;
      await respond(res, {
        form: (form) => retrying(() => d.port.openForm(openId, form, { locale })),
        reply: async (reply) => { await retrying(() => d.port.dm(openId, reply, { locale })); },
        publish,
        failed: stepFailed('menu'),
      });
    });
    return undefined;
  };

  // --- card buttons and forms -----------------------------------------------------------------

  const onCardAction: Handle = async (data) => {
    const action = data.action ?? {};
    const context = data.context ?? {};
    const openId: string | undefined = data.operator?.open_id;
    const value = parseButtonValue(action.value);
    if (!openId || !value) {
      d.log.warn({ hasOperator: Boolean(openId) }, 'lark card action without a duebot value: ignored');
      return {};
    }
    if (!(await d.dedupe.first(data.event_id, data.tenant_key))) return {};
    d.defer('lark tenant check', () => checkLinked(data.tenant_key));
    const chatId: string = context.open_chat_id ?? '';
    const sourceId: string | undefined = context.open_message_id;
    const req: ButtonRequest = {
      ...base(data.tenant_key, chatId, openId, data.event_id, data.operator?.tenant_key),
      actionId: value.a, value: value.v,
      ...(action.form_value ? { formValues: normaliseFormValues(action.form_value) } : {}),
      ...(sourceId ? { source: { channelId: chatId, messageId: sourceId } } : {}),
    };
    const isForm = value.a.startsWith('form:');
    const work = d.chat.handleButton(req);
    let res: ChatResponse | typeof TIMEOUT;
    try {
      res = await within(work, answerMs);
    } catch (e) {
      const ref = errorRef();
      d.log.error({ err: e, ref, actionId: value.a }, 'lark card action failed');
      return { toast: failureToast(ref) };
    }

    const sourceRef: MessageRef | undefined = sourceId ? { platform: 'lark', channelId: chatId, messageId: sourceId } : undefined;
    const formAt = sourceId ? `thread:${sourceId}` : openId;
    const postInThread = async (m: Message, locale: Locale) => {
      if (sourceId) await retrying(async () => { await d.api.replyCard(sourceId, await d.port.card(m, { locale }), true); });
      else await retrying(() => d.port.dm(openId, m, { locale }));
    };

    if (res === TIMEOUT) {
      // Too slow for the 3 s answer: say nothing now, answer everything once it is done, in the same order.
      d.defer('lark card action (late)', async () => {
        const late = await work;
        const locale = late.locale;
        await respond(late, {
          form: (form) => retrying(() => d.port.openForm(formAt, form, { locale })),
          replaceSource: async (m) => { if (sourceRef) await retrying(() => d.port.update(sourceRef, m)); },
          reply: async (m, r) => {
            if (m.ephemeral || r.outcome !== 'done') await retrying(() => d.port.dm(openId, m, { locale }));
            else await postInThread(m, locale);
          },
          publish,
          failed: stepFailed('card action (late)'),
        });
      });
      return {};
    }

    // Within the 3 s: the form is sent now (it comes first; no waiting out a rate limit here); the
    // new source card and a toast ride on the callback's answer; what does not fit in it (a thread
    // reply, a direct message, the case updates) follows, in that order, once Lark has been answered.
    const locale = res.locale;
    const answer: { toast?: Toast; card?: { type: 'raw'; data: object } } = {};
    const after: { what: RespondStep; run: () => Promise<unknown> }[] = [];
    await respond(res, {
      form: (form) => d.port.openForm(formAt, form, { locale }),
      replaceSource: async (m) => { answer.card = { type: 'raw', data: await d.port.card(m) }; },
      reply: async (reply, r) => {
        const refused = r.outcome !== 'done';
        if (isForm && !refused && !answer.card) {
          // A submitted form card becomes its result, so it cannot be sent twice.
          answer.card = { type: 'raw', data: await d.port.card(reply, { locale }) };
        } else if (reply.ephemeral || refused) {
          // Only the clicker sees a toast; what does not fit in one goes to them directly.
          const toast = renderToast(reply, { locale, ...(refused ? { type: 'error' as const } : {}) });
          if (toast) answer.toast = toast;
          else after.push({ what: 'reply', run: () => retrying(() => d.port.dm(openId, reply, { locale })) });
        } else {
          after.push({ what: 'reply', run: () => postInThread(reply, locale) });
        }
      },
      publish: async (caseIds) => { after.push({ what: 'publish', run: () => publish(caseIds) }); },
      failed: stepFailed('card action'),
    });
    if (after.length) {
      d.defer('lark card action', async () => {
        for (const a of after) await a.run().catch((e: unknown) => stepFailed('card action')(a.what, e));
      });
    }
    return answer;
  };

  // --- people ---------------------------------------------------------------------------------

  // A person removed from the tenant's contacts (contact.user.deleted_v3, event.object.open_id):
  // their cases go to their managers (issue 15). Needs the contact:user.base:readonly scope.
  const onUserDeleted: Handle = async (data) => {
    const openId: string | undefined = data.object?.open_id;
    if (!openId || !d.userLeft) return undefined;
    const userLeft = d.userLeft;
    d.defer('lark user deleted', async () => {
      if (!(await d.dedupe.first(data.event_id, data.tenant_key))) return;
      await userLeft(data.tenant_key ?? '', openId);
    });
    return undefined;
  };

  // A person's directory entry changed (contact.user.updated_v3, event.object is the user as it is
  // now): an email link is checked again with the new email and status (issue 9).
  const onUserUpdated: Handle = async (data) => {
    const user = data.object ?? {};
    const openId: string | undefined = user.open_id;
    if (!openId || !d.profileChanged) return undefined;
    const profileChanged = d.profileChanged;
    const email = typeof user.email === 'string' && user.email ? user.email : user.enterprise_email;
    const s = user.status ?? {};
    const profile: ChatProfile = { email: typeof email === 'string' && email ? email : undefined, emailConfirmed: true, guest: false,
      inactive: s.is_resigned === true || s.is_frozen === true || s.is_exited === true || s.is_activated === false,
      workspaceId: data.tenant_key };
    d.defer('lark user updated', async () => {
      if (!(await d.dedupe.first(data.event_id, data.tenant_key))) return;
      await profileChanged(data.tenant_key ?? '', openId, profile);
    });
    return undefined;
  };

  return {
    'im.message.receive_v1': onMessage,
    'application.bot.menu_v6': onMenu,
    'card.action.trigger': onCardAction,
    'contact.user.deleted_v3': onUserDeleted,
    'contact.user.updated_v3': onUserUpdated,
  };
}
