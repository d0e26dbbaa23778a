// The whole demo org as plain data, before any database id exists: built from a seed and an
// as-of date (same inputs → same plan), then written by load-demo-org.ts.
import { daysBetween, type IsoDate } from '../../domain/calendar.js';
import type { Level } from '../../domain/aging.js';
import { formatMinor } from '../../domain/money.js';
import type { CaseStage } from '../../domain/aging.js';
import type { InvoiceStatus, Method, Outcome } from '../../store/schema.js';
import { deriveCaseFacts, randomCaseStory, raisedAlerts } from './collection-history.js';
import { DemoClock } from './demo-clock.js';
import { CustomerBook, demoCustomers, type DemoCustomer } from './demo-customers.js';
import { DEMO_USERS, REGIONS, type DemoUser, type Region } from './demo-people.js';
import { SCENARIOS, scenarioCustomers, scenarioInvoices, scenarioStory } from './demo-scenarios.js';
import { invoiceRows } from './invoice-rows.js';
import { Random, mixSeed } from './random.js';

export const DEMO_TIMEZONE = 'Asia/Shanghai';
export const DEMO_CURRENCY = 'CNY';
export const DEMO_CUSTOMERS = 300;
export const DEMO_INVOICES = 2500;

export interface PlanPayment { amountMinor: bigint; paidOn: IsoDate; reference: string | null }

export interface PlanInvoice {
  number: string;
  customerIndex: number;
  productLine: string;
  region: string;
  currency: string;
  amountMinor: bigint;
  issuedOn: IsoDate;
  dueOn: IsoDate;
  status: InvoiceStatus;
  /** Always the sum of `payments`. */
  paidMinor: bigint;
  disputedReason: string | null;
  writtenOffOn: IsoDate | null;
  payments: PlanPayment[];
}

export interface PlanRecord {
  authorEmail: string;
  method: Method;
  outcome: Outcome | null;
  body: string;
  nextActionOn: IsoDate | null;
  recordedAt: Date;
}

export interface PlanPromise {
  /** Index into the case's records: the record where the customer promised. */
  record: number;
  madeByEmail: string;
  amountMinor: bigint;
  promisedOn: IsoDate;
  note: string | null;
  status: 'pending' | 'kept' | 'broken';
  resolvedAt: Date | null;
  createdAt: Date;
}

