// What an adapter hands the chat layer for one inbound command or button, and what it gets back.
import type { Form, Locale, Message } from './message.js';
import type { PlatformName } from './port.js';
import type { ChannelPlace } from '../domain/money-audience.js';
import type { ChatProfile } from '../services/identity.js';

export interface ChatRequest {
  platform: PlatformName;
  /** Slack team id, Lark tenant key; 'console' for the terminal. */
  workspaceId: string;
  /** Where the command was typed or the button clicked. */
  channelId: string;
  /** The person, by platform user id (Slack U…, Lark open_id; console: their email). */
  externalUserId: string;
  /** Looks up the person's profile (email, guest, team) when they are not linked yet (Slack users.info, Lark contact API). */
  lookupProfile?: () => Promise<ChatProfile | undefined>;
  /** Same key on a retried or double-delivered request: the action changes nothing twice. */
  idempotencyKey?: string;
  /**
   * What the conversation is (a channel shared with another organisation, the asker's own direct
   * conversation with the bot…), asked of the platform only by what posts money figures (issue 9).
   * Absent on a chat platform: unknown, so figures go privately.
   */
  place?: () => Promise<ChannelPlace>;
  /** Lark: mention placeholders in the text (`@_user_2`) → the mentioned person's open_id. */
  mentions?: Record<string, string>;
}

export interface ButtonRequest extends ChatRequest {
  /** The action id of the button ('claim', 'approve', …) or form ('form:log', …). */
  actionId: string;
  /** The button's value (an encoded ActionPayload) or the form's hidden value. */
  value: string;
  /** Submitted form values by field name. */
  formValues?: Record<string, string>;
  /** The message the button sits on, when the platform tells us. */
  source?: { channelId: string; messageId: string; threadId?: string };
}

/**
 * How a request ended (issue 8: adapters read it, never the reply's shape). done: the command ran;
 * refused: a coded refusal (not allowed, bad input, out-of-date card…), nothing changed, the reply
 * says why; failed: an unexpected error, nothing changed, the reply carries a reference.
 */
export type ChatOutcome = 'done' | 'refused' | 'failed';

export interface ChatResponse {
  outcome: ChatOutcome;
  /**
   * The language of the reply and the form: the asker's (after `/ar lang`, the new one); the
   * org's default when the asker could not be identified. Adapters render the platform's own
   * words (button confirmations, error references, field errors) in it.
   */
  locale: Locale;
  /** The answer to the person: ephemeral when `reply.ephemeral`, else posted in the channel. */
  reply?: Message;
  /** A form to open instead of answering (Slack modal, Lark card form, console prompts). */
  form?: Form;
  /** For a button: the new content of the message it sits on (e.g. a decided escalation). */
  replaceSource?: Message;
  /** Cases whose messages (alerts, threads) must be brought up to date after the answer. */
  changedCaseIds: number[];
}
