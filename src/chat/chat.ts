// The chat layer as adapters see it: one object per process, built by createChat (src/chat/router.ts; commands in src/chat/commands/).
import type { Logger } from 'pino';
import type { Db } from '../store/connection.js';
import type { ChatPort, PlatformName } from './port.js';
import type { ButtonRequest, ChatRequest, ChatResponse } from './request.js';

export interface ChatDeps {
  db: Db;
  /** The platforms this process can reach, for updating alert messages and posting in threads. */
  ports: Partial<Record<PlatformName, ChatPort>>;
  log: Logger;
  /** The clock (tests control it). */
  now?: () => Date;
  /**
   * The case_events outbox, when a jobs runtime runs: a command's events are turned into
   * deliveries there (jobs/outbox.ts). Absent: the publisher calls the ports itself.
   */
  outbox?: CaseOutbox;
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
   * Brings the messages of changed cases up to date: updates each alert in place and posts what
   * happened in its thread. Runs after the platform has been answered; safe to run in several
   * processes at once (each event is taken once).
   */
  publishCaseUpdates(caseIds: number[]): Promise<void>;
}
