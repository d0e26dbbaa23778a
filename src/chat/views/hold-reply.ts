// The answer to `/ar hold` and `/ar unhold`, and the supply-hold line shown with a customer. The
// reason is the user's text: escaped like every note (no mentions or links through it).
import { dateIn } from '../../domain/calendar.js';
import { formatDate, t, type Locale } from '../i18n.js';
import type { Message } from '../message.js';
import { customerLabel, oneLine, type CustomerRef } from './parts.js';

export type HoldReplyInput =
  | { status: 'held' | 'already_held' | 'lifted'; customer: CustomerRef; reason: string; since: string }
  | { status: 'not_held'; customer: CustomerRef };

export function holdReplyView(r: HoldReplyInput, locale: Locale, timezone: string): Message {
  const customer = customerLabel(r.customer);
  const text = r.status === 'not_held' ? t(locale, 'hold.not_held', { customer })
    : r.status === 'lifted' ? t(locale, 'hold.lifted', { customer })
      : t(locale, `hold.${r.status}`, { customer, reason: oneLine(r.reason, 300), date: formatDate(dateIn(timezone, new Date(r.since)), locale) });
  return { blocks: [{ type: 'section', text }], summary: text, level: r.status === 'held' || r.status === 'already_held' ? 'red' : 'green' };
}

/** The line a customer's views carry while it is on supply hold; dates in the org's time zone. */
export function holdBadge(hold: { reason: string; since: string }, locale: Locale, timezone: string): string {
  return t(locale, 'hold.badge', { reason: oneLine(hold.reason, 200), date: formatDate(dateIn(timezone, new Date(hold.since)), locale) });
}
