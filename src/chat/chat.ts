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
   * The delivery queue, when a jobs runtime runs: case updates are queued (rate budgets, retries,
   * delivery log) instead of sent directly. Absent: the publisher calls the ports itself.
   */
  outbox?: CaseOutbox;
}

/**
 * One message about a case to send. The dedupe key names what to render at send time:
 *   update:<chat_message>:<case version>:<event>    case_event:<event>:<chat_message>
 *   escalation_request:<event>:<subscription>      escalation_decision:<event>:<chat_message>
 *   legal:<event>:<subscription>                   dm:<event>:<user>:<platform>
 */
export interface CaseDelivery {
  orgId: number;
  platform: PlatformName;
  /** A channel id, or '@<platform user id>' for a direct message. */
  channelId: string;
  kind: 'update' | 'case_event' | 'escalation_request' | 'escalation_decision' | 'legal' | 'dm';
  caseId: number;
  dedupeKey: string;
}

/** Where the chat layer hands case messages when a delivery queue exists (src/chat does not import jobs/). */
export interface CaseOutbox {
  /** Records and queues the deliveries not already recorded (by org and dedupe key): a retry sends nothing twice. */
  enqueue(items: CaseDelivery[]): Promise<void>;
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
