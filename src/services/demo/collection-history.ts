// Cases, collection records, promises and alerts of the demo, derived from its invoices so
// they agree with the domain rules: one case per customer with an overdue balance, its level the
// worst of its open non-disputed invoices, its stage by days overdue; a promise is kept only if
// payments by its date cover it.
import { DEFAULT_THRESHOLDS, LEVELS, levelOf, stageOf, worstLevel, type Level, type Stage } from '../../domain/aging.js';
import { addDays, daysBetween, type IsoDate } from '../../domain/calendar.js';
import { displayMinor } from '../../domain/money.js';
import type { Method, Outcome } from '../../store/schema.js';
import type { DemoClock } from './demo-clock.js';
import type { DemoCustomer } from './demo-customers.js';
import { DEMO_USERS, demoUser } from './demo-people.js';
import type { CaseStory, PlanAlert, PlanInvoice, PlanPromise, PlanRecord } from './demo-plan.js';
import type { Random } from './random.js';
import { outcomesFor, recordBody } from './record-texts.js';

export interface CaseFacts {
  customerIndex: number;
  /** Days overdue of the oldest open invoice that counts (non-disputed when there is one). */
  maxDays: number;
  level: Level | null;
  stage: Stage;
  openedOn: IsoDate;
  /** Open balance of the overdue non-disputed invoices. */
  overdueMinor: bigint;
}

const balance = (i: PlanInvoice) => i.amountMinor - i.paidMinor;
const isOpen = (i: PlanInvoice, asOf: IsoDate) =>
  (i.status === 'open' || i.status === 'disputed') && balance(i) > 0n && i.issuedOn <= asOf;

/** One entry per customer with an overdue balance, by customer index. */
export function deriveCaseFacts(invoices: readonly PlanInvoice[], asOf: IsoDate): CaseFacts[] {
  const overdue = new Map<number, PlanInvoice[]>();
  for (const inv of invoices) {
    if (!isOpen(inv, asOf) || daysBetween(inv.dueOn, asOf) < 1) continue;
    const list = overdue.get(inv.customerIndex) ?? [];
    list.push(inv);
    overdue.set(inv.customerIndex, list);
  }
  const facts: CaseFacts[] = [];
  for (const [customerIndex, list] of overdue) {
    const undisputed = list.filter((i) => i.status === 'open');
    // Disputed invoices are shown but raise no alert (DOMAIN.md).
    const counted = undisputed.length > 0 ? undisputed : list;
    const days = counted.map((i) => daysBetween(i.dueOn, asOf));
    const maxDays = Math.max(...days);
    facts.push({
      customerIndex, maxDays,
      level: worstLevel(undisputed.map((i) => levelOf(daysBetween(i.dueOn, asOf)))),
      stage: stageOf(maxDays)!,
      openedOn: addDays(asOf, 1 - maxDays),
      overdueMinor: undisputed.reduce((s, i) => s + balance(i), 0n),
    });
  }
  return facts.sort((a, b) => a.customerIndex - b.customerIndex);
}

/**
 * The alerts already raised before as-of (one per invoice and level, 001: 30/60/90): so the
 * alert job starting on demo day only announces the invoices crossing a threshold today.
 */
export function raisedAlerts(invoices: readonly PlanInvoice[], asOf: IsoDate): PlanAlert[] {
  const alerts: PlanAlert[] = [];
  for (const inv of invoices) {
    if (!isOpen(inv, asOf) || inv.status === 'disputed') continue;
    const yesterday = daysBetween(inv.dueOn, asOf) - 1;
    for (const level of LEVELS) {
      const threshold = DEFAULT_THRESHOLDS[level];
      if (yesterday >= threshold) {
        alerts.push({ invoiceNumber: inv.number, customerIndex: inv.customerIndex, level, raisedOn: addDays(inv.dueOn, threshold) });
      }
    }
  }
  return alerts;
}

