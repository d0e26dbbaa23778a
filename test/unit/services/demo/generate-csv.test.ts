import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { isIsoDate } from '../../../../src/domain/calendar.js';
import { parseMoney } from '../../../../src/domain/money.js';
import { generateInvoiceRows, writeDemoCsv, type DemoCsvResult } from '../../../../src/services/demo/index.js';

// The headers as DESIGN.md "Data formats" lists them (the import is built against these).
const DESIGN_HEADERS = {
  users: 'email,name,role,region,timezone,slack_user_id,lark_open_id',
  customers: 'code,name,credit_grade,credit_limit,payment_terms_days,industry,region,owner_email',
  invoices: 'number,customer_code,amount,currency,issued_on,due_on,product_line,region',
  payments: 'invoice_number,amount,paid_on,reference',
};
const AS_OF = '2026-03-15';
const OPTS = { invoices: 3000, customers: 250, seed: 3, asOf: AS_OF };

let dir: string;
let result: DemoCsvResult;
type Row = Record<string, string>;
const files: Record<keyof typeof DESIGN_HEADERS, { text: string; rows: Row[] }> = {} as never;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'duebot-demo-csv-'));
  result = await writeDemoCsv({ dir, ...OPTS });
  for (const name of Object.keys(DESIGN_HEADERS) as (keyof typeof DESIGN_HEADERS)[]) {
    const text = await readFile(result.files[name], 'utf8');
    files[name] = { text, rows: parse(text, { columns: true }) as Row[] };
  }
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const minor = (s: string) => {
  const m = parseMoney(s, 'CNY');
  if (!m.ok) throw new Error(`not an amount: ${s}`);
  return m.minor;
};

