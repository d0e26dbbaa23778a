import { describe, expect, it, beforeAll } from 'vitest';
import { sql } from 'kysely';
import { importFile } from '../../../src/services/import/index.js';
import { testDatabase } from '../../support/db.js';
import { csv, fixture, importOk, orgWithCustomers, snapshot, tableCounts } from './import-fixtures.js';

const t = testDatabase();
let orgId: number;

beforeAll(async () => { orgId = await orgWithCustomers(t.db, 'acme'); });

const invoice = (number: string) => t.db.selectFrom('invoices').selectAll().where('org_id', '=', orgId)
  .where('number', '=', number).executeTakeFirstOrThrow();

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — each import meets what the
// imports before it wrote (a second import of the same file changes nothing).
describe('importing invoices', { shuffle: false }, () => {
  it('refuses a file with a wrong header, naming each column, and writes nothing', async () => {
    const before = await snapshot(t.db);
    const r = await importFile(t.db, { orgId, kind: 'invoices', input: fixture('invoices-bad-header.csv') });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      { line: 1, column: 'customer', message: expect.stringMatching(/^unknown column/) },
      { line: 1, column: 'amt', message: expect.stringMatching(/^unknown column/) },
      { line: 1, column: 'customer_code', message: 'required column is missing' },
      { line: 1, column: 'amount', message: 'required column is missing' },
    ]);
    expect(r.errorCount).toBe(4);
    expect(await snapshot(t.db)).toBe(before);
  });

  it('lists every problem of a bad file by line and column, and writes nothing', async () => {
    const before = await tableCounts(t.db);
    const r = await importFile(t.db, { orgId, kind: 'invoices', input: fixture('invoices-bad.csv') });
    expect(r).toMatchObject({ ok: false, rows: 7, inserted: 0, updated: 0, unchanged: 0, errorCount: 6 });
    expect(r.errors).toEqual([
      { line: 3, column: 'issued_on', message: 'not a date: use YYYY-MM-DD' },
      { line: 4, column: 'amount', message: 'must not be negative' },
      { line: 5, column: 'customer_code', message: 'unknown customer XX999: import customers first' },
      { line: 6, column: 'number', message: 'duplicate invoice number INV-4001: first on line 2' },
      { line: 7, column: 'amount', message: 'at most 2 decimals for CNY' },
      { line: 8, column: 'due_on', message: 'is before issued_on' },
    ]);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('lists the first 1000 problems and counts them all', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `BULK-${i},HZ001,1.001,2025-01-01,2025-02-01`);
    const r = await importFile(t.db, { orgId, kind: 'invoices', input: csv(`number,customer_code,amount,issued_on,due_on\n${rows.join('\n')}\n`) });
    expect(r.errorCount).toBe(1200);
    expect(r.errors).toHaveLength(1000);
    expect(r.errors[999]).toEqual({ line: 1001, column: 'amount', message: 'at most 2 decimals for CNY' });
  });

  it('dry run reports what would happen and writes nothing', async () => {
    const before = await snapshot(t.db);
    const r = await importFile(t.db, { orgId, kind: 'invoices', input: fixture('invoices.csv'), dryRun: true });
    expect(r).toEqual({ kind: 'invoices', ok: true, rows: 4, inserted: 4, updated: 0, unchanged: 0, errors: [], errorCount: 0 });
    expect(await snapshot(t.db)).toBe(before);
  });

  it("imports invoices with the customer's region and the org's currency as defaults", async () => {
    const r = await importOk(t.db, orgId, 'invoices', fixture('invoices.csv'));
    expect(r).toMatchObject({ rows: 4, inserted: 4, updated: 0, unchanged: 0 });
    expect(await invoice('INV-1001')).toMatchObject({ amount_minor: 1200000n, paid_minor: 0n, currency: 'CNY', region: 'east',
      product_line: 'steel', issued_on: '2025-01-10', due_on: '2025-02-09', status: 'open' });
    expect(await invoice('INV-1002')).toMatchObject({ amount_minor: 350050n, region: 'south' });
    expect(await invoice('INV-1003')).toMatchObject({ region: null, product_line: null });
  });

  it('records one audit row and one import.completed event per real import', async () => {
    const audit = await t.db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId).where('action', '=', 'import.invoices').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'import', detail: { file: 'invoices.csv', rows: 4, inserted: 4, updated: 0, unchanged: 0 } });
    const events = await t.db.selectFrom('case_events').selectAll().where('org_id', '=', orgId).where('type', '=', 'import.completed').execute();
    expect(events.map((e) => e.payload)).toContainEqual({ kind: 'invoices', inserted: 4, updated: 0 });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await snapshot(t.db);
    const r = await importOk(t.db, orgId, 'invoices', fixture('invoices.csv'));
    expect(r).toMatchObject({ rows: 4, inserted: 0, updated: 0, unchanged: 4 });
    const after = await snapshot(t.db);
    // Only the audit row and the event of the second import are new.
    expect((await tableCounts(t.db)).invoices).toBe(4);
    expect(after.split('\n').slice(0, 5)).toEqual(before.split('\n').slice(0, 5));
    // Not even a row lock: an unchanged invoice is not written at all.
    const { rows } = await sql<{ xmax: string }>`select xmax::text from invoices where org_id = ${orgId}`.execute(t.db);
    expect(rows.map((r) => r.xmax)).toEqual(['0', '0', '0', '0']);
  });

  it('counts a changed invoice as updated and keeps what was paid on it', async () => {
    await t.db.updateTable('invoices').set({ paid_minor: 50000n }).where('org_id', '=', orgId).where('number', '=', 'INV-1001').execute();
    const r = await importOk(t.db, orgId, 'invoices', csv(
      'number,customer_code,amount,issued_on,due_on,product_line\nINV-1001,HZ001,12500,2025-01-10,2025-02-09,steel\nINV-1005,HZ001,1,2025-01-10,2025-02-09,\n'));
    expect(r).toMatchObject({ rows: 2, inserted: 1, updated: 1, unchanged: 0 });
    expect(await invoice('INV-1001')).toMatchObject({ amount_minor: 1250000n, paid_minor: 50000n, status: 'open' });
  });

  it('refuses an amount below what is already paid', async () => {
    const r = await importFile(t.db, { orgId, kind: 'invoices', input: csv(
      'number,customer_code,amount,issued_on,due_on\nINV-1001,HZ001,400,2025-01-10,2025-02-09\n') });
    expect(r.errors).toEqual([{ line: 2, column: 'amount', message: 'is below the 500.00 already paid on this invoice' }]);
    expect((await invoice('INV-1001')).amount_minor).toBe(1250000n);
  });

  it('refuses to change the currency or customer of an invoice with history, naming why, and writes nothing (issue 9, 6)', async () => {
    // INV-1001 has 500.00 paid (above); SH002, the customer of INV-1003, has a collection record.
    const sh = await t.db.selectFrom('customers').select('id').where('org_id', '=', orgId).where('code', '=', 'SH002').executeTakeFirstOrThrow();
    const kase = await t.db.insertInto('cases').values({ org_id: orgId, customer_id: sh.id }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('collection_records').values({ org_id: orgId, case_id: kase.id, customer_id: sh.id, method: 'call', body: 'called' } as never).execute();
    const before = await snapshot(t.db);
    const r = await importFile(t.db, { orgId, kind: 'invoices', input: csv('number,customer_code,amount,currency,issued_on,due_on\n'
      + 'INV-1001,HZ001,12500,USD,2025-01-10,2025-02-09\n'
      + 'INV-1001X,HZ001,1,,2025-01-10,2025-02-09\n'
      + 'INV-1003,BJ003,80000,,2025-03-15,2025-05-14\n') });
    expect(r.errors).toEqual([
      { line: 2, column: 'currency', message: 'cannot change the currency of invoice INV-1001: it has payments' },
      { line: 4, column: 'customer_code', message: 'cannot change the customer of invoice INV-1003: it has collection records' },
    ]);
    expect(await snapshot(t.db)).toBe(before);
    const moved = await importFile(t.db, { orgId, kind: 'invoices', input: csv('number,customer_code,amount,issued_on,due_on\nINV-1001,SH002,12500,2025-01-10,2025-02-09\n') });
    expect(moved.errors).toEqual([{ line: 2, column: 'customer_code', message: 'cannot change the customer of invoice INV-1001: it has payments' }]);
  });

  it('still moves an invoice with no history to another customer or currency', async () => {
    const r = await importOk(t.db, orgId, 'invoices', csv('number,customer_code,amount,currency,issued_on,due_on,product_line\nINV-1004,SH002,999.99,USD,2025-04-01,2025-04-01,retail\n'));
    expect(r).toMatchObject({ updated: 1 });
    expect(await invoice('INV-1004')).toMatchObject({ currency: 'USD' });
  });

  it('accepts a BOM, CRLF line ends, any column order and a currency column', async () => {
    const r = await importOk(t.db, orgId, 'invoices', fixture('invoices-bom.csv'));
    expect(r).toMatchObject({ rows: 2, inserted: 2 });
    expect(await invoice('INV-2001')).toMatchObject({ amount_minor: 10010n, currency: 'CNY', due_on: '2025-06-30' });
    expect(await invoice('INV-2002')).toMatchObject({ amount_minor: 250000n, currency: 'JPY', region: null });
  });

  it('keeps orgs apart: the same invoice number may exist in another org', async () => {
    const other = await orgWithCustomers(t.db, 'globex');
    const r = await importOk(t.db, other, 'invoices', fixture('invoices.csv'));
    expect(r).toMatchObject({ inserted: 4, updated: 0 });
    const { count } = await t.db.selectFrom('invoices').select((eb) => eb.fn.countAll<bigint>().as('count'))
      .where('number', '=', 'INV-1001').executeTakeFirstOrThrow();
    expect(Number(count)).toBe(2);
  });
});
