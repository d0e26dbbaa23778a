import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { checkHeader, csvParser, RowStager } from '../../../../src/services/import/csv-stage.js';
import { ProblemList } from '../../../../src/services/import/problems.js';
import { rowValidator, type PaymentRow } from '../../../../src/services/import/row-schemas.js';

/** Stages payments CSV text; returns the staged lines (line, valid, values…), rows counted, problems. */
async function stage(text: string) {
  const problems = new ProblemList();
  const stager = new RowStager<PaymentRow>({
    kind: 'payments', validate: rowValidator('payments', { currency: 'CNY' }),
    stageValues: (cells, row) => [row ? row.invoice_number : cells.invoice_number ?? null],
  }, problems);
  let out = '';
  await pipeline(Readable.from([Buffer.from(text)]), csvParser(), stager,
    new Writable({ write(chunk: Buffer, _e, done) { out += chunk.toString(); done(); } }));
  return { staged: out.split('\n').filter(Boolean), rows: stager.rows, headerFailed: stager.headerFailed, problems: problems.listed };
}

describe('header', () => {
  it('takes columns in any order and in any case', () => {
    expect(checkHeader('payments', [' Paid_On', 'amount', 'INVOICE_NUMBER'])).toEqual({ names: ['paid_on', 'amount', 'invoice_number'], issues: [] });
  });

  it('points at an empty header cell by its position', () => {
    expect(checkHeader('payments', ['invoice_number', 'amount', 'paid_on', '']).issues)
      .toEqual([{ column: '(column 4)', message: 'the header cell is empty: name the column or remove it' }]);
  });

  it('names unknown, repeated and missing columns', () => {
    expect(checkHeader('payments', ['invoice_number', 'amount', 'amount', 'note']).issues).toEqual([
      { column: 'amount', message: 'column appears twice' },
      { column: 'note', message: 'unknown column (a payments file has invoice_number, amount, paid_on, reference)' },
      { column: 'paid_on', message: 'required column is missing' },
    ]);
  });
});

describe('staging CSV rows', () => {
  it('numbers rows by their CSV line, across a BOM, CRLF, blank or comma-only lines and quoted line breaks', async () => {
    const r = await stage('\uFEFFinvoice_number,amount,paid_on,reference\r\nA,1,2025-01-01,"two\r\nlines"\r\n\r\nB,x,2025-01-01,\r\n,,,\r\nC,2,2025-01-01,\r\n');
    expect(r.staged).toEqual(['2\tt\tA', '5\tf\tB', '7\tt\tC']);
    expect(r.rows).toBe(3);
    expect(r.problems).toEqual([{ line: 5, column: 'amount', message: 'not an amount: use a plain decimal such as 1234.50' }]);
  });

  it('reports a row with the wrong number of cells, naming the first missing column', async () => {
    const r = await stage('invoice_number,amount,paid_on\nA,1\nB,1,2025-01-01,extra\n');
    expect(r.problems).toEqual([
      { line: 2, column: 'paid_on', message: 'the row has 2 cells, the header 3' },
      { line: 3, column: '(cell 4)', message: 'the row has 4 cells, the header 3' },
    ]);
    expect(r.staged).toEqual([]);
  });

  it('stages nothing after a bad header, but still counts the rows', async () => {
    const r = await stage('invoice,amount,paid_on\nA,1,2025-01-01\nB,1,2025-01-01\n');
    expect(r.headerFailed).toBe(true);
    expect(r.rows).toBe(2);
    expect(r.staged).toEqual([]);
    expect(r.problems.map((p) => p.column)).toEqual(['invoice', 'invoice_number']);
  });

  it('checks the rows before a quoting error and reports the error at the line of its row', async () => {
    const r = await stage('invoice_number,amount,paid_on\nA,-1,2025-01-01\nB,"1"2,2025-01-01\nC,1,2025-01-01\n');
    expect(r.problems).toEqual([
      { line: 2, column: 'amount', message: 'must not be negative' },
      { line: 3, column: '', message: expect.stringMatching(/^CSV syntax: a closing quote is followed by other characters.*the rest of the file was not read$/) },
    ]);
  });

  it('calls an empty file what it is', async () => {
    const r = await stage('');
    expect(r.headerFailed).toBe(true);
    expect(r.problems).toEqual([{ line: 1, column: '', message: 'the file is empty: expected a header row' }]);
  });
});
