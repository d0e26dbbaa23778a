// The case card (`/ar case <customer>`): who owes what since when, who owns it, what was done,
// what was promised, and the buttons to act.
import type { EscalationKind } from '../../domain/escalation-rule.js';
import { bucketOf, type Level, type Stage } from '../../domain/aging.js';
import type { IsoDate } from '../../domain/calendar.js';
import { isContactRole } from '../../domain/contact-roles.js';
import type { Method, Outcome } from '../grammar.js';
import type { LegalStage } from '../../store/schema.js';
import { formatAmount, formatDate, formatDays, formatMinorPlain, t, tr, type Locale } from '../i18n.js';
import type { Action, Block, Field, Inline, Message, Rich } from '../message.js';
import { caseAction, type ActionId, type CaseKey } from './case-actions.js';
import { bold, customerLabel, fitItems, join, levelName, mention, oneLine, ownerInline, type CustomerRef, type Person } from './parts.js';

export interface CaseInvoice {
  number: string;
  openMinor: bigint;
  dueOn: IsoDate;
  daysOverdue: number;
  status: 'open' | 'disputed';
}

export interface CaseRecord {
  on: IsoDate;
  author: Person | null;
  method: Method;
  outcome: Outcome | null;
  body: string;
}

export interface CasePromise {
  amountMinor: bigint;
  promisedOn: IsoDate;
  status: 'pending' | 'kept' | 'broken' | 'cancelled';
  note?: string | null;
}

export interface PendingEscalation {
  id: number;
  kind: EscalationKind;
  requestedBy: Person;
  reason: string;
  on: IsoDate;
  invoiceNumber?: string | null;
}

export interface CaseCardInput {
  org: number;
  caseId: number;
  version: number;
  currency: string;
  status: 'open' | 'legal' | 'closed';
  customer: CustomerRef & { grade: string; region?: string | null };
  owner: Person | null;
  stage: Stage | 'legal' | null;
  level: Level | null;
  overdueMinor: bigint;
  maxDaysOverdue: number;
  nextActionOn?: IsoDate | null;
  snoozedUntil?: IsoDate | null;
  /** Open and disputed invoices, worst first. */
  invoices: CaseInvoice[];
  /** Newest first; the card shows the latest few. */
  records: CaseRecord[];
  recordsTotal?: number;
  promises: CasePromise[];
  pendingEscalation?: PendingEscalation | null;
  /** The person looking, so the card offers Release to the owner and Claim when unowned. */
  viewerId?: number;
  /** People at the customer, billing first (issue 11: contacts shown on the case card). */
  contacts?: CaseContact[];
  /** Credit control (DOMAIN.md): over the limit, grade D with an open balance, supply hold. */
  credit?: { overLimitByMinor: bigint | null; gradeD: boolean; hold: { reason: string; since: IsoDate } | null };
  /** The legal track (issue 12): litigation stage, agency, the first limitation period to end. */
  legal?: {
    stage: LegalStage | null;
    agency: { name: string; since: IsoDate } | null;
    limitation: { invoiceNumber: string; endsOn: IsoDate; daysLeft: number; lapsed: boolean } | null;
  };
}

export interface CaseContact { name: string; email: string | null; phone: string | null; role: string }

const CONTACTS_SHOWN = 5;

function contactLine(k: CaseContact, locale: Locale): string {
  const role = isContactRole(k.role) ? t(locale, `contact_role.${k.role}`) : oneLine(k.role, 30);
  return [oneLine(k.name, 60), role, ...(k.email ? [oneLine(k.email, 120)] : []), ...(k.phone ? [oneLine(k.phone, 40)] : [])].join(' · ');
}

const INVOICES_SHOWN = 15;
const RECORDS_SHOWN = 5;
const PROMISES_SHOWN = 5;
const BODY_MAX = 280;

export function recordLine(r: CaseRecord, locale: Locale): Inline[] {
  const head = [formatDate(r.on, locale), t(locale, `method.${r.method}`)];
  if (r.outcome) head.push(t(locale, `outcome.${r.outcome}`));
  const parts: Rich[] = [head.join(' · ')];
  if (r.author) parts.push([mention(r.author)]);
  return [...join(parts), { text: `: ${oneLine(r.body, BODY_MAX)}` }];
}

/** The buttons a case offers in its state. */
export function caseActionIds(input: CaseCardInput): ActionId[] {
  if (input.status === 'closed') return [];
  const ids: ActionId[] = [];
  if (input.owner === null) ids.push('claim');
  else if (input.viewerId !== undefined && input.owner.id === input.viewerId) ids.push('release');
  ids.push('log');
  if (input.status === 'legal') {
    // The next litigation stage, by a form (stages only move forward; closing takes its result there too).
    if (input.legal?.stage !== 'closed') ids.push('legal');
    return ids;
  }
  ids.push('promise', 'snooze');
  if (!input.pendingEscalation && (input.level === 'red' || input.stage === 'advanced')) ids.push('escalate');
  return ids;
}

