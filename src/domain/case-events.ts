// The case events: every type a service records in `case_events`, its payload, and in one table
// what it causes on the chat side (STYLE.md: "domain event, then render per platform"). The
// services write them (in the transaction of the change), the outbox turns them into deliveries,
// the views render them at send time. Nothing else keeps a list of event types.
//
// To add an event type: add it to CaseEventPayloads with its payload (ids, not names: renderers
// read the rest at send time; money as a string of minor units), then its row in CASE_EVENTS
// (tsc fails until the row exists). A thread line needs the i18n keys `event.<type>` in both
// catalogues (test/unit/chat/views/case-event.test.ts checks every type that has one).

import type { EscalationKind } from './escalation-rule.js';

/** Who did it, as recorded with the change (recordChange in src/services/cases/case-command.ts). */
export interface EventActor { userId: number; name: string }

/** What every change made through a command carries. */
interface CommandChange { caseId: number; customerId: number; actor: EventActor }

export interface CaseEventPayloads {
  /** One or more invoices of a customer entered a level in one scan (aging-scan.ts). */
  'alert.raised': { alertIds: number[]; invoiceIds: number[]; level: string | null; asOf: string };
  'case.opened': { caseId: number; customerId: number; level: string | null; stage: string };
  /** Nothing overdue any more (paid) or the rest written off. */
  'case.closed': { caseId: number; customerId: number; reason: 'paid' | 'written_off' };
  /** A payment or a re-import lowered the case's level (issue 10: levels follow the ledger); a higher level is a new alert. */
  'case.level_lowered': { caseId: number; customerId: number; from: string | null; to: string | null };
  'case.claimed': CommandChange & { ownerUserId: number };
  /** By a person (a command) or by the jobs when a claim's lease ran out (reason: lease_expired, no actor). */
  'case.released': (CommandChange & { previousOwnerUserId: number | null }) | { reason: 'lease_expired'; ownerId: number; reminderId: number };
  'case.assigned': CommandChange & { ownerUserId: number; previousOwnerUserId: number | null };
  'case.snoozed': CommandChange & { until: string; days: number; reason: string };
  'record.logged': CommandChange & { recordId: number; method: string; outcome: string | null };
  'promise.made': CommandChange & { promiseId: number; recordId: number; amountMinor: string; currency: string; promisedOn: string };
  /** Found by the reminders sweep: the date passed without the money. */
  'promise.broken': { promiseId: number };
  /** An instalment plan: its instalments are promises (issue 10, DOMAIN.md "Promises and plans"). */
  'plan.made': CommandChange & { planId: number; recordId: number; instalments: number; amountMinor: string; currency: string;
    firstOn: string; lastOn: string; every: 'week' | 'month' };
  /** The monthly write-off review (issue 10; 001: over 180 days → write-off review), no case of its own. */
  'writeoff.review': { month: string; asOf: string };
  /** The monthly re-rating (issue 10; DOMAIN.md "Credit control"): suggestions recorded for the month, no case of its own. */
  'credit.rerating': { month: string; asOf: string; suggestions: number };
  /** Found by the reminders sweep: every instalment of the plan is kept. */
  'plan.completed': { planId: number; caseId: number; customerId: number };
  'invoice.disputed': CommandChange & { invoiceId: number; invoiceNumber: string; recordId: number; reason: string };
  /** A non-supervisor's dispute, waiting for a supervisor's confirmation (issue 9). */
  'invoice.dispute_requested': CommandChange & { invoiceId: number; invoiceNumber: string; recordId: number; reason: string };
  'invoice.dispute_resolved': CommandChange & { invoiceId: number; invoiceNumber: string; recordId: number; note: string | null; withdrawn: boolean };
  'escalation.requested': CommandChange & { escalationId: number; kind: 'legal' | 'agency'; requestedBy: number; overridden: boolean; missing: string[]; agencyId?: number };
  'writeoff.proposed': CommandChange & { escalationId: number; kind: 'writeoff'; invoiceId: number; invoiceNumber: string; balanceMinor: string; requestedBy: number };
  'escalation.decided': CommandChange & { escalationId: number; kind: EscalationKind; decision: 'approve' | 'reject'; requestedBy: number; invoiceId: number | null; note: string | null };
  'escalation.cancelled': CommandChange & { escalationId: number; reason: string };
  'escalation.refreshed': CommandChange & { escalationId: number; wasMinor: string; nowMinor: string };
  /** A legal case moved to its next stage (letter, mediation, filed… issue 15's legal track). */
  'legal.stage_moved': CommandChange & { moveId: number; from: string | null; stage: string; result: string | null; recoveredMinor: string | null; recordId: number };
  /** An invoice's limitation period ends within a warning threshold (180/90/30 days). */
  'limitation.warning': { invoiceId: number; number: string; customerId: number; customerCode: string; customerName: string; caseId: number | null;
    endsOn: string; daysLeft: number; threshold: number; balanceMinor: string; currency: string };
  /** Legal or a manager asked for a customer's evidence file: built and sent to them privately. */
  'evidence.requested': CommandChange & { requestedBy: number };
  /**
   * Issue 11: a message to a customer was approved (Send in chat; or automatic, no actor): its
   * `email` delivery is queued. Case-less for a pre-due courtesy reminder to a customer with no case.
   */
  'email.approved': { caseId: number | null; customerId: number; actor: EventActor | null; outboundId: number; messageKind: string; automatic: boolean };
  /** The SMTP server took it: the written record (recordId; null without a case) holds its hashes. */
  'email.sent': { caseId: number | null; customerId: number; actor: EventActor | null; outboundId: number; messageKind: string;
    recordId: number | null; recipients: string[] };
  /** Refused by SMTP (5yz) or given up after retries: the record is marked undelivered; the owner is told. */
  'email.undelivered': { caseId: number | null; customerId: number; actor: EventActor | null; outboundId: number; messageKind: string;
    recordId: number | null; recipients: string[]; reason: string };
  /** An import wrote invoices or payments: the org is rescanned. */
  'import.completed': { kind: string; inserted: number; updated: number };
  /** A channel subscribed or unsubscribed: the schedulers are rebuilt. */
  'subscription.changed': Record<string, never>;
  /**
   * `/ar report aging|kpi … chart` (issue 13): a chart to post in the channel it was asked in, drawn
   * at send time as of `asOf`; `requestKey` makes a retried request one post.
   */
  'report.chart_requested': { report: 'aging' | 'kpi'; by: string | null; platform: string; channelId: string; asOf: string;
    locale: string; requestKey: string; userId: number };
}

