// The chat layer as adapters see it: one object per process, built by createChat (src/chat/router.ts; commands in src/chat/commands/).
import type { Locale } from '../domain/locale.js';
import type { Logger } from 'pino';
import type { Db } from '../store/connection.js';
import type { ButtonRequest, ChatRequest, ChatResponse } from './request.js';

export interface ChatDeps {
  db: Db;
  log: Logger;
  /** The clock (tests control it). */
  now?: () => Date;
  /**
   * The case_events outbox of the jobs runtime (its caseOutbox): what a command changed becomes
   * deliveries there (jobs/outbox.ts), sent by the delivery workers. The one way out (issue 8):
   * with Redis or on BullMQ's PostgreSQL backend, the chat layer never calls a platform itself.
   */
  outbox: CaseOutbox;
  /** The language of an answer to someone duebot does not know yet (DUEBOT_LOCALE). Default zh-CN. */
  locale?: Locale;
  /**
   * Where customers' answers to email go when every message should reach one mailbox
   * (SMTP_REPLY_TO); without it, the case owner's address. Previews show the one the send will use.
   */
  replyTo?: string | null;
}

/** Where the chat layer hands the cases a command changed (src/chat does not import jobs/). */
export interface CaseOutbox {
  /** Turns the unprocessed events of these cases into deliveries now (each event once, whoever else runs). */
  publish(caseIds: number[]): Promise<void>;
}

export interface Chat {
  /** A typed command (`/ar claim 华东机电`, or the words of a Lark message). */
  handleText(req: ChatRequest, text: string): Promise<ChatResponse>;
  /** A button click or a submitted form. */
  handleButton(req: ButtonRequest): Promise<ChatResponse>;
  /**
   * Hands the changed cases' events to the outbox, which records what they cause (alert updates,
   * thread lines, request cards, decisions) as deliveries for the delivery workers. Runs after the
   * platform has been answered; safe to run in several processes at once (each event is taken once).
   */
  publishCaseUpdates(caseIds: number[]): Promise<void>;
}
