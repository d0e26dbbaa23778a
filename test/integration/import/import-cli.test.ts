// `duebot import …` in process: commander parses, the database comes from DATABASE_URL.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { fixture, orgWithCustomers, tableCounts } from './import-fixtures.js';
import { runCli as duebot } from '../../support/cli.js';

const t = testDatabase();

beforeAll(async () => {
  await orgWithCustomers(t.db, 'acme');
  process.env.DATABASE_URL = t.url;
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('duebot import', () => {
  it('prints one summary line, marked on a dry run', async () => {
    const dry = await duebot('import', 'invoices', fixture('invoices.csv'), '--org', 'acme', '--dry-run');
    expect(dry).toEqual({ printed: 'invoices: 4 rows, 4 inserted, 0 updated, 0 unchanged (dry run, nothing written)\n', exitCode: undefined });
    expect((await tableCounts(t.db)).invoices).toBe(0);
    const real = await duebot('import', 'invoices', fixture('invoices.csv'), '--org', 'acme');
    expect(real.printed).toBe('invoices: 4 rows, 4 inserted, 0 updated, 0 unchanged\n');
    expect((await tableCounts(t.db)).invoices).toBe(4);
  });

  it('prints every problem, then the refusal, and exits with 1', async () => {
    const r = await duebot('import', 'invoices', fixture('invoices-bad.csv'), '--org', 'acme');
    expect(r.exitCode).toBe(1);
    expect(r.printed.split('\n')).toEqual([
      'line 3, column issued_on: not a date: use YYYY-MM-DD',
      'line 4, column amount: must not be negative',
      'line 5, column customer_code: unknown customer XX999: import customers first',
      'line 6, column number: duplicate invoice number INV-4001: first on line 2',
      'line 7, column amount: at most 2 decimals for CNY',
      'line 8, column due_on: is before issued_on',
      'import refused: 6 problems, nothing written',
      '',
    ]);
  });

  it('refuses an unknown kind with the usage, before opening the database', async () => {
    await expect(duebot('import', 'orders', fixture('invoices.csv'), '--org', 'acme'))
      .rejects.toThrow(/import kind must be one of customers, invoices, payments, users, contacts \(got "orders"\); usage: duebot import/);
  });

  it('names a file it cannot read and an unknown org', async () => {
    await expect(duebot('import', 'invoices', '/nonexistent/invoices.csv', '--org', 'acme')).rejects.toThrow(/cannot read \/nonexistent\/invoices.csv/);
    await expect(duebot('import', 'invoices', fixture('invoices.csv'), '--org', 'nope')).rejects.toThrow(/no org "nope"/);
  });
});
