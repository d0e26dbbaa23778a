// The limitation period (訴訟時效) of an invoice, from the ledger and the records.
// 民法典 第188條: 3 years from when the creditor knew or should have known of the default — for an
// invoice, its due date. 第195條: interrupted, and restarting in full, by the creditor's demand to the
// debtor, the debtor's agreement to perform, or a lawsuit or arbitration. The length is per org.
import { addDays, daysBetween, type IsoDate } from './calendar.js';

/** What interrupts the period (DOMAIN.md "Limitation period"). */
export type InterruptionKind =
  | 'demand'      // a delivered written demand: letter, email, SMS, lawyer's letter
  | 'promise'     // the debtor's agreement to perform: a promise or a plan
  | 'payment'     // ours: a payment on the invoice is an agreement to perform
  | 'filing';     // a lawsuit or arbitration filed

export interface Interruption {
  on: IsoDate;
  kind: InterruptionKind;
  /** The invoice it concerns; null when it concerns every invoice of the customer (a demand, a promise, a filing). */
  invoiceId: number | null;
  /** A demand counts only when its delivery is recorded (a bounced email interrupts nothing). */
  delivered: boolean;
}

export interface LimitationPolicy { years: number }
export const DEFAULT_LIMITATION_POLICY: LimitationPolicy = { years: 3 };

export interface LimitationClock {
  /** The day the current period started: the due date or the last interruption. */
  runsFrom: IsoDate;
  /** The last day a claim can still be brought. */
  endsOn: IsoDate;
  /** What last restarted the clock; null when it still runs from the due date. */
  lastInterruption: Interruption | null;
}

/** `date` plus `years` calendar years; 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  if (md === '02-29') {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return `${String(y).padStart(4, '0')}-02-${leap ? '29' : '28'}`;
  }
  return `${String(y).padStart(4, '0')}-${md}`;
}

/**
 * The limitation clock of one invoice. Only interruptions while the period runs count: one before
 * the due date (nothing to interrupt yet) or after the period ended (nothing left to interrupt)
 * changes nothing. Each counting interruption restarts the full period from its date.
 */
export function limitationClock(invoice: { id: number; dueOn: IsoDate }, interruptions: readonly Interruption[],
  policy: LimitationPolicy = DEFAULT_LIMITATION_POLICY): LimitationClock {
  let clock: LimitationClock = { runsFrom: invoice.dueOn, endsOn: addYears(invoice.dueOn, policy.years), lastInterruption: null };
  const relevant = interruptions
    .filter((i) => (i.invoiceId === null || i.invoiceId === invoice.id) && (i.kind !== 'demand' || i.delivered))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  for (const i of relevant) {
    if (i.on <= invoice.dueOn || i.on > clock.endsOn) continue;
    if (i.on <= clock.runsFrom) continue;
    clock = { runsFrom: i.on, endsOn: addYears(i.on, policy.years), lastInterruption: i };
  }
  return clock;
}

/** Days from `asOf` to the end of the period (negative once lapsed). */
export function daysLeft(clock: LimitationClock, asOf: IsoDate): number {
  return daysBetween(asOf, clock.endsOn);
}

/** Warning thresholds, days before the end (DOMAIN.md: 180, 90 and 30). */
export const LIMITATION_WARNING_DAYS = [180, 90, 30] as const;
export type LimitationWarning = (typeof LIMITATION_WARNING_DAYS)[number];

/** The tightest threshold reached on `asOf` (30 before 90 before 180), or null; lapsed periods warn no more. */
export function limitationWarningDue(clock: LimitationClock, asOf: IsoDate): LimitationWarning | null {
  const left = daysLeft(clock, asOf);
  if (left < 0) return null;
  let due: LimitationWarning | null = null;
  for (const t of LIMITATION_WARNING_DAYS) if (left <= t) due = t;
  return due;
}

/** The bucket a report lists the invoice under: ends within 30, 90 or 180 days (or already lapsed). */
export type LimitationBucket = 'lapsed' | 'd30' | 'd90' | 'd180';
export function limitationBucket(clock: LimitationClock, asOf: IsoDate): LimitationBucket | null {
  const left = daysLeft(clock, asOf);
  if (left < 0) return 'lapsed';
  if (left <= 30) return 'd30';
  if (left <= 90) return 'd90';
  if (left <= 180) return 'd180';
  return null;
}

/** The first day of the window in which the warning for threshold `t` falls. */
export function warningWindowStart(clock: LimitationClock, t: LimitationWarning): IsoDate {
  return addDays(clock.endsOn, -t);
}
