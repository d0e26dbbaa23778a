import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { importFile } from '../../../src/services/import/index.js';
import { testDatabase } from '../../support/db.js';
import { csv, fixture, importOk, orgWithCustomers, snapshot } from './import-fixtures.js';

const t = testDatabase();
let orgId: number;

beforeAll(async () => {
  orgId = await orgWithCustomers(t.db, 'acme');
  await importOk(t.db, orgId, 'invoices', fixture('invoices.csv'));
});

const invoice = (number: string) => t.db.selectFrom('invoices').select(['paid_minor', 'status', 'id'])
  .where('org_id', '=', orgId).where('number', '=', number).executeTakeFirstOrThrow();

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — each import meets what the
// imports before it wrote (a second import of the same file changes nothing).
describe('importing payments', { shuffle: false }, () => {
  it('records partial payments and moves paid_minor and status with them', async () => {
    const r = await importOk(t.db, orgId, 'payments', fixture('payments.csv'));
    expect(r).toMatchObject({ rows: 5, inserted: 5, updated: 0, unchanged: 0 });
    expect(await invoice('INV-1001')).toMatchObject({ paid_minor: 1200000n, status: 'paid' });   // 4000 + 8000 of 12000
    expect(await invoice('INV-1003')).toMatchObject({ paid_minor: 3000000n, status: 'open' });   // 30000 of 80000
    expect(await invoice('INV-1004')).toMatchObject({ paid_minor: 20000n, status: 'open' });     // two identical 100s
    expect(await invoice('INV-1002')).toMatchObject({ paid_minor: 0n, status: 'open' });
  });

  it('keys payments by reference, else by invoice, date, amount and occurrence', async () => {
    const keys = await t.db.selectFrom('payments').select('import_key').where('org_id', '=', orgId).orderBy('import_key').execute();
    expect(keys.map((k) => k.import_key)).toEqual([
      'INV-1001|ref:BANK-001', 'INV-1001|ref:BANK-002', 'INV-1003|2025-05-01|3000000|#1',
      'INV-1004|2025-04-01|10000|#1', 'INV-1004|2025-04-01|10000|#2',
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await snapshot(t.db);
    const r = await importOk(t.db, orgId, 'payments', fixture('payments.csv'));
    expect(r).toMatchObject({ rows: 5, inserted: 0, updated: 0, unchanged: 5 });
    expect((await snapshot(t.db)).split('\n').slice(0, 5)).toEqual(before.split('\n').slice(0, 5));
  });

  it('counts a payment whose amount changed under the same reference as updated, and reopens the invoice', async () => {
    const r = await importOk(t.db, orgId, 'payments', csv('invoice_number,amount,paid_on,reference\nINV-1001,7000,2025-02-20,BANK-002\n'));
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await invoice('INV-1001')).toMatchObject({ paid_minor: 1100000n, status: 'open' });
  });

  it('refuses a payment that overpays its invoice, at the line where it does, and writes nothing', async () => {
    const before = await snapshot(t.db);
    const r = await importFile(t.db, { orgId, kind: 'payments', input: fixture('payments-overpay.csv') });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      { line: 5, column: 'amount', message: 'overpays the invoice: its payments would reach 3500.51, the invoice is 3500.50' },
    ]);
    expect(await snapshot(t.db)).toBe(before);
  });

  it('counts payments already recorded when checking for overpayment', async () => {
    // INV-1003: 30000 recorded; 50000.01 more would exceed 80000.
    const r = await importFile(t.db, { orgId, kind: 'payments', input: csv('invoice_number,amount,paid_on\nINV-1003,50000.01,2025-06-01\n') });
    expect(r.errors).toEqual([{ line: 2, column: 'amount', message: 'overpays the invoice: its payments would reach 80000.01, the invoice is 80000.00' }]);
  });

  it('reports unknown invoices, repeated references and bad cells together', async () => {
    const r = await importFile(t.db, { orgId, kind: 'payments', input: csv([
      'invoice_number,amount,paid_on,reference',
      'INV-9999,10,2025-06-01,',
      'INV-1003,10,2025-06-01,R-7',
      'INV-1003,11,2025-06-02,R-7',
      'INV-1003,-1,2025-06-31,',
    ].join('\n')) });
    expect(r.errors).toEqual([
      { line: 2, column: 'invoice_number', message: 'unknown invoice INV-9999: import invoices first' },
      { line: 4, column: 'reference', message: 'duplicate reference R-7: first on line 3' },
      { line: 5, column: 'amount', message: 'must not be negative' },
      { line: 5, column: 'paid_on', message: 'not a date: use YYYY-MM-DD' },
    ]);
  });

  it('updates paid_minor of a disputed or written-off invoice but leaves its status alone', async () => {
    await t.db.updateTable('invoices').set({ status: 'disputed' }).where('org_id', '=', orgId).where('number', '=', 'INV-1002').execute();
    await importOk(t.db, orgId, 'payments', csv('invoice_number,amount,paid_on,reference\nINV-1002,3500.50,2025-03-01,FULL\n'));
    expect(await invoice('INV-1002')).toMatchObject({ paid_minor: 350050n, status: 'disputed' });
  });

  it("reads an amount in its invoice's currency", async () => {
    await importOk(t.db, orgId, 'invoices', fixture('invoices-bom.csv'));   // INV-2002 is in JPY
    const bad = await importFile(t.db, { orgId, kind: 'payments', input: csv('invoice_number,amount,paid_on\nINV-2002,10.5,2025-07-02\n') });
    expect(bad.errors).toEqual([{ line: 2, column: 'amount', message: 'no decimals for JPY' }]);
    await importOk(t.db, orgId, 'payments', csv('invoice_number,amount,paid_on\nINV-2002,1000,2025-07-02\n'));
    expect(await invoice('INV-2002')).toMatchObject({ paid_minor: 1000n });
  });

  it('refreshes the planner statistics of what a bulk import wrote', async () => {
    // Without it, the next statements would be planned as if a new org's rows were absent (quadratic plans).
    const numbers = Array.from({ length: 1200 }, (_, i) => `BULK-${i}`);
    await importOk(t.db, orgId, 'invoices', csv(`number,customer_code,amount,issued_on,due_on\n${
      numbers.map((n) => `${n},HZ001,10,2025-01-01,2025-02-01`).join('\n')}\n`));
    await importOk(t.db, orgId, 'payments', csv(`invoice_number,amount,paid_on\n${numbers.map((n) => `${n},4,2025-01-15`).join('\n')}\n`));
    const { rows } = await sql<{ relname: string; reltuples: number }>`
      select relname, reltuples from pg_class where relname in ('invoices', 'payments') order by relname`.execute(t.db);
    expect(rows.map((r) => [r.relname, r.reltuples >= 1200])).toEqual([['invoices', true], ['payments', true]]);
  });
});
