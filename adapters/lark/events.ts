// What the bot does with each Lark event, once verified (index.ts) and deduplicated here:
// - im.message.receive_v1: a command typed to the bot → chat.handleText; answered after the ack.
// - application.bot.menu_v6: the bot menu's 'digest' / 'mine' run those commands.
// - contact.user.deleted_v3: a person left → their cases are offered to their managers.
// - contact.user.updated_v3: a person's profile changed → a link made by email is checked again.
// - card.action.trigger: a button or a form → chat.handleButton; everything up to the answer
//   (dedupe, command, rendering) inside one budget under Lark's 3 s; answered with a toast and/or
//   the new card, or "working on it" when the budget ran out; the rest (thread replies, DMs, the
//   case updates through the outbox) after.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Chat } from '../../src/chat/chat.js';
import type { Db } from '../../src/services/database.js';
import type { Locale, Message } from '../../src/chat/message.js';
import type { MessageRef } from '../../src/chat/port.js';
import type { ButtonRequest, ChatRequest, ChatResponse } from '../../src/chat/request.js';
import { respond, type RespondStep } from '../../src/chat/respond.js';
import { t } from '../../src/chat/i18n.js';
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
/** A click that failed after its answer was given: said to the clicker directly. */
const failureMessage = (ref: string, locale: Locale): Message => ({
  level: 'red', ephemeral: true, errorRef: ref, summary: t(locale, 'error.internal'),
  blocks: [{ type: 'section', text: t(locale, 'error.internal') }, { type: 'context', text: t(locale, 'error.ref', { ref }) }],
});
/** The answer when the budget ran out first: the clicker knows the click was taken (both languages). */
const workingToast = (locale: Locale): Toast => ({
  type: 'info', content: t(locale, 'click.working'),
  i18n: { zh_cn: t('zh-CN', 'click.working'), en_us: t('en-US', 'click.working') },
});

/** What answers a card callback: a toast for the clicker and/or the card that replaces the clicked one. */
interface CardAnswer { toast?: Toast; card?: { type: 'raw'; data: object } }

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
    const chatId: string = context.open_chat_id ?? '';
    const sourceId: string | undefined = context.open_message_id;
    const req: ButtonRequest = {
      ...base(data.tenant_key, chatId, openId, data.event_id, data.operator?.tenant_key),
      actionId: value.a, value: value.v,
      ...(action.form_value ? { formValues: normaliseFormValues(action.form_value) } : {}),
      ...(sourceId ? { source: { channelId: chatId, messageId: sourceId } } : {}),
    };
    const isForm = value.a.startsWith('form:');
    const sourceRef: MessageRef | undefined = sourceId ? { platform: 'lark', channelId: chatId, messageId: sourceId } : undefined;
    const formAt = sourceId ? `thread:${sourceId}` : openId;
    const toClicker = (m: Message, locale: Locale) => retrying(() => d.port.dm(openId, m, { locale }));
    const postInThread = async (m: Message, locale: Locale) => {
      if (sourceId) await retrying(async () => { await d.api.replyCard(sourceId, await d.port.card(m, { locale }), true); });
      else await toClicker(m, locale);
    };

    // Lark waits 3 s for the answer (card callback docs): ONE budget covers everything from here
    // to the answer — the dedupe, the command (its row locks), rendering the new card and opening a
    // form. What is ready when it runs out rides on the answer; the rest (and, if nothing was
    // ready, a "working on it" toast) is sent after it, in respond()'s order. Each piece is written
    // to the answer only while it is still open (`sealed` is checked after every await), so no
    // piece is both answered and sent. A retry of the click (same event_id) is stopped by the dedupe
    // and, if it got past it, by the command's idempotency receipt (runCommand): done once.
    const answer: CardAnswer = {};
    let sealed = false;
    const after: { what: RespondStep; run: () => Promise<unknown> }[] = [];
    const later = (what: RespondStep, run: () => Promise<unknown>) => { after.push({ what, run }); };

    const build = async (): Promise<void> => {
      if (!(await d.dedupe.first(data.event_id, data.tenant_key))) return;
      d.defer('lark tenant check', () => checkLinked(data.tenant_key));
      let res: ChatResponse;
      try {
        res = await d.chat.handleButton(req);
      } catch (e) {
        const ref = errorRef();
        d.log.error({ err: e, ref, actionId: value.a }, 'lark card action failed');
        if (!sealed) answer.toast = failureToast(ref);
        else later('reply', () => toClicker(failureMessage(ref, d.port.locale), d.port.locale));
        return;
      }
      const locale = res.locale;
      await respond(res, {
        // The form comes first (respond.ts) and is sent now: it is not part of the answer.
        form: (form) => retrying(() => d.port.openForm(formAt, form, { locale })),
        replaceSource: async (m) => {
          // The clicked card is everyone's: rendered as before, not in the clicker's language.
          const card = await d.port.card(m);
          if (!sealed) answer.card = { type: 'raw', data: card };
          else if (sourceRef) later('replace_source', () => retrying(() => d.port.update(sourceRef, m)));
        },
        reply: async (reply, r) => {
          const refused = r.outcome !== 'done';
          if (isForm && !refused && !answer.card) {
            // A submitted form card becomes its result, so it cannot be sent twice.
            const card = await d.port.card(reply, { locale });
            if (!sealed) { answer.card = { type: 'raw', data: card }; return; }
          }
          if (reply.ephemeral || refused) {
            // Only the clicker sees a toast; what does not fit in one (or comes late) goes to them directly.
            const toast = sealed ? null : renderToast(reply, { locale, ...(refused ? { type: 'error' as const } : {}) });
            if (toast) answer.toast = toast;
            else later('reply', () => toClicker(reply, locale));
          } else {
            later('reply', () => postInThread(reply, locale));
          }
        },
        // The changed cases' messages leave through the outbox and the delivery queue (one way out).
        publish: async (caseIds) => { later('publish', () => publish(caseIds)); },
        failed: stepFailed('card action'),
      });
    };

    const building = build().catch((e: unknown) => {
      const ref = errorRef();
      d.log.error({ err: e, ref, actionId: value.a }, 'lark card action failed');
      if (!sealed) answer.toast = failureToast(ref);
    });
    const inTime = (await within(building, answerMs)) !== TIMEOUT;
    sealed = true;
    const answered: CardAnswer = { ...answer };
    if (!inTime && !answered.toast) answered.toast = workingToast(d.port.locale);
    d.defer(inTime ? 'lark card action' : 'lark card action (late)', async () => {
      await building;
      for (const a of after) await a.run().catch((e: unknown) => stepFailed('card action')(a.what, e));
    });
    return answered;
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
