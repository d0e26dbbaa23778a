// The invoice and payment generator shared by the demo org and the benchmark CSVs. Invoices are
// issued day by day over the last `spanDays` (numbers grow with dates, as in a real ledger); each
// customer's payment profile decides when it pays, in full or in part. Only payments dated on or
// before `asOf` exist, so the aging as of `asOf` falls out of the behaviour: every bucket fills.
import { addDays, dateIn, isIsoDate, type IsoDate } from '../../domain/calendar.js';
import { DuebotError } from '../../errors.js';
import { AMOUNT_RANGE, CustomerBook, PRODUCT_LINES, demoCustomers, type Profile } from './demo-customers.js';
import { Random, mixSeed } from './random.js';

export interface PaymentRow { invoiceNumber: string; amountMinor: bigint; paidOn: IsoDate; reference: string | null }

export interface InvoiceRow {
  number: string;
  customerIndex: number;
  customerCode: string;
  productLine: string;
  region: string;
  currency: string;
  amountMinor: bigint;
  issuedOn: IsoDate;
  dueOn: IsoDate;
  /** In date order; their sum never exceeds the amount. */
  payments: PaymentRow[];
}

export interface InvoiceRowOptions {
  count: number;
  asOf: IsoDate;
  seed: number;
  /** Invoices are issued over this many days up to `asOf` (default 420: every aging bucket). */
  spanDays?: number;
  currency?: string;
  numberPrefix?: string;
}

export const DEFAULT_SPAN_DAYS = 420;

/**
 * Days after the due date at which an invoice is paid in full; null: not paid (yet). A bad payer
 * paid late until `troubleSince`, and mostly stopped paying after it: its debts pile up from that
 * day, so the demo's cases spread over every level instead of all being red.
 */
function settleDelay(rng: Random, profile: Profile, due: number, troubleSince: number): number | null {
  switch (profile) {
    case 'prompt': return rng.chance(0.96) ? rng.int(-10, 7) : rng.int(5, 45);
    case 'slow': return rng.int(5, 60);
    case 'late': return rng.chance(0.03) ? null : rng.int(20, 110);
    case 'bad': return due < troubleSince ? rng.int(30, 120) : rng.chance(0.85) ? null : rng.int(60, 200);
  }
}

/** Date strings around `asOf`, computed once (formatting a date per row is the slow part). */
class DayTable {
  private readonly cache = new Map<number, IsoDate>();
  private readonly compact = new Map<number, string>();
  constructor(private readonly asOf: IsoDate) {}
  at(offset: number): IsoDate {
    let d = this.cache.get(offset);
    if (d === undefined) {
      d = addDays(this.asOf, offset);
      this.cache.set(offset, d);
    }
    return d;
  }
  /** YYYYMMDD, for references. */
  digits(offset: number): string {
    let d = this.compact.get(offset);
    if (d === undefined) {
      d = this.at(offset).replaceAll('-', '');
      this.compact.set(offset, d);
    }
    return d;
  }
}

/**
 * Invoice rows with their payments, one at a time. The same book, options and seed give the
 * same rows. Amounts are integer minor units; the arithmetic stays in safe integers (< 2^53) and
 * becomes bigint at the row.
 */
export function* invoiceRows(book: CustomerBook, opts: InvoiceRowOptions): Generator<InvoiceRow> {
  const span = opts.spanDays ?? DEFAULT_SPAN_DAYS;
  const currency = opts.currency ?? 'CNY';
  const prefix = opts.numberPrefix ?? 'INV-';
  const width = Math.max(6, String(opts.count).length);
  const rng = new Random(mixSeed(opts.seed, 0x1a7c));
  const days = new DayTable(opts.asOf);
  let refSeq = 0;
  const reference = (offset: number): string | null =>
    // Most bank transfers carry a reference; some arrive without one.
    rng.chance(0.92) ? `BK${days.digits(offset)}${String(++refSeq).padStart(7, '0')}` : null;

  for (let i = 0; i < opts.count; i++) {
    const customer = book.pick(rng);
    const issued = -span + Math.floor((i * (span + 1)) / opts.count);
    const due = issued + book.termsDays(customer);
    const [lo, hi] = AMOUNT_RANGE[book.grade(customer)];
    const amount = Math.round(rng.logUniform(lo, hi) * 100);
    const number = `${prefix}${String(i + 1).padStart(width, '0')}`;
    const productLine = rng.chance(0.7) ? book.productLines[customer]! : rng.pick(PRODUCT_LINES);

    const profile = book.profile(customer);
    const delay = settleDelay(rng, profile, due, book.troubleSince(customer));
    const partialChance = delay === null ? 0.35 : profile === 'prompt' ? 0.05 : 0.2;
    const payments: PaymentRow[] = [];
    let paid = 0;
    let lastAt = issued;
    if (rng.chance(partialChance)) {
      // A first instalment of 30–70 %, in whole hundreds of yuan.
      const part = Math.min(amount - 100, Math.max(10_000, Math.round((amount * (0.3 + rng.next() * 0.4)) / 10_000) * 10_000));
      const at = Math.max(issued, delay === null ? due + rng.int(-5, 120) : due + Math.floor(delay * (0.2 + rng.next() * 0.6)));
      if (at <= 0 && part > 0) {
        payments.push({ invoiceNumber: number, amountMinor: BigInt(part), paidOn: days.at(at), reference: reference(at) });
        paid = part;
        lastAt = at;
      }
    }
    if (delay !== null) {
      const at = Math.max(lastAt, due + delay);
      if (at <= 0) payments.push({ invoiceNumber: number, amountMinor: BigInt(amount - paid), paidOn: days.at(at), reference: reference(at) });
    }
    yield {
      number, customerIndex: customer, customerCode: book.codes[customer]!, productLine, region: book.regions[customer]!,
      currency, amountMinor: BigInt(amount), issuedOn: days.at(issued), dueOn: days.at(due), payments,
    };
  }
}