/** Methods by how late the debt is (000/001: reminders and calls, then visits and letters, then lawyers). */
function methodWeights(daysOverdue: number): Record<Method, number> {
  if (daysOverdue <= 30) return { call: 45, email: 25, sms: 25, note: 5, visit: 0, letter: 0, lawyer_letter: 0 };
  if (daysOverdue <= 90) return { call: 30, email: 20, visit: 15, letter: 15, sms: 10, lawyer_letter: 5, note: 5 };
  return { call: 20, letter: 20, lawyer_letter: 20, email: 15, visit: 15, sms: 5, note: 5 };
}

const OUTCOME_WEIGHTS: Readonly<Record<string, number>> = {
  reached: 35, no_answer: 30, promised: 20, refused: 8, disputed: 4, '-': 40,
};

function pickOutcome(rng: Random, method: Method): Outcome | null {
  const options = outcomesFor(method);
  const weights: Record<string, number> = {};
  for (const o of options) weights[o ?? '-'] = OUTCOME_WEIGHTS[o ?? '-']!;
  const key = rng.weighted(weights);
  return key === '-' ? null : (key as Outcome);
}

const FINANCE = DEMO_USERS.filter((u) => u.role === 'finance');
const LEGAL = DEMO_USERS.filter((u) => u.role === 'legal');

/** A generated history: some cases unclaimed, others claimed by their owner and worked. */
export function randomCaseStory(rng: Random, facts: CaseFacts, customer: DemoCustomer,
  invoices: PlanInvoice[], clock: DemoClock): CaseStory {
  const openedOffset = daysBetween(clock.asOf, facts.openedOn);
  const claimed = openedOffset <= -1 && rng.chance(facts.level === 'red' ? 0.55 : 0.65);
  if (!claimed) return { ownerEmail: null, claimedAt: null, nextActionOn: null, records: [], promises: [], escalations: [] };

  const owner = demoUser(customer.ownerEmail.split('@')[0]!);
  const claimDay = Math.min(-1, openedOffset + rng.int(0, 3));
  const claimedAt = clock.at(claimDay, 9, rng.int(0, 59));
  const span = -claimDay;
  const wanted = facts.stage === 'primary' ? rng.int(0, 3) : facts.stage === 'intermediate' ? rng.int(2, 5) : rng.int(3, 7);
  const n = Math.min(wanted, span);
  const own = invoices.filter((i) => i.customerIndex === facts.customerIndex);
  const payments = own.flatMap((i) => i.payments);

  const records: PlanRecord[] = [];
  const promises: PlanPromise[] = [];
  let lastDay = claimDay;
  for (let k = 0; k < n; k++) {
    // One record per stretch of the claimed period, at a later hour than the claim.
    const from = Math.floor((k * span) / n);
    const day = claimDay + from + rng.int(0, Math.floor(((k + 1) * span) / n) - from - 1);
    lastDay = day;
    const method = rng.weighted(methodWeights(facts.maxDays + day));
    let outcome = pickOutcome(rng, method);
    const active = promises.at(-1);
    if (outcome === 'promised' && (facts.overdueMinor <= 0n || (active && daysBetween(clock.day(day), active.promisedOn) >= 0))) {
      outcome = outcomesFor(method).includes('reached') ? 'reached' : null;
    }
    const author = method === 'lawyer_letter' ? rng.pick(LEGAL)
      : method === 'email' && rng.chance(0.15) ? rng.pick(FINANCE) : owner;
    const recordedAt = clock.at(day, rng.int(10, 17), rng.int(0, 59));
    let fill: { amount?: string; date?: string } = {};
    if (outcome === 'promised') {
      let promise = promiseAt(rng, facts.overdueMinor, day, recordedAt, records.length, author.email, payments, clock);
      if (promise.status === 'broken' && rng.chance(0.6)) promise = keepPromise(rng, promise, own, payments, clock) ?? promise;
      promises.push(promise);
      fill = { amount: displayMinor(promise.amountMinor, 'CNY'), date: promise.promisedOn };
    }
    records.push({ authorEmail: author.email, method, outcome, body: recordBody(rng, author.locale, method, outcome, fill),
      nextActionOn: null, recordedAt });
  }
  const last = records.at(-1);
  // The next step: a few days after the last contact (some already past: overdue actions), or
  // shortly after the claim when nothing was done yet.
  const nextActionOn = clock.day(last ? lastDay + rng.int(2, 7) : claimDay + 3);
  if (last) last.nextActionOn = nextActionOn;
  return { ownerEmail: owner.email, claimedAt, nextActionOn, records, promises, escalations: [] };
}