export interface PlanEscalation {
  kind: 'legal' | 'writeoff';
  invoiceNumber: string | null;
  requestedByEmail: string;
  reason: string;
  balanceMinor: bigint;
  status: 'pending' | 'approved' | 'rejected';
  decidedByEmail: string | null;
  decisionNote: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

/** What happened on a case: who claimed it, what was done, what was promised. */
export interface CaseStory {
  ownerEmail: string | null;
  claimedAt: Date | null;
  nextActionOn: IsoDate | null;
  records: PlanRecord[];
  promises: PlanPromise[];
  escalations: PlanEscalation[];
}

export interface PlanCase extends CaseStory {
  customerIndex: number;
  stage: CaseStage;
  level: Level | null;
  openedAt: Date;
  lastRecordAt: Date | null;
}

export interface PlanAlert { invoiceNumber: string; customerIndex: number; level: Level; raisedOn: IsoDate }

export interface PlanTarget { scope: 'org' | 'region'; scopeValue: string; percent: string }

export interface DemoPlan {
  asOf: IsoDate;
  seed: number;
  users: readonly DemoUser[];
  customers: DemoCustomer[];
  invoices: PlanInvoice[];
  cases: PlanCase[];
  alerts: PlanAlert[];
  targets: PlanTarget[];
}

const REGION_TARGETS: Readonly<Record<Region, string>> = { east: '85', south: '80', north: '80', southwest: '75', overseas: '70' };

export function buildDemoPlan(opts: { seed: number; asOf: IsoDate }): DemoPlan {
  const { seed, asOf } = opts;
  const clock = new DemoClock(asOf, DEMO_TIMEZONE);

  // Customers: the hand-written scenarios first (C0001…), then generated ones.
  const customers = scenarioCustomers(clock, DEMO_CUSTOMERS);
  for (const c of demoCustomers({ seed, asOf, total: DEMO_CUSTOMERS, start: customers.length, takenNames: customers.map((c) => c.name) })) {
    customers.push(c);
  }
  const book = new CustomerBook();
  // Scenario customers get only their scripted invoices (weight 0 keeps the generator off them).
  customers.forEach((c, i) => book.add(i < SCENARIOS.length ? { ...c, weight: 0 } : c));

  const generated: PlanInvoice[] = [];
  const scripted = scenarioInvoices(clock);
  for (const row of invoiceRows(book, { count: DEMO_INVOICES - scripted.length, asOf, seed })) {
    const paidMinor = row.payments.reduce((sum, p) => sum + p.amountMinor, 0n);
    generated.push({
      number: row.number, customerIndex: row.customerIndex, productLine: row.productLine, region: row.region,
      currency: row.currency, amountMinor: row.amountMinor, issuedOn: row.issuedOn, dueOn: row.dueOn,
      status: paidMinor === row.amountMinor ? 'paid' : 'open', paidMinor, disputedReason: null, writtenOffOn: null,
      payments: row.payments.map((p) => ({ amountMinor: p.amountMinor, paidOn: p.paidOn, reference: p.reference })),
    });
  }
  disputeOne(new Random(mixSeed(seed, 0xd15)), generated, asOf);
  const invoices = numberInvoices([...scripted, ...generated]);

  // Cases: one per customer with an overdue balance; scenario stories are scripted.
  const history = new Random(mixSeed(seed, 0xca5e));
  const cases: PlanCase[] = [];
  for (const facts of deriveCaseFacts(invoices, asOf)) {
    const customer = customers[facts.customerIndex]!;
    const story = facts.customerIndex < SCENARIOS.length
      ? scenarioStory(facts.customerIndex, clock, invoices)
      : randomCaseStory(history, facts, customer, invoices, clock);
    const last = story.records.at(-1);
    cases.push({ ...story, customerIndex: facts.customerIndex, stage: facts.stage, level: facts.level,
      openedAt: clock.at(daysBetween(asOf, facts.openedOn), 0), lastRecordAt: last ? last.recordedAt : null });
  }

  return {
    asOf, seed, users: DEMO_USERS, customers, invoices, cases,
    alerts: raisedAlerts(invoices, asOf),
    targets: [{ scope: 'org', scopeValue: '', percent: '85' },
      ...REGIONS.map((r) => ({ scope: 'region' as const, scopeValue: r, percent: REGION_TARGETS[r] }))],
  };
}

/** "A couple of disputed invoices": the scenarios hold one, this adds one more, 31–150 days overdue. */
function disputeOne(rng: Random, invoices: PlanInvoice[], asOf: IsoDate): void {
  const candidates = invoices.filter((i) => i.status === 'open' && i.paidMinor === 0n
    && daysBetween(i.dueOn, asOf) >= 31 && daysBetween(i.dueOn, asOf) <= 150);
  if (candidates.length === 0) return;
  const inv = rng.pick(candidates);
  inv.status = 'disputed';
  inv.disputedReason = rng.pick(['客户称部分电缆到货时外皮破损,要求退换后再付款。', 'Customer says the delivered pumps fail the pressure test; replacement requested before payment.']);
}

/** Invoice numbers by issue month, in date order: INV-202503-0042. */
function numberInvoices(invoices: PlanInvoice[]): PlanInvoice[] {
  const sorted = invoices.map((inv, i) => ({ inv, i }))
    .sort((a, b) => (a.inv.issuedOn < b.inv.issuedOn ? -1 : a.inv.issuedOn > b.inv.issuedOn ? 1 : a.i - b.i))
    .map((x) => x.inv);
  let month = '';
  let seq = 0;
  for (const inv of sorted) {
    const m = inv.issuedOn.slice(0, 7).replace('-', '');
    if (m !== month) { month = m; seq = 0; }
    inv.number = `INV-${m}-${String(++seq).padStart(4, '0')}`;
  }
  return sorted;
}

/** The key the payments table dedupes on: the reference, or invoice|date|amount|occurrence. */
export function paymentImportKey(invoice: PlanInvoice, payment: PlanPayment, occurrence: number): string {
  return payment.reference ?? `${invoice.number}|${payment.paidOn}|${formatMinor(payment.amountMinor, invoice.currency)}|${occurrence}`;
}
