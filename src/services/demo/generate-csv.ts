// Benchmark data: users.csv, customers.csv, invoices.csv and payments.csv in the import formats
// of DESIGN.md "Data formats", consistent with each other, of any size. Streams: rows are
// generated one at a time and written in ~1 MB chunks, so a million invoices take seconds and
// little memory.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { formatMinor, minorDigits } from '../../domain/money.js';
import { CustomerBook, demoCustomers } from './demo-customers.js';
import { DEMO_USERS } from './demo-people.js';
import {
  PaymentSpreader, countNaturalPayments, invoiceRows, resolveGenerateOptions, type GenerateOptions,
} from './invoice-rows.js';

/** The header rows, exactly as DESIGN.md lists the columns. */
export const CSV_HEADERS = {
  users: ['email', 'name', 'role', 'region', 'timezone', 'slack_user_id', 'lark_open_id'],
  customers: ['code', 'name', 'credit_grade', 'credit_limit', 'payment_terms_days', 'industry', 'region', 'owner_email'],
  invoices: ['number', 'customer_code', 'amount', 'currency', 'issued_on', 'due_on', 'product_line', 'region'],
  payments: ['invoice_number', 'amount', 'paid_on', 'reference'],
} as const;

export interface DemoCsvOptions extends GenerateOptions {
  dir: string;
}

export interface DemoCsvResult {
  files: { users: string; customers: string; invoices: string; payments: string };
  /** Data rows per file (the header not counted). */
  rows: Record<'users' | 'customers' | 'invoices' | 'payments', number>;
}

const CHUNK = 1 << 20;
/** Room left after a full chunk: longer than any line we write (names are short). */
const LINE_MAX = 16 * 1024;

/**
 * Lines gathered into ~1 MB buffers: one write per megabyte instead of one per row. UTF-8 is
 * encoded line by line into a preallocated buffer, so no long string (or its garbage) is built.
 */
class CsvFile {
  rows = 0;
  private buffer = Buffer.allocUnsafe(CHUNK + LINE_MAX);
  private used = 0;
  private readonly stream: WriteStream;
  private failure: Error | null = null;

  constructor(readonly path: string, header: readonly string[]) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (e) => { this.failure = e; });
    this.used = this.buffer.write(`${header.join(',')}\n`, 0, 'utf8');
  }

  /** Adds one line (at most LINE_MAX bytes); true when it is time to `flush()`. */
  add(line: string): boolean {
    this.used += this.buffer.write(line, this.used, 'utf8');
    this.rows++;
    return this.used >= CHUNK;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.used === 0) return;
    const chunk = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(CHUNK + LINE_MAX);
    this.used = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
    if (this.failure) throw this.failure;
  }
}

/** Minor units as a plain decimal ("1234.50"): formatMinor, specialised for the hot loop. */
function decimal(minor: bigint, digits: number): string {
  if (digits === 0) return minor.toString();
  const s = minor.toString().padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** RFC 4180 quoting, only where a value needs it (company names with commas: "Co., Ltd."). */
function cell(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Writes the four files into `dir` (created if missing). Same options → same bytes. Every
 * invoice's customer_code is in customers.csv, every payment's invoice_number in invoices.csv,
 * payments never exceed their invoice, invoice numbers are unique. With `payments` set, exactly
 * that many payment rows are written (as long as the behaviour gives at least one to spread).
 */
export async function writeDemoCsv(opts: DemoCsvOptions): Promise<DemoCsvResult> {
  const o = resolveGenerateOptions(opts);
  await mkdir(opts.dir, { recursive: true });
  const files = {
    users: path.join(opts.dir, 'users.csv'),
    customers: path.join(opts.dir, 'customers.csv'),
    invoices: path.join(opts.dir, 'invoices.csv'),
    payments: path.join(opts.dir, 'payments.csv'),
  };

  const users = new CsvFile(files.users, CSV_HEADERS.users);
  for (const u of DEMO_USERS) {
    users.add(`${u.email},${cell(u.name)},${u.role},${u.region ?? ''},${u.timezone ?? ''},${u.slackUserId ?? ''},${u.larkOpenId ?? ''}\n`);
  }
  await users.close();

  const customers = new CsvFile(files.customers, CSV_HEADERS.customers);
  const book = new CustomerBook();
  for (const c of demoCustomers({ seed: o.seed, asOf: o.asOf, total: o.customers })) {
    book.add(c);
    const full = customers.add(`${c.code},${cell(c.name)},${c.grade},${formatMinor(c.creditLimitMinor, 'CNY')},${c.termsDays},`
      + `${c.industry},${c.region},${c.ownerEmail}\n`);
    if (full) await customers.flush();
  }
  await customers.close();

  const invoices = new CsvFile(files.invoices, CSV_HEADERS.invoices);
  const payments = new CsvFile(files.payments, CSV_HEADERS.payments);
  const digits = minorDigits('CNY');
  const spreader = o.payments === undefined ? null : new PaymentSpreader(countNaturalPayments(book, o), o.payments);
  for (const row of invoiceRows(book, { count: o.invoices, asOf: o.asOf, seed: o.seed })) {
    let full = invoices.add(`${row.number},${row.customerCode},${decimal(row.amountMinor, digits)},${row.currency},`
      + `${row.issuedOn},${row.dueOn},${row.productLine},${row.region}\n`);
    if (full) await invoices.flush();
    for (const p of spreader ? spreader.apply(row) : row.payments) {
      full = payments.add(`${p.invoiceNumber},${decimal(p.amountMinor, digits)},${p.paidOn},${p.reference ?? ''}\n`);
      if (full) await payments.flush();
    }
  }
  await Promise.all([invoices.close(), payments.close()]);

  return { files, rows: { users: users.rows, customers: customers.rows, invoices: invoices.rows, payments: payments.rows } };
}
