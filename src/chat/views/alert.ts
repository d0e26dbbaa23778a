// The alert posted when an invoice crosses 30/60/90 days (DESIGN.md), and its later states: the
// same message is updated in place when the case is claimed, paid or escalated.
import type { Level } from '../../domain/aging.js';
import type { AlertState } from '../../domain/alert-state.js';
import type { IsoDate } from '../../domain/calendar.js';
import { formatAmount, formatDate, formatDays, t, tr, type Locale } from '../i18n.js';
import type { Action, Block, Message } from '../message.js';
import { caseAction, type ActionId, type CaseKey } from './case-actions.js';
import { customerLabel, fitItems, levelName, oneLine, ownerInline, type CustomerRef, type Person } from './parts.js';

// Decided in one place for every renderer (src/domain/alert-state.ts).
export type { AlertState } from '../../domain/alert-state.js';

export interface AlertInput {
  org: number;
  caseId: number;
  caseVersion: number;
  invoiceId: number;
  invoiceNumber: string;
  level: Level;
  customer: CustomerRef;
  currency: string;
  /** The invoice's open balance. */
  openMinor: bigint;
  dueOn: IsoDate;
  daysOverdue: number;
  owner: Person | null;
  /** Default: open. */
  state?: AlertState;
  /** Other invoices of the customer that crossed a level in the same scan, worst first. */
  otherInvoices?: { number: string; openMinor: bigint; daysOverdue: number }[];
  /** Credit-control warnings (DOMAIN.md "Credit control"): over the limit, grade D, supply hold. */
  credit?: { overLimitByMinor: bigint | null; gradeD: boolean; hold: boolean };
}

const OTHERS_SHOWN = 10;

/** The credit warnings as context lines: the alert says what the case card says (issue 10). */
function creditLines(c: NonNullable<AlertInput['credit']>, currency: string, locale: Locale): Block[] {
  const out: Block[] = [];
  if (c.hold) out.push({ type: 'context', text: t(locale, 'credit.on_hold') });
  if (c.overLimitByMinor !== null) out.push({ type: 'context', text: t(locale, 'credit.over_limit', { amount: formatAmount(c.overLimitByMinor, currency, locale) }) });
  if (c.gradeD) out.push({ type: 'context', text: t(locale, 'credit.grade_d') });
  return out;
}

/** The buttons for a state: Claim only while unowned, Escalate only on red, none once paid. */
export function alertActionIds(level: Level, state: AlertState, owned: boolean): ActionId[] {
  switch (state.kind) {
    case 'paid':
    case 'written_off':
      return [];
    case 'escalated':
      return ['log'];
    case 'claimed':
    case 'promised':
    case 'open': {
      const ids: ActionId[] = [];
      if (state.kind === 'open' && !owned) ids.push('claim');
      ids.push('log', 'promise', 'snooze');
      if (level === 'red') ids.push('escalate');
      return ids;
    }
  }
}

export function alertView(input: AlertInput, locale: Locale): Message {
  const state = input.state ?? { kind: 'open' };
  const owner = state.kind === 'claimed' ? state.by : input.owner;
  const customer = customerLabel(input.customer);
  const amount = formatAmount(input.openMinor, input.currency, locale);
  const days = formatDays(input.daysOverdue, locale);
  const title = t(locale, 'alert.title', { level: levelName(input.level, locale), customer });
  const blocks: Block[] = [{
    type: 'fields',
    fields: [
      { label: t(locale, 'field.customer'), value: customer },
      { label: t(locale, 'field.invoice'), value: input.invoiceNumber },
      { label: t(locale, 'field.open'), value: amount },
      { label: t(locale, 'field.days'), value: days },
      { label: t(locale, 'field.due'), value: formatDate(input.dueOn, locale) },
      { label: t(locale, 'field.owner'), value: [ownerInline(owner, locale)] },
    ],
  }];
  const others = input.otherInvoices ?? [];
  if (others.length) {
    blocks.push({ type: 'context', text: t(locale, 'alert.also') });
    blocks.push({
      type: 'list',
      items: fitItems(others.slice(0, OTHERS_SHOWN).map((i) =>
        `${oneLine(i.number, 40)} · ${formatAmount(i.openMinor, input.currency, locale)} · ${formatDays(i.daysOverdue, locale)}`)),
    });
    if (others.length > OTHERS_SHOWN) blocks.push({ type: 'context', text: t(locale, 'mine.more', { count: others.length - OTHERS_SHOWN }) });
  }
  if (input.credit) blocks.push(...creditLines(input.credit, input.currency, locale));
  if (state.kind === 'claimed') blocks.push({ type: 'context', text: tr(locale, 'alert.claimed_by', { user: ownerInline(state.by, locale) }) });
  if (state.kind === 'paid') {
    blocks.push({ type: 'context', text: state.on ? t(locale, 'alert.paid_on', { date: formatDate(state.on, locale) }) : t(locale, 'alert.paid') });
  }
  if (state.kind === 'promised') {
    blocks.push({ type: 'context', text: t(locale, 'alert.promised', { amount: formatAmount(state.amountMinor, state.currency, locale), date: formatDate(state.on, locale) }) });
  }
  if (state.kind === 'written_off') {
    blocks.push({ type: 'context', text: state.on ? t(locale, 'alert.written_off_on', { date: formatDate(state.on, locale) }) : t(locale, 'alert.written_off') });
  }
  if (state.kind === 'escalated') {
    blocks.push({ type: 'context', text: state.by ? tr(locale, 'alert.escalated_by', { user: ownerInline(state.by, locale) }) : t(locale, 'alert.escalated') });
  }

  const key: CaseKey = { org: input.org, caseId: input.caseId, version: input.caseVersion };
  const actions: Action[] = alertActionIds(input.level, state, owner !== null)
    .map((id) => caseAction(id, key, locale, { inv: input.invoiceId }));
  const summary = t(locale, 'alert.summary', { level: levelName(input.level, locale), customer, invoice: input.invoiceNumber, amount, days });
  const settled = state.kind === 'paid' ? t(locale, 'alert.paid') : state.kind === 'written_off' ? t(locale, 'alert.written_off') : null;
  return {
    title,
    level: state.kind === 'paid' ? 'green' : state.kind === 'written_off' ? 'grey' : input.level,
    blocks,
    ...(actions.length ? { actions } : {}),
    summary: settled ? `${summary} · ${settled}` : summary,
  };
}