/**
 * Spreads `target` payments over the `natural` ones the generator produced, exactly: payment j
 * becomes ⌊(j+1)·target/natural⌋ − ⌊j·target/natural⌋ payments (0 drops it, 2+ splits it into
 * instalments a week apart). Sums only shrink or stay, so no invoice is ever overpaid.
 */
export class PaymentSpreader {
  private seen = 0;
  constructor(private readonly natural: number, private readonly target: number) {}

  apply(row: InvoiceRow): PaymentRow[] {
    if (this.natural === this.target) return row.payments;
    const out: PaymentRow[] = [];
    for (const p of row.payments) {
      const j = this.seen++;
      const n = this.natural === 0 ? 0 : Math.floor(((j + 1) * this.target) / this.natural) - Math.floor((j * this.target) / this.natural);
      if (n <= 0) continue;
      const parts = BigInt(n) > p.amountMinor ? Number(p.amountMinor) : n;
      const each = p.amountMinor / BigInt(parts);
      for (let k = 0; k < parts; k++) {
        const paidOn = maxDate(row.issuedOn, addDays(p.paidOn, -7 * (parts - 1 - k)));
        const amountMinor = k === parts - 1 ? p.amountMinor - each * BigInt(parts - 1) : each;
        out.push({ ...p, amountMinor, paidOn, reference: p.reference === null || k === parts - 1 ? p.reference : `${p.reference}-${k + 1}` });
      }
    }
    return out;
  }
}

const maxDate = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

export interface GenerateOptions {
  invoices: number;
  customers?: number;
  /** Exact number of payments; default: what the customers' behaviour gives (about 0.85 per invoice). */
  payments?: number;
  seed?: number;
  asOf?: IsoDate;
}

export interface ResolvedGenerateOptions { invoices: number; customers: number; payments?: number; seed: number; asOf: IsoDate }

export const DEFAULT_SEED = 42;

export function resolveGenerateOptions(opts: GenerateOptions): ResolvedGenerateOptions {
  const whole = (n: number, min: number) => Number.isSafeInteger(n) && n >= min;
  if (!whole(opts.invoices, 0)) throw new DuebotError('invalid', `invoices must be a whole number ≥ 0, got ${opts.invoices}`);
  const customers = opts.customers ?? Math.max(1, Math.ceil(opts.invoices / 8));
  if (!whole(customers, 1)) throw new DuebotError('invalid', `customers must be a whole number ≥ 1, got ${customers}`);
  if (opts.payments !== undefined && !whole(opts.payments, 0)) {
    throw new DuebotError('invalid', `payments must be a whole number ≥ 0, got ${opts.payments}`);
  }
  if (opts.asOf !== undefined && !isIsoDate(opts.asOf)) throw new DuebotError('invalid', `as-of must be a date written YYYY-MM-DD, got ${opts.asOf}`);
  return { invoices: opts.invoices, customers, payments: opts.payments, seed: opts.seed ?? DEFAULT_SEED,
    asOf: opts.asOf ?? dateIn('Asia/Shanghai') };
}

/** The customer book of a generated data set (customer i is the same as in customers.csv). */
export function bookFor(opts: ResolvedGenerateOptions): CustomerBook {
  const book = new CustomerBook();
  for (const c of demoCustomers({ seed: opts.seed, asOf: opts.asOf, total: opts.customers })) book.add(c);
  return book;
}

/** How many payments the behaviour alone gives (a generation pass without output). */
export function countNaturalPayments(book: CustomerBook, opts: ResolvedGenerateOptions): number {
  let n = 0;
  for (const row of invoiceRows(book, { count: opts.invoices, asOf: opts.asOf, seed: opts.seed })) n += row.payments.length;
  return n;
}

/** The rows' payments adjusted to `opts.payments` when it is set. */
export function* adjustedInvoiceRows(book: CustomerBook, opts: ResolvedGenerateOptions): Generator<InvoiceRow> {
  const rows = invoiceRows(book, { count: opts.invoices, asOf: opts.asOf, seed: opts.seed });
  if (opts.payments === undefined) {
    yield* rows;
    return;
  }
  const spreader = new PaymentSpreader(countNaturalPayments(book, opts), opts.payments);
  for (const row of rows) yield { ...row, payments: spreader.apply(row) };
}

/**
 * The invoices (with their payments) that `writeDemoCsv` writes for the same options, as an async
 * iterable: for benchmarks that feed rows straight into a service instead of through files.
 */
export async function* generateInvoiceRows(opts: GenerateOptions): AsyncGenerator<InvoiceRow> {
  const resolved = resolveGenerateOptions(opts);
  yield* adjustedInvoiceRows(bookFor(resolved), resolved);
}
