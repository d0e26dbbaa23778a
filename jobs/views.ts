// What the jobs need rendered, as functions the runtime is given (the views of src/chat/views by
// default; tests may pass their own). The data types are the jobs' side of each view's input.
import type { EscalationKind } from '../src/domain/escalation-rule.js';
import type { Level } from '../src/domain/aging.js';
import type { IsoDate } from '../src/domain/calendar.js';
import { alertView, type AlertState } from '../src/chat/views/alert.js';
import { digestView, type DigestInput } from '../src/chat/views/digest.js';
import { reminderView } from '../src/chat/views/reminder.js';
import { threadNoteView } from '../src/chat/views/thread-note.js';
import { kpiPostView, type KpiPostInput } from '../src/chat/views/kpi-post.js';
import type { TargetNotice } from '../src/services/targets/target-notice.js';
import type { Locale, Message } from '../src/chat/message.js';

export interface PersonRef { id: number; name: string }
export interface CustomerRef { code: string; name: string }

/** One alert message: the invoices of one customer that entered a level in one scan. */
export interface AlertData {
  org: number;
  caseId: number;
  caseVersion: number;
  customer: CustomerRef;
  currency: string;
  owner: PersonRef | null;
  /** Worst first. */
  invoices: { id: number; number: string; openMinor: bigint; dueOn: IsoDate; daysOverdue: number; level: Level }[];
  state: AlertState;
  /** The case's level now, when it differs from the invoices' alerts (a payment lowered it). */
  level?: Level;
  /** Credit-control warnings of the customer (DOMAIN.md "Credit control"), when any. */
  credit?: { overLimitByMinor: bigint | null; gradeD: boolean; hold: boolean };
}

export type ReminderKind = 'next_action' | 'promise_due' | 'promise_broken' | 'red_untouched' | 'escalation_pending'
  | 'snooze_ended' | 'lease_check' | 'target_flagged' | 'target_follow_up' | 'delivery_failed' | 'owner_left' | 'pre_due';

export interface ReminderData {
  kind: ReminderKind;
  org: number;
  recipient: PersonRef;
  case?: { id: number; version: number; customer: CustomerRef; owner: PersonRef | null; level: Level | null; nextActionOn: IsoDate | null };
  promise?: { amountMinor: bigint; currency: string; promisedOn: IsoDate };
  escalation?: { id: number; kind: EscalationKind; requestedBy: PersonRef; since: IsoDate };
  /** target_flagged / target_follow_up: the flag, its target now, and the plan if one came. */
  target?: TargetNotice;
  failure?: { platform: string; channelId: string; reason: string; kind: string };
  leaver?: { person: PersonRef; cases: { id: number; version: number; customer: CustomerRef; level: Level | null }[]; more: number };
  /** pre_due: the open invoices that fall due on a day (at most PRE_DUE_LISTED), with how many more. */
  preDue?: { fallsDueOn: IsoDate; invoices: { customer: CustomerRef; number: string; openMinor: bigint; currency: string }[]; more: number };
}

/** A note in a case's alert thread. */
export interface ThreadNote {
  type: 'paid' | 'promise_broken' | 'released' | 'level_lowered' | 'plan_completed';
  org: number;
  customer: CustomerRef;
  levels?: { from: Level | null; to: Level | null };
  promise?: { amountMinor: bigint; currency: string; promisedOn: IsoDate };
  owner?: PersonRef | null;
}

export interface KpiPostData {
  org: number;
  asOf: IsoDate;
  currency: string;
  scope?: { region?: string | null; product?: string | null };
  current: { recoveryRate: number | null; dso: number | null; cei: number | null; structure: Record<string, number> };
  lastWeek: { recoveryRate: number | null; dso: number | null; cei: number | null; structure: Record<string, number> };
  flagged: KpiPostInput['flagged'];
}

export interface JobViews {
  alert(data: AlertData, locale: Locale): Message;
  digest(data: DigestInput, locale: Locale): Message;
  reminder(data: ReminderData, locale: Locale): Message;
  thread(data: ThreadNote, locale: Locale): Message;
  kpi(data: KpiPostData, locale: Locale): Message;
}

/** One message for the invoices of one customer crossing in one scan: the worst leads, the others are listed. */
function alert(data: AlertData, locale: Locale): Message {
  const [worst, ...rest] = data.invoices;
  return alertView({
    org: data.org, caseId: data.caseId, caseVersion: data.caseVersion, invoiceId: worst!.id, invoiceNumber: worst!.number,
    level: data.level ?? worst!.level, customer: data.customer, currency: data.currency, openMinor: worst!.openMinor, dueOn: worst!.dueOn,
    daysOverdue: worst!.daysOverdue, owner: data.owner, state: data.state, ...(data.credit ? { credit: data.credit } : {}),
    ...(rest.length ? { otherInvoices: rest.map((i) => ({ number: i.number, openMinor: i.openMinor, daysOverdue: i.daysOverdue })) } : {}),
  }, locale);
}

export const defaultJobViews: JobViews = { alert, digest: digestView, reminder: reminderView, thread: threadNoteView, kpi: kpiPostView };
