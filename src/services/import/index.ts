// CSV import of users, customers, invoices, payments, business calendars and contacts (DESIGN.md "Data formats").
// All-or-nothing per file, idempotent, fast: the file is streamed through csv-parse and zod into a
// temporary staging table with COPY, checked with set-based SQL, then written with set-based
// upserts, all in one transaction (no per-row round trips). Any problem rolls everything back;
// a dry run rolls back a clean run, so its counts are exactly what a real run would do.
import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { dateIn } from '../../domain/calendar.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import { getOrgById } from '../orgs.js';
import { contacts } from './contacts.js';
import { copyIn } from './copy-in.js';
import { csvParser, RowStager } from './csv-stage.js';
import { calendar } from './calendar.js';
import { customers } from './customers.js';
import { invoices } from './invoices.js';
import type { ImportScope, KindSpec } from './kind-spec.js';
import { payments } from './payments.js';
import { isPlainCsv, PlainCsvParser } from './plain-csv.js';
import { mergeProblems, ProblemList, type ImportProblem } from './problems.js';
import { IMPORT_KINDS, isImportKind, rowValidator, type ImportKind } from './row-schemas.js';
import { users } from './users.js';
import { refreshCaseLevels } from '../cases/refresh-levels.js';

export { IMPORT_KINDS, isImportKind, type ImportKind } from './row-schemas.js';
export type { ImportProblem } from './problems.js';

export interface ImportOptions {
  orgId: number;
  kind: ImportKind;
  /** A file path, or the CSV bytes as a stream. */
  input: string | NodeJS.ReadableStream;
  /** Check and count everything, write nothing. */
  dryRun?: boolean;
  /** The import's clock (default the real time): its "today" and when a case it pays off is closed. */
  now?: Date;
}

export interface ImportResult {
  kind: ImportKind;
  ok: boolean;
  /** Data rows in the file (blank lines aside). */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** The first 1000 problems, by line. */
  errors: ImportProblem[];
  errorCount: number;
}

const KINDS: { [K in ImportKind]: KindSpec<K> } = { users, customers, invoices, payments, calendar, contacts };

/** Imports one CSV file into an org: every row or none. */
export async function importFile(db: Db, opts: ImportOptions): Promise<ImportResult> {
  const { kind } = opts;
  if (!isImportKind(kind)) throw new DuebotError('invalid', `unknown import kind "${String(kind)}": ${IMPORT_KINDS.join(', ')}`);
  const spec = KINDS[kind] as KindSpec<ImportKind>;
  const org = await getOrgById(db, opts.orgId);
  const scope: ImportScope = { orgId: org.id, currency: org.currency, today: dateIn(org.timezone, opts.now) };
  if (typeof opts.input === 'string') await readable(opts.input);
  // A file without quotes or carriage returns is split directly; anything else goes through csv-parse.
  const plain = typeof opts.input === 'string' && await isPlainCsv(opts.input);

  try {
    return await db.transaction().execute(async (trx) => {
      // One import at a time per org: the checks read what the upsert then relies on.
      await sql`select pg_advisory_xact_lock(${IMPORT_LOCK}, ${org.id})`.execute(trx);
      const columns = spec.stageColumns.map(([name]) => name);
      await sql.raw(`create temp table import_stage (line integer not null, valid boolean not null, ${
        spec.stageColumns.map(([name, type]) => `${name} ${type}`).join(', ')}) on commit drop`).execute(trx);

      const ctx = { currency: scope.currency, ...(await spec.rowContext?.(trx, scope)) };
      const rowProblems = new ProblemList();
      const stager = new RowStager({ kind, validate: rowValidator(kind, ctx), stageValues: spec.stageValues, comments: spec.comments }, rowProblems);
      const input = typeof opts.input === 'string' ? createReadStream(opts.input) : opts.input;
      await copyIn(trx, 'import_stage', ['line', 'valid', ...columns], input, plain ? new PlainCsvParser() : csvParser(), stager);

      const refused = (problems: { listed: ImportProblem[]; count: number }) => new Rollback({
        kind, ok: false, rows: stager.rows, inserted: 0, updated: 0, unchanged: 0,
        errors: problems.listed, errorCount: problems.count,
      });
      if (stager.headerFailed) throw refused(rowProblems);
      await sql`analyze import_stage`.execute(trx);   // temp tables are never auto-analyzed
      const problems = mergeProblems([rowProblems, await spec.check(trx, scope)]);
      if (problems.count > 0) throw refused(problems);

      const { inserted, updated } = await spec.apply(trx, scope);
      const result: ImportResult = {
        kind, ok: true, rows: stager.rows, inserted, updated, unchanged: stager.rows - inserted - updated,
        errors: [], errorCount: 0,
      };
      if (opts.dryRun) throw new Rollback(result);
      // Issue 10: invoices and payments (and a customer's grade, which picks its thresholds) move
      // case levels; they move here, in the import's transaction, not at the next scan.
      if (kind !== 'users' && inserted + updated > 0) await refreshCaseLevels(trx, org.id, scope.today, opts.now ? { now: opts.now } : {});

      const file = typeof opts.input === 'string' ? path.basename(opts.input) : null;
      await trx.insertInto('audit_log').values({
        org_id: org.id, actor: 'import', action: `import.${kind}`, subject_type: 'import', subject_id: kind,
        detail: JSON.stringify({ file, rows: result.rows, inserted, updated, unchanged: result.unchanged }),
      }).execute();
      // Jobs pick this up to rescan aging after new invoices or payments.
      await trx.insertInto('case_events').values({
        org_id: org.id, case_id: null, type: 'import.completed', payload: JSON.stringify({ kind, inserted, updated }),
      }).execute();
      return result;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.result;
    throw e;
  }
}

/** Advisory lock namespace of imports (the second key is the org id). */
const IMPORT_LOCK = 0x1d0e1; // arbitrary, fixed

/** Thrown inside the transaction to roll it back and still answer (refused import or dry run). */
class Rollback {
  constructor(readonly result: ImportResult) {}
}

async function readable(file: string): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new DuebotError('not_found', `cannot read ${file}: check the path and its permissions`);
  }
}
