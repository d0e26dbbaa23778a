// The warning that an invoice's limitation period (訴訟時效) is running out: to the case owner by
// direct message and to every 'legal' channel, 180, 90 and 30 days before it ends (DOMAIN.md
// "Limitation period"). It says what restarts the clock, so the owner knows what to do today.
import type { IsoDate } from '../../domain/calendar.js';
import { formatAmount, formatDate, t, type Locale } from '../i18n.js';
import type { Message } from '../message.js';
import { caseAction, type CaseKey } from './case-actions.js';
import { customerLabel, type CustomerRef } from './parts.js';

export interface LimitationWarningInput {
  customer: CustomerRef;
  invoiceNumber: string;
  endsOn: IsoDate;
  daysLeft: number;
  /** The threshold reached: 180, 90 or 30. */
  threshold: number;
  balanceMinor: bigint;
  currency: string;
  /** The open case, for its Open case button; null when the customer has none. */
  case: CaseKey | null;
}

export function limitationWarningView(w: LimitationWarningInput, locale: Locale): Message {
  const args = {
    customer: customerLabel(w.customer), invoice: w.invoiceNumber, date: formatDate(w.endsOn, locale),
    n: w.daysLeft, amount: formatAmount(w.balanceMinor, w.currency, locale),
  };
  const head = t(locale, 'limitation.warning', args);
  return {
    title: t(locale, 'limitation.title'),
    blocks: [{ type: 'section', text: head }, { type: 'context', text: t(locale, 'limitation.what_restarts') }],
    actions: w.case ? [caseAction('case', w.case, locale)] : [],
    summary: head,
    level: w.threshold <= 30 ? 'red' : w.threshold <= 90 ? 'orange' : 'yellow',
  };
}
