// The ChatPort for Lark: messages are interactive cards; threads are `reply_in_thread` replies;
// forms are cards with a form container; "ephemeral" is a direct message (toasts exist only as
// the answer to a card click, which events.ts gives).
//
// Lark lets a card be patched for 14 days only (error 230031 after that). An update of an older
// card re-posts it and marks the old one superseded (chat_messages.superseded_by), patching the
// old card to a short "moved" notice while Lark still allows it, so no stale card looks current.
import type { Logger } from 'pino';
import { findChatMessage, supersedeChatMessage, type ChatMessage } from '../../src/services/chat-messages.js';
import { platformIds } from '../../src/services/people.js';
import type { Form, Locale, Message } from '../../src/chat/message.js';
import type { ChatFile, ChatImage, ChatPort, MessageRef, PortCapabilities } from '../../src/chat/port.js';
import type { Db } from '../../src/services/database.js';
import { isMessageExpired, isUnknownMention, type LarkApi, type SentMessage } from './api.js';
import { mentionedUserIds, renderCard, renderFormCard, type Card } from './render.js';

/** Lark: "仅支持修改 14 天内发送的消息" (PATCH im/v1/messages). */
export const LARK_UPDATE_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
/** Re-post this long before the window closes, so the old card can still be marked "moved". */
export const UPDATE_SAFETY_MARGIN_MS = 60 * 60 * 1000;

/** Options beyond the port's: the same view in other languages, for bilingual cards. */
/** Lark's `uuid` request field (≤ 50 characters): one message per delivery, whatever the retries. */
const uuidOf = (deliveryId: string | undefined, attempt = 0) =>
  (deliveryId ? `duebot-delivery-${deliveryId}${attempt > 0 ? `-${attempt}` : ''}` : undefined);

export interface LarkMessageOptions {
  /** The delivery this send carries: its Lark uuid. */
  deliveryId?: string;
  locale?: Locale;
  alternates?: Partial<Record<Locale, Message>>;
}

// The notice on a superseded card: platform wording of this adapter, in both languages.
const MOVED: Record<Locale, Message> = {
  'zh-CN': { title: '此卡片已移动', level: 'grey', blocks: [{ type: 'context', text: '卡片超过飞书的更新期限，最新状态见本会话中较新的消息。' }], summary: '已移动：请查看较新的消息' },
  'en-US': { title: 'This card has moved', level: 'grey', blocks: [{ type: 'context', text: 'Lark no longer lets this card be updated: see the newer message in this chat for the current state.' }], summary: 'Moved: see the newer message' },
};

export interface LarkPortOptions {
  api: LarkApi;
  db: Db;
  log: Logger;
  now: () => Date;
  defaultLocale: Locale;
}

export class LarkPort implements ChatPort {
  readonly platform = 'lark' as const;
  readonly capabilities: PortCapabilities = { forms: 'card', ephemeral: false, updateWindowMs: LARK_UPDATE_WINDOW_MS };

  constructor(private readonly o: LarkPortOptions) {}

  /** The language of messages sent without one. */
  get locale(): Locale {
    return this.o.defaultLocale;
  }

  /** duebot user id → Lark open_id, for the people a message mentions. */
  async openIds(message: Message): Promise<Map<number, string>> {
    return platformIds(this.o.db, 'lark', mentionedUserIds(message));
  }

  /** The card for a message (mentions resolved unless `names`, other languages zipped in). */
  async card(message: Message, opts: LarkMessageOptions & { names?: boolean } = {}): Promise<Card> {
    return renderCard(message, {
      locale: opts.locale ?? this.o.defaultLocale,
      ...(opts.alternates ? { alternates: opts.alternates } : {}),
      openIds: opts.names ? new Map() : await this.openIds(message),
    });
  }

  /**
   * Sends the card with its mentions; if Lark refuses one `<at id=…>` (230099 / 100290: a person
   * who left, or an id of another tenant), the whole card would be lost, so it goes again with
   * every person's name in bold instead.
   */
  private async withMentions<T>(message: Message, opts: LarkMessageOptions, send: (card: Card) => Promise<T>): Promise<T> {
    try {
      return await send(await this.card(message, opts));
    } catch (e) {
      if (!isUnknownMention(e)) throw e;
      this.o.log.info('lark refused a mention in a card: sent again with names');
      return send(await this.card(message, { ...opts, names: true }));
    }
  }

  async post(channelId: string, message: Message, opts: LarkMessageOptions & { threadOf?: MessageRef } = {}): Promise<MessageRef> {
    // A card re-sent with names (a refused mention) is a new request: it gets its own uuid.
    let attempt = 0;
    return this.withMentions(message, opts, (card) => this.postCard(channelId, card, opts.threadOf, uuidOf(opts.deliveryId, attempt++)));
  }