/**
 * A promise made on `day`. Most customers who pay soon after a call had promised it: when a
 * payment follows within 20 days, the promise is dated at or just after it and kept (its amount
 * trimmed to what was paid, so it is true to the ledger). Otherwise it is pending when its date is
 * today or later, and broken when the date passed with nothing paid.
 */
function promiseAt(rng: Random, overdueMinor: bigint, day: number, createdAt: Date, record: number, madeBy: string,
  payments: readonly { amountMinor: bigint; paidOn: IsoDate }[], clock: DemoClock): PlanPromise {
  const share = BigInt(rng.int(30, 100));
  let amountMinor = ((overdueMinor * share) / 100n / 100_000n) * 100_000n;   // whole thousands of yuan
  if (amountMinor <= 0n) amountMinor = overdueMinor;
  const from = clock.day(day);
  const paidBetween = (to: IsoDate) => payments.filter((p) => p.paidOn > from && p.paidOn <= to)
    .sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0));
  const following = paidBetween(clock.day(Math.min(-1, day + 20)));
  const dueOffset = following.length > 0 && rng.chance(0.85)
    ? Math.min(-1, daysBetween(clock.asOf, following[0]!.paidOn) + rng.int(0, 3))
    : day + rng.int(5, 20);
  const promisedOn = clock.day(dueOffset);
  const base = { record, madeByEmail: madeBy, promisedOn, note: null, createdAt };
  if (dueOffset >= 0) return { ...base, amountMinor, status: 'pending', resolvedAt: null };
  const window = paidBetween(promisedOn);
  const paid = window.reduce((s, p) => s + p.amountMinor, 0n);
  if (paid === 0n) return { ...base, amountMinor, status: 'broken', resolvedAt: clock.at(dueOffset + 1, 0, 5) };
  if (paid < amountMinor) amountMinor = paid;
  let sum = 0n;
  const keptOn = window.find((p) => (sum += p.amountMinor) >= amountMinor)!.paidOn;
  return { ...base, amountMinor, status: 'kept', resolvedAt: clock.at(daysBetween(clock.asOf, keptOn), 16, 0) };
}

/**
 * Most promises are kept (a demo where every promise breaks tells the wrong story): the customer
 * pays the promised amount on the date, on its largest overdue invoice, leaving some of that
 * invoice open so no case, level or alert changes. Null when no invoice is large enough.
 */
function keepPromise(rng: Random, promise: PlanPromise, own: PlanInvoice[], payments: { amountMinor: bigint; paidOn: IsoDate }[],
  clock: DemoClock): PlanPromise | null {
  const target = own.filter((i) => i.status === 'open' && i.dueOn < promise.promisedOn)
    .sort((a, b) => (balance(b) > balance(a) ? 1 : balance(b) < balance(a) ? -1 : 0))[0];
  if (!target) return null;
  const amountMinor = promise.amountMinor < balance(target) - 10_000n ? promise.amountMinor
    : ((balance(target) - 10_000n) / 100_000n) * 100_000n;
  if (amountMinor <= 0n) return null;
  // Paid on the date or up to two days before; promises fall ≥ 5 days after the call, so still after it.
  const paidOn = addDays(promise.promisedOn, -rng.int(0, 2));
  const payment = { amountMinor, paidOn, reference: `BK${paidOn.replaceAll('-', '')}-${target.number}-${target.payments.length + 1}` };
  target.payments = [...target.payments, payment].sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0));
  target.paidMinor += amountMinor;
  payments.push(payment);
  return { ...promise, amountMinor, status: 'kept', resolvedAt: clock.at(daysBetween(clock.asOf, paidOn), 16, 0) };
}