export function caseCardView(input: CaseCardInput, locale: Locale): Message {
  const money = (m: bigint) => formatAmount(m, input.currency, locale);
  const customer = customerLabel(input.customer);
  const blocks: Block[] = [];

  const fields: Field[] = [
    { label: t(locale, 'field.owner'), value: [ownerInline(input.owner, locale)] },
    { label: t(locale, 'field.grade'), value: input.customer.grade },
    { label: t(locale, 'field.stage'), value: input.stage ? t(locale, `stage.${input.stage}`) : t(locale, 'value.none') },
    { label: t(locale, 'field.level'), value: levelName(input.level, locale) },
    { label: t(locale, 'field.overdue'), value: `${money(input.overdueMinor)} · ${formatDays(input.maxDaysOverdue, locale)}` },
  ];
  if (input.customer.region) fields.push({ label: t(locale, 'field.region'), value: input.customer.region });
  if (input.snoozedUntil) fields.push({ label: t(locale, 'field.snoozed'), value: formatDate(input.snoozedUntil, locale) });
  else if (input.nextActionOn) fields.push({ label: t(locale, 'field.next_action'), value: formatDate(input.nextActionOn, locale) });
  blocks.push({ type: 'fields', fields });
  if (input.status !== 'open') blocks.push({ type: 'context', text: t(locale, `case.status.${input.status}`) });
  const credit = input.credit;
  if (credit?.hold) blocks.push({ type: 'context', text: t(locale, 'hold.badge', { reason: oneLine(credit.hold.reason, 200), date: formatDate(credit.hold.since, locale) }) });
  if (credit?.overLimitByMinor) blocks.push({ type: 'context', text: t(locale, 'credit.over_limit', { amount: money(credit.overLimitByMinor) }) });
  if (credit?.gradeD) blocks.push({ type: 'context', text: t(locale, 'credit.grade_d') });
  const legal = input.legal;
  if (legal?.stage) blocks.push({ type: 'context', text: t(locale, 'case.legal_stage', { stage: t(locale, `legal.stage.${legal.stage}`) }) });
  if (legal?.agency) blocks.push({ type: 'context', text: t(locale, 'case.agency', { agency: oneLine(legal.agency.name, 80), date: formatDate(legal.agency.since, locale) }) });
  if (legal?.limitation) {
    const l = legal.limitation;
    blocks.push({ type: 'context', text: t(locale, l.lapsed ? 'case.limitation_lapsed' : 'case.limitation',
      { invoice: oneLine(l.invoiceNumber, 40), date: formatDate(l.endsOn, locale), n: l.daysLeft }) });
  }

  // Invoices
  blocks.push({ type: 'section', text: [bold(t(locale, 'case.invoices'))] });
  if (input.invoices.length === 0) {
    blocks.push({ type: 'context', text: t(locale, 'case.no_invoices') });
  } else {
    blocks.push({
      type: 'table',
      columns: [t(locale, 'col.invoice'), t(locale, 'col.open_in', { currency: input.currency }), t(locale, 'col.due'), t(locale, 'col.days'), t(locale, 'col.bucket')],
      rows: input.invoices.slice(0, INVOICES_SHOWN).map((i) => [
        i.status === 'disputed' ? `${oneLine(i.number, 40)} (${t(locale, 'invoice_status.disputed')})` : oneLine(i.number, 40),
        formatMinorPlain(i.openMinor, input.currency),
        formatDate(i.dueOn, locale),
        String(i.daysOverdue),
        t(locale, `bucket.${bucketOf(i.daysOverdue)}`),
      ]),
      align: ['left', 'right', 'left', 'right', 'left'],
    });
    if (input.invoices.length > INVOICES_SHOWN) {
      blocks.push({ type: 'context', text: t(locale, 'case.more_invoices', { count: input.invoices.length - INVOICES_SHOWN }) });
    }
  }

  // Records
  blocks.push({ type: 'section', text: [bold(t(locale, 'case.records'))] });
  if (input.records.length === 0) {
    blocks.push({ type: 'context', text: t(locale, 'case.no_records') });
  } else {
    const items = fitItems(input.records.slice(0, RECORDS_SHOWN).map((r) => recordLine(r, locale)));
    blocks.push({ type: 'list', items });
    const total = input.recordsTotal ?? input.records.length;
    if (total > items.length) blocks.push({ type: 'context', text: t(locale, 'case.records_total', { count: total }) });
  }

  // Promises
  if (input.promises.length) {
    blocks.push({ type: 'section', text: [bold(t(locale, 'case.promises'))] });
    blocks.push({
      type: 'list',
      items: fitItems(input.promises.slice(0, PROMISES_SHOWN).map((p) => {
        const line = t(locale, 'case.promise_line', { amount: money(p.amountMinor), date: formatDate(p.promisedOn, locale), status: t(locale, `promise_status.${p.status}`) });
        return p.note ? `${line}: ${oneLine(p.note, 200)}` : line;
      })),
    });
  }

  // Contacts
  if (input.contacts?.length) {
    blocks.push({ type: 'section', text: [bold(t(locale, 'case.contacts'))] });
    blocks.push({ type: 'list', items: fitItems(input.contacts.slice(0, CONTACTS_SHOWN).map((k) => contactLine(k, locale))) });
  }

  // Pending escalation
  const esc = input.pendingEscalation;
  if (esc) {
    blocks.push({ type: 'section', text: [bold(t(locale, 'case.pending_escalation'))] });
    blocks.push({
      type: 'section',
      text: tr(locale, 'case.escalation_line', {
        kind: t(locale, `escalation.kind.${esc.kind}`), user: mention(esc.requestedBy), date: formatDate(esc.on, locale),
        reason: oneLine(esc.reason, 500),
      }),
    });
  }

  const key: CaseKey = { org: input.org, caseId: input.caseId, version: input.version };
  const actions: Action[] = caseActionIds(input).map((id) => caseAction(id, key, locale));
  return {
    title: t(locale, 'case.title', { customer }),
    ...(input.level ? { level: input.level } : {}),
    blocks,
    ...(actions.length ? { actions } : {}),
    summary: t(locale, 'case.summary', { customer, amount: money(input.overdueMinor), days: formatDays(input.maxDaysOverdue, locale) }),
  };
}