  private async postCard(channelId: string, card: Card, threadOf: MessageRef | undefined, uuid: string | undefined): Promise<MessageRef> {
    if (threadOf) {
      const root = threadOf.threadId ?? threadOf.messageId;
      const s = await this.o.api.replyCard(root, card, true, uuid);
      return { platform: 'lark', channelId: s.chatId || channelId, messageId: s.messageId, threadId: root };
    }
    return toRef(await this.o.api.sendCard(channelId, card, uuid), channelId);
  }

  async update(ref: MessageRef, message: Message, opts: LarkMessageOptions = {}): Promise<void> {
    await this.withMentions(message, opts, (card) => this.updateCard(ref, card, opts.locale ?? this.o.defaultLocale));
  }

  private async updateCard(ref: MessageRef, card: Card, locale: Locale): Promise<void> {
    const row = await findChatMessage(this.o.db, 'lark', ref.channelId, ref.messageId);
    const now = this.o.now().getTime();
    const until = row ? (row.updatable_until ?? new Date(row.created_at.getTime() + LARK_UPDATE_WINDOW_MS)).getTime() : null;
    if (until === null || now < until - UPDATE_SAFETY_MARGIN_MS) {
      try {
        await this.o.api.patchCard(ref.messageId, card);
        return;
      } catch (e) {
        if (!isMessageExpired(e)) throw e;
        this.o.log.info({ messageId: ref.messageId }, 'lark card too old to update: re-posting');
      }
    }
    await this.repost(ref, row, card, locale);
  }

  /**
   * Posts the card anew, records the new message and supersedes the old one. The old row is locked
   * while this happens, so two processes updating the same old card make one new card: the second
   * finds it superseded and updates the newer message instead.
   */
  private async repost(ref: MessageRef, row: ChatMessage | undefined, card: Card, locale: Locale): Promise<void> {
    const send = () => (ref.threadId ? this.o.api.replyCard(ref.threadId, card, true) : this.o.api.sendCard(ref.channelId, card));
    if (!row) {
      await send();
    } else {
      const now = this.o.now();
      const { newer } = await supersedeChatMessage(this.o.db, row, { ...(ref.threadId ? { threadId: ref.threadId } : {}) }, now,
        new Date(now.getTime() + LARK_UPDATE_WINDOW_MS), send);
      if (newer) {
        await this.o.api.patchCard(newer, card);
        return;
      }
    }
    try {
      await this.o.api.patchCard(ref.messageId, renderCard(MOVED[locale], { locale, alternates: MOVED }));
    } catch (e) {
      this.o.log.debug({ messageId: ref.messageId, err: (e as Error).message }, 'old lark card could not be marked moved');
    }
  }

  async dm(externalUserId: string, message: Message, opts: LarkMessageOptions = {}): Promise<MessageRef> {
    let attempt = 0;
    return this.withMentions(message, opts,
      async (card) => toRef(await this.o.api.sendCard(externalUserId, card, uuidOf(opts.deliveryId, attempt++)), externalUserId));
  }

  /** Lark has no ephemeral cards in JSON 2.0: the person gets a direct message. */
  async ephemeral(_channelId: string, externalUserId: string, message: Message, opts: LarkMessageOptions = {}): Promise<void> {
    await this.dm(externalUserId, message, opts);
  }

  /**
   * Posts a form card. `trigger` is where: a chat (oc_…), a person (ou_…), `thread:<message id>`
   * (in that message's thread: a form opened from a button on that card) or `reply:<message id>`
   * (quoting the command that asked for it).
   */
  async openForm(trigger: string, form: Form, opts: { locale?: Locale; alternates?: Partial<Record<Locale, Form>> } = {}): Promise<void> {
    const card = renderFormCard(form, { locale: opts.locale ?? this.o.defaultLocale, ...(opts.alternates ? { alternates: opts.alternates } : {}) });
    const m = /^(thread|reply):(.+)$/.exec(trigger);
    if (m) await this.o.api.replyCard(m[2]!, card, m[1] === 'thread');
    else await this.o.api.sendCard(trigger, card);
  }

  /**
   * A file to one person: the card saying what it is (uuid: the delivery id), then the file
   * (uuid: the delivery id and "f"), so a resend after an unknown outcome sends neither twice.
   */
  async sendFile(externalUserId: string, file: ChatFile, message: Message, opts: LarkMessageOptions = {}): Promise<MessageRef> {
    const ref = await this.dm(externalUserId, message, opts);
    const key = await this.o.api.uploadFile(file.bytes, file.filename, file.mime === 'application/pdf' ? 'pdf' : 'stream');
    await this.o.api.sendFileMessage(externalUserId, key, opts.deliveryId ? `${opts.deliveryId}f` : undefined);
    return ref;
  }

  /** Uploads a PNG to im/v1/images; the key goes into a card's img element. */
  async uploadImage(_channelId: string, image: ChatImage): Promise<string> {
    return this.o.api.uploadImage(image.png);
  }
}

function toRef(s: SentMessage, fallbackChannel: string): MessageRef {
  const ref: MessageRef = { platform: 'lark', channelId: s.chatId || fallbackChannel, messageId: s.messageId };
  return ref;
}