export type CaseEventType = keyof CaseEventPayloads;

/** A case event as stored, typed by its type. */
export type CaseEvent = { [T in CaseEventType]: { id: bigint; orgId: number; caseId: number | null; type: T; payload: CaseEventPayloads[T] } }[CaseEventType];

/** Messages an event posts besides its thread line and the alert update. */
export type EventPost =
  /** The alert itself, to every 'alerts' channel whose filter matches one of its invoices. */
  | 'alert'
  /** The approval request card, to every 'escalations' channel. */
  | 'escalation_request'
  /** The request cards updated with the decision, a direct message to the requester and owner, and (approved legal) a post to every 'legal' channel. */
  | 'escalation_decision'
  /** A limitation warning: a direct message to the case owner and a post to every 'legal' channel. */
  | 'limitation_warning'
  /** The evidence file, to the person who asked, privately. */
  | 'evidence_file'
  /** A chart asked for in chat, posted in the channel it was asked in. */
  | 'report_chart'

  /** The monthly write-off review: a post to every 'escalations' channel. */
  | 'writeoff_review'
  /** The monthly re-rating with Accept / Keep: a post to every 'escalations' channel. */
  | 'rerating_review'
  /** The message to a customer, by email (issue 11): one `email` delivery. */
  | 'email'
  /** A direct message to the case's owner (a send that bounced). */
  | 'owner_dm';