describe('writeDemoCsv', () => {
  it('writes the four files with the headers of DESIGN.md', () => {
    for (const [name, header] of Object.entries(DESIGN_HEADERS)) {
      expect({ name, header: files[name as keyof typeof files].text.split('\n', 1)[0] }).toEqual({ name, header });
    }
  });

  it('writes as many rows as it reports, and the sizes asked for', () => {
    for (const name of Object.keys(DESIGN_HEADERS) as (keyof typeof DESIGN_HEADERS)[]) {
      expect({ name, rows: files[name].rows.length }).toEqual({ name, rows: result.rows[name] });
      expect(files[name].text.endsWith('\n')).toBe(true);
    }
    expect(result.rows).toMatchObject({ users: 15, customers: 250, invoices: 3000 });
    expect(result.rows.payments).toBeGreaterThan(1500);
  });

  it('keeps the files consistent: known customers, owners and invoices, unique numbers and codes', () => {
    const emails = new Set(files.users.rows.map((u) => u.email));
    const codes = new Set(files.customers.rows.map((c) => c.code));
    expect(codes.size).toBe(files.customers.rows.length);
    expect(files.customers.rows.every((c) => emails.has(c.owner_email!))).toBe(true);
    const numbers = new Set(files.invoices.rows.map((i) => i.number));
    expect(numbers.size).toBe(files.invoices.rows.length);
    expect(files.invoices.rows.filter((i) => !codes.has(i.customer_code!))).toEqual([]);
    expect(files.payments.rows.filter((p) => !numbers.has(p.invoice_number!))).toEqual([]);
    const refs = files.payments.rows.map((p) => p.reference).filter((r) => r !== '');
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('never pays more than an invoice\'s amount, nor before it is issued or after as-of', () => {
    const invoices = new Map(files.invoices.rows.map((i) => [i.number!, i]));
    const paid = new Map<string, bigint>();
    for (const p of files.payments.rows) {
      paid.set(p.invoice_number!, (paid.get(p.invoice_number!) ?? 0n) + minor(p.amount!));
      const inv = invoices.get(p.invoice_number!)!;
      expect(p.paid_on! >= inv.issued_on! && p.paid_on! <= AS_OF).toBe(true);
    }
    const over = [...paid].filter(([n, sum]) => sum > minor(invoices.get(n)!.amount!));
    expect(over).toEqual([]);
    expect([...paid].some(([n, sum]) => sum < minor(invoices.get(n)!.amount!))).toBe(true);   // partial payments
  });

  it('writes amounts as plain decimals with two digits and dates as YYYY-MM-DD', () => {
    const amounts = [...files.invoices.rows.map((i) => i.amount!), ...files.payments.rows.map((p) => p.amount!),
      ...files.customers.rows.map((c) => c.credit_limit!)];
    expect(amounts.filter((a) => !/^\d+\.\d{2}$/.test(a))).toEqual([]);
    const dates = [...files.invoices.rows.flatMap((i) => [i.issued_on!, i.due_on!]), ...files.payments.rows.map((p) => p.paid_on!)];
    expect(dates.filter((d) => !isIsoDate(d))).toEqual([]);
    expect(files.invoices.rows.filter((i) => i.due_on! < i.issued_on! || i.issued_on! > AS_OF)).toEqual([]);
  });

  it('writes grades A–D, known regions and high-risk industries, and quotes names with commas', () => {
    const customers = files.customers.rows;
    expect(new Set(customers.map((c) => c.credit_grade))).toEqual(new Set(['A', 'B', 'C', 'D']));
    expect(new Set(customers.map((c) => c.region))).toEqual(new Set(['east', 'south', 'north', 'southwest', 'overseas']));
    expect(customers.some((c) => c.industry === 'construction') && customers.some((c) => c.industry === 'foreign_trade')).toBe(true);
    expect(customers.some((c) => c.name!.includes(', '))).toBe(true);
    expect(files.customers.text).toMatch(/,"[^"\n]*, [^"\n]*",/);
  });

  it('writes the same bytes for the same options, and yields the same invoices as an iterable', async () => {
    const other = await mkdtemp(path.join(tmpdir(), 'duebot-demo-csv-'));
    try {
      const again = await writeDemoCsv({ dir: other, ...OPTS });
      for (const name of Object.keys(DESIGN_HEADERS) as (keyof typeof DESIGN_HEADERS)[]) {
        expect(await readFile(again.files[name], 'utf8')).toBe(files[name].text);
      }
    } finally {
      await rm(other, { recursive: true, force: true });
    }
    const streamed: string[] = [];
    let payments = 0;
    for await (const row of generateInvoiceRows(OPTS)) {
      streamed.push(`${row.number},${row.customerCode}`);
      payments += row.payments.length;
    }
    expect(streamed).toEqual(files.invoices.rows.map((i) => `${i.number},${i.customer_code}`));
    expect(payments).toBe(result.rows.payments);
  });

  it('writes exactly the number of payments asked for, fewer or more than the behaviour gives', async () => {
    for (const payments of [400, 6000]) {
      const other = await mkdtemp(path.join(tmpdir(), 'duebot-demo-csv-'));
      try {
        const r = await writeDemoCsv({ dir: other, invoices: 1000, customers: 100, payments, seed: 5, asOf: AS_OF });
        expect(r.rows.payments).toBe(payments);
        const invoices = parse(await readFile(r.files.invoices, 'utf8'), { columns: true }) as Row[];
        const rows = parse(await readFile(r.files.payments, 'utf8'), { columns: true }) as Row[];
        expect(rows).toHaveLength(payments);
        const amount = new Map(invoices.map((i) => [i.number!, minor(i.amount!)]));
        const paid = new Map<string, bigint>();
        for (const p of rows) paid.set(p.invoice_number!, (paid.get(p.invoice_number!) ?? 0n) + minor(p.amount!));
        expect([...paid].filter(([n, sum]) => sum > amount.get(n)!)).toEqual([]);
      } finally {
        await rm(other, { recursive: true, force: true });
      }
    }
  });

  it('refuses a size that is not a whole number', async () => {
    await expect(writeDemoCsv({ dir, invoices: 1.5 })).rejects.toThrow(/invoices/);
    await expect(writeDemoCsv({ dir, invoices: 10, customers: 0 })).rejects.toThrow(/customers/);
  });
});
