// An alert's state, decided here once for every renderer: the alert the jobs post and update in
// place (jobs/delivery/kinds/alert-data.ts) and the chat layer's alert view (src/chat/present.ts)
// read the same facts and call this, so a written-off case cannot show "paid" on one path and
// "open" on the other.
import type { IsoDate } from './calendar.js';

export interface AlertPerson { id: number; name: string }

export type AlertState =
  | { kind: 'open' }
  | { kind: 'claimed'; by: AlertPerson }
  /** A promise to pay is pending (DOMAIN.md: kept if paid by the date, broken otherwise). */
  | { kind: 'promised'; amountMinor: bigint; currency: string; on: IsoDate }
  | { kind: 'escalated'; by?: AlertPerson | null }
  | { kind: 'paid'; on?: IsoDate | null }
  | { kind: 'written_off'; on?: IsoDate | null };

export type AlertStateKind = AlertState['kind'];

export interface AlertFacts {
  caseStatus: 'open' | 'legal' | 'closed';
  /** Why a closed case closed: 'paid' or 'written_off'. */
  closeReason: string | null;
  /** The local date the case closed, if it did. */
  closedOn: IsoDate | null;
  owner: AlertPerson | null;
  /** What is still open on the alerted invoices. */
  openMinor: bigint;
  /** The alerted invoices' statuses. */
  invoiceStatuses: readonly string[];
  /** The case's pending promise, if any. */
  pendingPromise: { amountMinor: bigint; currency: string; promisedOn: IsoDate } | null;
}

/**
 * Closed wins (paid or written off, by the case's close reason), then legal, then an alert whose
 * invoices are settled (paid, or all written off), then a pending promise, then an owner.
 */
export function alertState(f: AlertFacts): AlertState {
  if (f.caseStatus === 'closed') {
    return f.closeReason === 'written_off' ? { kind: 'written_off', on: f.closedOn } : { kind: 'paid', on: f.closedOn };
  }
  if (f.caseStatus === 'legal') return { kind: 'escalated', by: null };
  const statuses = f.invoiceStatuses;
  if (statuses.length > 0 && statuses.every((s) => s === 'written_off')) return { kind: 'written_off', on: null };
  if (f.openMinor <= 0n || (statuses.length > 0 && statuses.every((s) => s === 'paid' || s === 'written_off'))) return { kind: 'paid', on: null };
  if (f.pendingPromise) return { kind: 'promised', amountMinor: f.pendingPromise.amountMinor, currency: f.pendingPromise.currency, on: f.pendingPromise.promisedOn };
  if (f.owner) return { kind: 'claimed', by: f.owner };
  return { kind: 'open' };
}