/** Work the jobs do for an event, beyond messages. */
export type EventJob = 'scan' | 'reconcile';

export interface CaseEventEffects {
  /** A line in the thread of each of the case's alert messages (views/case-event.ts renders it). */
  thread: boolean;
  /** Each of the case's alert messages is re-rendered in place (its state: alert-state.ts). */
  updatesAlert: boolean;
  posts: readonly EventPost[];
  job?: EventJob;
}

/** The one table: for each event type, what it causes. */
export const CASE_EVENTS: { readonly [T in CaseEventType]: CaseEventEffects } = {
  'alert.raised': { thread: false, updatesAlert: false, posts: ['alert'] },
  'case.opened': { thread: false, updatesAlert: false, posts: [] },
  'case.closed': { thread: true, updatesAlert: true, posts: [] },
  'case.level_lowered': { thread: true, updatesAlert: true, posts: [] },
  'case.claimed': { thread: true, updatesAlert: true, posts: [] },
  'case.released': { thread: true, updatesAlert: true, posts: [] },
  'case.assigned': { thread: true, updatesAlert: true, posts: [] },
  'case.snoozed': { thread: true, updatesAlert: true, posts: [] },
  'record.logged': { thread: true, updatesAlert: true, posts: [] },
  'promise.made': { thread: true, updatesAlert: true, posts: [] },
  'promise.broken': { thread: true, updatesAlert: true, posts: [] },
  'plan.made': { thread: true, updatesAlert: true, posts: [] },
  'plan.completed': { thread: true, updatesAlert: true, posts: [] },
  'writeoff.review': { thread: false, updatesAlert: false, posts: ['writeoff_review'] },
  'credit.rerating': { thread: false, updatesAlert: false, posts: ['rerating_review'] },
  'invoice.disputed': { thread: true, updatesAlert: true, posts: [] },
  'invoice.dispute_requested': { thread: true, updatesAlert: false, posts: [] },
  'invoice.dispute_resolved': { thread: true, updatesAlert: true, posts: [] },
  'escalation.requested': { thread: true, updatesAlert: true, posts: ['escalation_request'] },
  'writeoff.proposed': { thread: true, updatesAlert: true, posts: ['escalation_request'] },
  'escalation.decided': { thread: true, updatesAlert: true, posts: ['escalation_decision'] },
  'escalation.cancelled': { thread: true, updatesAlert: true, posts: [] },
  'escalation.refreshed': { thread: false, updatesAlert: true, posts: [] },
  'legal.stage_moved': { thread: false, updatesAlert: true, posts: [] },
  'limitation.warning': { thread: false, updatesAlert: false, posts: ['limitation_warning'] },
  'evidence.requested': { thread: false, updatesAlert: false, posts: ['evidence_file'] },
  'email.approved': { thread: false, updatesAlert: false, posts: ['email'] },
  'email.sent': { thread: true, updatesAlert: true, posts: [] },
  'email.undelivered': { thread: true, updatesAlert: true, posts: ['owner_dm'] },
  'import.completed': { thread: false, updatesAlert: false, posts: [], job: 'scan' },
  'subscription.changed': { thread: false, updatesAlert: false, posts: [], job: 'reconcile' },
  'report.chart_requested': { thread: false, updatesAlert: false, posts: ['report_chart'] },
};

export const CASE_EVENT_TYPES = Object.keys(CASE_EVENTS) as CaseEventType[];

export function isCaseEventType(type: string): type is CaseEventType {
  return Object.prototype.hasOwnProperty.call(CASE_EVENTS, type);
}

/** The event types that add a line to a case's alert thread. */
export const THREAD_EVENT_TYPES = CASE_EVENT_TYPES.filter((t) => CASE_EVENTS[t].thread);
