// CSV records → checked header, validated rows → COPY text for the staging table. Streaming:
// memory stays flat whatever the file size.
import { Transform, type TransformCallback } from 'node:stream';
import { parse, type CsvError, type Parser } from 'csv-parse';
import { copyLine, type CopyValue } from './copy-in.js';
import type { ProblemList } from './problems.js';
import { COLUMNS, type Cells, type ImportKind, type RowIssue, type RowVerdict } from './row-schemas.js';

/** A CSV syntax error, passed down the stream in order with the records (see csvParser). */
interface SyntaxMark { csvError: CsvError }

/**
 * The csv-parse stream for an import file: UTF-8, optional BOM, comma-separated. Records are
 * arrays; their length is checked by RowStager against the header. A syntax error (a stray
 * quote) becomes a mark in the stream, so the records before it are still checked.
 */
export function csvParser(): Parser {
  const parser: Parser = parse({
    bom: true,
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (err) => { if (err) parser.push({ csvError: err } satisfies SyntaxMark); },
  });
  return parser;
}

/** Maps the header to column names; unknown, missing and repeated columns are problems of line 1. */
export function checkHeader(kind: ImportKind, header: readonly string[]): { names: string[]; issues: RowIssue[] } {
  const { required, optional } = COLUMNS[kind];
  const known = new Set([...required, ...optional]);
  const names = header.map((h) => h.trim().toLowerCase());
  const issues: RowIssue[] = [];
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === '') {
      issues.push({ column: `(column ${i + 1})`, message: 'the header cell is empty: name the column or remove it' });
    } else if (!known.has(name)) {
      issues.push({ column: name, message: `unknown column (a ${kind} file has ${[...required, ...optional].join(', ')})` });
    } else if (seen.has(name)) {
      issues.push({ column: name, message: 'column appears twice' });
    }
    seen.add(name);
  }
  for (const name of required) if (!seen.has(name)) issues.push({ column: name, message: 'required column is missing' });
  return { names, issues };
}

export interface StageRules<T> {
  kind: ImportKind;
  validate: (cells: Cells) => RowVerdict<T>;
  /** The staging values after `line` and `valid`: the row when valid, else only its keys. */
  stageValues: (cells: Cells, row: T | undefined) => CopyValue[];
  /** Lines whose first cell starts with `#` are skipped (they still count as lines). */
  comments?: boolean;
}

const FLUSH_AT = 1 << 16;

/** Turns csv-parse records into COPY text for the staging table (line, valid, …values). */
export class RowStager<T> extends Transform {
  rows = 0;
  headerFailed = false;
  private names: string[] | undefined;
  private nextLine = 1;      // the CSV line the next record starts on (header = 1)
  private broken = false;    // after a syntax error, the rest of the file is not read
  private out = '';

  constructor(private readonly rules: StageRules<T>, private readonly problems: ProblemList) {
    super({ writableObjectMode: true, readableObjectMode: false });
  }

  override _transform(record: string[] | SyntaxMark, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      if (!Array.isArray(record)) this.syntaxError(record.csvError);
      else if (!this.broken) this.record(record);
      if (this.out.length >= FLUSH_AT) { this.push(this.out); this.out = ''; }
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.names === undefined && !this.broken) {
      this.headerFailed = true;
      this.problems.add(1, '', 'the file is empty: expected a header row');
    }
    if (this.out) this.push(this.out);
    done();
  }

  private record(record: string[]): void {
    const line = this.nextLine;
    this.nextLine += 1 + embeddedNewlines(record);
    if (isBlank(record)) return;   // a blank line, or only commas (spreadsheets export those)
    if (this.rules.comments && record[0]!.trimStart().startsWith('#')) return;
    if (this.names === undefined) return this.header(record);
    this.rows++;
    if (this.headerFailed) return;
    const names = this.names;
    if (record.length !== names.length) {
      const column = record.length < names.length ? names[record.length]! : `(cell ${names.length + 1})`;
      this.problems.add(line, column, `the row has ${record.length} cells, the header ${names.length}`);
      return;
    }
    const cells: Cells = {};
    for (let i = 0; i < names.length; i++) cells[names[i]!] = record[i];
    // PostgreSQL text cannot hold a NUL byte: COPY would fail for the whole file with no line.
    // The cell is a problem of its own line, and is staged without the byte (issue 9, hostile input).
    let nul = false;
    for (const name of names) {
      const value = cells[name];
      if (typeof value !== 'string' || !value.includes('\u0000')) continue;
      nul = true;
      this.problems.add(line, name, 'the cell contains a NUL character (byte 0), which is not text');
      cells[name] = value.split('\u0000').join('');
    }
    const v = this.rules.validate(cells);
    if (!v.ok) for (const issue of v.issues) this.problems.add(line, issue.column, issue.message);
    const valid = v.ok && !nul;
    this.out += copyLine([line, valid, ...this.rules.stageValues(cells, v.ok && valid ? v.row : undefined)]);
  }

  private header(record: string[]): void {
    const { names, issues } = checkHeader(this.rules.kind, record);
    this.names = names;
    for (const issue of issues) this.problems.add(1, issue.column, issue.message);
    this.headerFailed = issues.length > 0;
  }

  private syntaxError(err: CsvError): void {
    if (this.broken) return;
    this.broken = true;
    // The broken record starts on nextLine (csv-parse's own count is where it gave up).
    this.problems.add(this.nextLine, '', `CSV syntax: ${syntaxMessage(err)}; the rest of the file was not read`);
    if (this.names === undefined) this.headerFailed = true;
  }
}

function syntaxMessage(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED': return 'a quoted cell is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a closing quote is followed by other characters (quote the whole cell, double the quotes inside it)';
    default: return err.message;
  }
}

function isBlank(record: string[]): boolean {
  if (record[0]!.trim() !== '') return false;
  return record.every((cell) => cell.trim() === '');
}

function embeddedNewlines(record: string[]): number {
  let n = 0;
  for (const cell of record) {
    for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/** A cell as a staging key: trimmed, empty → null. */
export function key(cell: string | undefined): string | null {
  const t = cell?.trim();
  return t ? t : null;
}
