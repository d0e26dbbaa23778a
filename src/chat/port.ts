// The chat port: what the chat layer and the jobs need from a platform. Each adapter implements it;
// what a platform cannot do it says through `capabilities`, and the chat layer picks a fallback
// (Lark has no modals: a card form; Slack ephemeral ↔ Lark toast or direct message).
import type { Form, Locale, Message } from './message.js';

/**
 * How long one platform call may take before the adapter gives up on it (Slack's WebClient
 * `timeout`, Lark's axios `timeout`): the one place it is set. The jobs count on it: a send that
 * began long enough ago has surely ended, one way or the other (jobs/delivery/delivery-log.ts).
 */
export const PLATFORM_CALL_TIMEOUT_MS = 10_000;

/** How a message is sent: in which language, and the same message in other languages for
 * platforms that show each reader their own (Lark cards carry zh_cn and en_us). */
export interface SendOptions {
  locale?: Locale;
  alternates?: Partial<Record<Locale, Message>>;
  /**
   * The delivery this send carries (the jobs): Slack puts it in the message's metadata, Lark
   * sends it as the request's `uuid` (Lark sends one message per uuid within an hour), so a send
   * whose outcome was unknown is found or deduplicated instead of posted twice.
   */
  deliveryId?: string;
}

export type PlatformName = 'slack' | 'lark' | 'console';

/** Where a posted message lives, so it can be updated or replied to later. */
export interface MessageRef {
  platform: PlatformName;
  channelId: string;
  messageId: string;
  /** The thread root this message belongs to (absent: it is a root). */
  threadId?: string;
}

export interface PortCapabilities {
  /** How a form is shown: a modal (Slack), a card with inputs (Lark), prompts (console). */
  forms: 'modal' | 'card' | 'prompt';
  /** True when a message can be shown to one person in a channel. */
  ephemeral: boolean;
  /** How long a posted message can still be updated (Lark limits patching); null: forever. */
  updateWindowMs: number | null;
}

/** A document sent to one person (the evidence file as PDF). */
export interface ChatFile { bytes: Buffer; filename: string; title: string; mime: string }

/** An image to show in a later post (a chart as PNG). */
export interface ChatImage { png: Buffer; filename: string; title: string; alt: string }

export interface ChatPort {
  readonly platform: PlatformName;
  readonly capabilities: PortCapabilities;
  /** Posts a message to a channel, or into the thread of `threadOf`. */
  post(channelId: string, message: Message, opts?: SendOptions & { threadOf?: MessageRef }): Promise<MessageRef>;
  /** Replaces the content of a posted message. */
  update(ref: MessageRef, message: Message, opts?: SendOptions): Promise<void>;
  /** Sends a direct message to a person, by their platform user id. */
  dm(externalUserId: string, message: Message, opts?: { locale?: Locale; deliveryId?: string }): Promise<MessageRef>;
  /**
   * The message a delivery already posted, if any (Slack: by its metadata in the channel's or the
   * thread's history since `since`), asked before sending again after an outcome was unknown.
   * Absent: the platform deduplicates a resend itself (Lark's uuid) or cannot tell (console).
   */
  findDelivered?(where: { channelId?: string; externalUserId?: string; threadOf?: MessageRef }, deliveryId: string, since: Date): Promise<MessageRef | null>;
  /** Shows a message to one person only (Slack ephemeral; elsewhere a toast or a direct message). */
  ephemeral(channelId: string, externalUserId: string, message: Message, opts?: { locale?: Locale }): Promise<void>;
  /** Opens a form; `trigger` is the platform's short-lived handle (Slack trigger_id), or a channel for card forms. */
  openForm(trigger: string, form: Form, opts?: { locale?: Locale }): Promise<void>;
  /** Uploads an image for an `image` block of a later post; returns its id there (Slack file id,
   * Lark image_key). Absent where images are not shown (the console): posts keep their text. */
  uploadImage?(channelId: string, image: ChatImage): Promise<string>;
  /**
   * Sends a file to one person privately, with `message` saying what it is; returns the message's
   * ref. The message carries `deliveryId` as posts do (Slack metadata, Lark uuid), and is sent
   * first, so an unknown outcome is looked up as a direct message's is.
   */
  sendFile(externalUserId: string, file: ChatFile, message: Message, opts?: { locale?: Locale; deliveryId?: string }): Promise<MessageRef>;
}
