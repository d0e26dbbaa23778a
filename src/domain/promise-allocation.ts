// Promises and instalments judged from the ledger (DOMAIN.md "Promises and plans"): payments are
// allocated to a customer's promises earliest first, and each promise's state on a date D is
// derived, never stored, so a back-dated payment imported later re-decides it.
import { addDays, type IsoDate } from './calendar.js';

/** Default grace after a promise's date before it counts as broken (ours). */
export const PROMISE_GRACE_DAYS = 3;

/** A promise or one instalment of a plan: an amount due on a date, made on a day. */
export interface PromiseTerm {
  id: number;
  amountMinor: bigint;
  /** The promised date (the instalment's date). */
  dueOn: IsoDate;
  /** The day the promise (or the plan) was made, in the org's time zone. */
  madeOn: IsoDate;
}

export interface LedgerPayment { amountMinor: bigint; paidOn: IsoDate }

export type PromiseState = 'kept' | 'broken' | 'pending';

export interface PromiseOutcome {
  id: number;
  amountMinor: bigint;
  dueOn: IsoDate;
  /** What the payments known on D gave it (≤ amountMinor). */
  allocatedMinor: bigint;
  /** The date of the payment that completed it; null while short. */
  completedOn: IsoDate | null;
  state: PromiseState;
}

const byDate = <T>(date: (t: T) => IsoDate) => (a: T, b: T) => (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : 0);

/**
 * The state of every promise on `asOf`. Only payments dated on or before `asOf` exist then.
 * Allocation: each payment, in date order, goes to the promises made on or before its date
 * (a payment dated before a promise was made never counts toward it) that still have an unpaid
 * amount, earliest promised date first, each taking up to its unpaid amount; what is left of a
 * payment goes to nothing (a payment counts once).
 * State: kept when fully allocated by its date + grace; broken when date + grace < asOf and not
 * fully allocated by then; pending otherwise.
 */
export function promiseStates(terms: readonly PromiseTerm[], payments: readonly LedgerPayment[], asOf: IsoDate,
  graceDays = PROMISE_GRACE_DAYS): PromiseOutcome[] {
  const open = [...terms].sort((a, b) => byDate<PromiseTerm>((t) => t.dueOn)(a, b) || a.id - b.id)
    .map((t) => ({ term: t, allocated: 0n, completedOn: null as IsoDate | null }));
  const known = payments.filter((p) => p.paidOn <= asOf && p.amountMinor > 0n).sort(byDate((p) => p.paidOn));
  for (const p of known) {
    let left = p.amountMinor;
    for (const o of open) {
      if (left === 0n) break;
      if (o.term.madeOn > p.paidOn) continue;
      const unpaid = o.term.amountMinor - o.allocated;
      if (unpaid <= 0n) continue;
      const take = unpaid < left ? unpaid : left;
      o.allocated += take;
      left -= take;
      if (o.allocated === o.term.amountMinor) o.completedOn = p.paidOn;
    }
  }
  return open.map((o) => {
    const deadline = addDays(o.term.dueOn, graceDays);
    const state: PromiseState = o.completedOn !== null && o.completedOn <= deadline ? 'kept'
      : deadline < asOf ? 'broken' : 'pending';
    return { id: o.term.id, amountMinor: o.term.amountMinor, dueOn: o.term.dueOn, allocatedMinor: o.allocated, completedOn: o.completedOn, state };
  });
}

/** The day a promise is decided at the latest: its date + grace. */
export function promiseDeadline(dueOn: IsoDate, graceDays = PROMISE_GRACE_DAYS): IsoDate {
  return addDays(dueOn, graceDays);
}

/**
 * Kept and broken counts for the promise-kept rate of a period [from, to]: promises whose
 * date + grace falls in the period (DOMAIN.md), judged on `to`.
 */
export function keptAndBroken(outcomes: readonly PromiseOutcome[], from: IsoDate, to: IsoDate,
  graceDays = PROMISE_GRACE_DAYS): { kept: number; broken: number } {
  let kept = 0;
  let broken = 0;
  for (const o of outcomes) {
    const deadline = addDays(o.dueOn, graceDays);
    if (deadline < from || deadline > to) continue;
    if (o.state === 'kept') kept++;
    else if (o.state === 'broken') broken++;
  }
  return { kept, broken };
}

/** How often a plan's instalments fall due (`/ar plan … every week|month`). */
export const PLAN_EVERY = ['week', 'month'] as const;
export type PlanEvery = (typeof PLAN_EVERY)[number];
/** Instalments in one plan (ours: 2 to 60, five years of monthly instalments; the plans table checks it). */
export const PLAN_INSTALMENTS = { min: 2, max: 60 } as const;

/** n instalments of `amountMinor` from `firstOn`, every week or calendar month (a 31st falls back to the month's last day). */
export function instalmentDates(firstOn: IsoDate, count: number, every: PlanEvery): IsoDate[] {
  const out: IsoDate[] = [];
  const [y, m, d] = firstOn.split('-').map(Number) as [number, number, number];
  for (let i = 0; i < count; i++) {
    if (every === 'week') { out.push(addDays(firstOn, 7 * i)); continue; }
    const month0 = m - 1 + i;
    const year = y + Math.floor(month0 / 12);
    const month = (month0 % 12) + 1;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    out.push(`${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`);
  }
  return out;
}
