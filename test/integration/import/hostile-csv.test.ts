// Issue 9, part 2, hostile input into the CSV importer: files whose cells carry huge, unicode,
// right-to-left and zero-width text, markup, pings, SQL fragments, NUL bytes and numbers or dates
// out of range are imported whole or refused whole with line-numbered problems — never a crash,
// never a partial write; what is imported is stored exactly as typed. Property-based (fast-check).
import fc from 'fast-check';
import { configureFastCheck } from '../../support/fast-check-seed.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { addOrg } from '../../../src/services/orgs.js';
import { importFile } from '../../../src/services/import/index.js';
import { testDatabase } from '../../support/db.js';
import { csv, snapshot } from './import-fixtures.js';

// A fixed seed, so CI runs the same inputs every time; FC_SEED=<n>|random explores others
// (test/support/fast-check-seed.ts). A failure prints its seed and counterexample.
configureFastCheck();

const t = testDatabase();
let orgId: number;

beforeAll(async () => {
  orgId = (await addOrg(t.db, { slug: 'hostile', currency: 'CNY' })).org.id;
});

const HOSTILE = ['<!channel>', '<at id=all></at>', '[x](https://evil.example)', "'; drop table customers; --", '" or 1=1 --',
  '=cmd|\' /C calc\'!A0', '+1', '@SUM(1)', '\u202eevil', 'zero\u200bwidth', '\ufeffbom', 'مرحبا', '华东机电', '😀', '\u0000', '\\N', '\t',
  'line\nbreak', '"quoted"', ',', '', ' ', '-5', '1e309', '99999999999999999999999', '12.345', '0x1F', 'NaN', '2026-02-30', '9999-12-31',
  '0001-01-01', '2026-13-01', 'A', 'B', 'D', 'E'];
const cell = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ maxLength: 300 }));
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** A row well formed around a hostile name (and hostile industry and region text). */
const goodRow = fc.record({
  code: fc.stringMatching(/^[A-Z]{2}\d{3}$/),
  name: fc.oneof(fc.constantFrom(...HOSTILE.filter((h) => h.trim() && !h.includes('\u0000'))), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })),
  grade: fc.constantFrom('A', 'B', 'C', 'D'),
  limit: fc.integer({ min: 0, max: 10_000_000 }).map(String),
  terms: fc.integer({ min: 0, max: 365 }).map(String),
  industry: fc.constantFrom('', 'construction', '<!channel>', '华东', "'; drop table x; --"),
  region: fc.constantFrom('', 'east', 'مرحبا', 'zero\u200bwidth'),
});
/** A row hostile everywhere. */
const badRow = fc.record({ code: cell, name: cell, grade: cell, limit: cell, terms: cell, industry: cell, region: cell });

/** A customers.csv of 1–4 rows, mostly well formed around hostile text, sometimes hostile everywhere. */
const customersFile = fc.array(fc.oneof({ arbitrary: goodRow, weight: 4 }, { arbitrary: badRow, weight: 1 }),
  { minLength: 1, maxLength: 4 }).map((rows) => ({ rows, text: [
  'code,name,credit_grade,credit_limit,payment_terms_days,industry,region',
  ...rows.map((r) => [r.code, r.name, r.grade, r.limit, r.terms, r.industry, r.region].map(quote).join(',')),
].join('\n') }));

describe('hostile CSV files', () => {
  it('refuses a NUL byte as a problem of its line and column, not a failed import', async () => {
    const before = await snapshot(t.db);
    const r = await importFile(t.db, { orgId, kind: 'customers', input: csv(
      'code,name,credit_grade,credit_limit,payment_terms_days\nNU001,Nul\u0000Name,A,100,30\nNU002,Fine,A,100,30\n') });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ line: 2, column: 'name', message: expect.stringContaining('NUL') })]);
    expect(await snapshot(t.db)).toBe(before);
  });

  it('imports a file whole or refuses it whole with its problems, and stores names exactly as typed', async () => {
    let imported = 0;
    let refused = 0;
    await fc.assert(fc.asyncProperty(customersFile, async (file) => {
      const before = await snapshot(t.db);
      const r = await importFile(t.db, { orgId, kind: 'customers', input: csv(file.text) });
      if (!r.ok) {
        refused++;
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) expect(Number.isInteger(e.line)).toBe(true);
        expect(await snapshot(t.db)).toBe(before);
        return;
      }
      imported++;
      expect(r.errors).toEqual([]);
      // Stored as typed (the importer trims cells): a name is data, never markup or SQL.
      const last = new Map<string, string>();
      for (const row of file.rows) last.set(row.code.trim(), row.name.trim());
      for (const [code, name] of last) {
        const row = await t.db.selectFrom('customers').select('name').where('org_id', '=', orgId).where('code', '=', code).executeTakeFirst();
        expect(row?.name).toBe(name);
      }
    }), { numRuns: 40 });
    // Both outcomes were exercised.
    expect(imported).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    // The customers table is whole: codes unique per org.
    const dupes = await t.db.selectFrom('customers').select('code').where('org_id', '=', orgId).groupBy('code')
      .having((eb) => eb.fn.countAll(), '>', 1).execute();
    expect(dupes).toEqual([]);
  }, 120_000);
});
