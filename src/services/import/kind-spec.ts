// What each kind of import supplies to the shared pipeline (index.ts): its staging columns, how a
// row is staged, its cross-row checks and its upsert. All set-based SQL over the staging table.
import { sql, type RawBuilder, type Transaction } from 'kysely';
import { formatMinor } from '../../domain/money.js';
import type { Database } from '../../store/schema.js';
import type { CopyValue } from './copy-in.js';
import { MAX_LISTED, type ImportProblem } from './problems.js';
import type { Cells, ImportKind, RowContext, RowOf } from './row-schemas.js';

export type Trx = Transaction<Database>;

/** The org being imported into. */
export interface ImportScope { orgId: number; currency: string; today: string }

export interface Problems { listed: ImportProblem[]; count: number }

export interface KindSpec<K extends ImportKind> {
  kind: K;
  /** Lines whose first cell starts with `#` are comments (calendars cite their source there). */
  comments?: boolean;
  /** Staging table columns after (line, valid), in COPY order: [name, SQL type]. */
  stageColumns: readonly (readonly [string, string])[];
  /** A row's staging values: all of them when valid, else only its keys (for the cross-row checks). */
  stageValues(cells: Cells, row: RowOf[K] | undefined): CopyValue[];
  /** What row validation needs from the database. */
  rowContext?(trx: Trx, scope: ImportScope): Promise<Partial<RowContext>>;
  /** Cross-row checks against the file and the database, after the rows are staged. */
  check(trx: Trx, scope: ImportScope): Promise<Problems>;
  /** Writes the staged rows; counts rows inserted and rows really changed. */
  apply(trx: Trx, scope: ImportScope): Promise<{ inserted: number; updated: number }>;
}

/**
 * Runs checks that each select (line, col, message, a, b, currency) and returns the first
 * MAX_LISTED problems by line and their total. `{a}` and `{b}` in a message are amounts in minor
 * units of `currency`, formatted here (the minor digits live in src/domain/money.ts).
 */
export async function findProblems(trx: Trx, checks: RawBuilder<unknown>[]): Promise<Problems> {
  const parts = checks.map((c, i) => sql`select ${sql.lit(i)} as ord, c.* from (${c}) c`);
  const { rows } = await sql<{ line: number; col: string; message: string; a: bigint | null; b: bigint | null; currency: string | null; total: bigint }>`
    select line, col, message, a, b, currency, count(*) over () as total
    from (${sql.join(parts, sql` union all `)}) p
    order by line, ord
    limit ${MAX_LISTED}`.execute(trx);
  const money = (v: bigint | null, currency: string | null) => (v === null ? '' : formatMinor(v, currency ?? ''));
  return {
    listed: rows.map((r) => ({
      line: r.line, column: r.col,
      message: r.message.replace('{a}', money(r.a, r.currency)).replace('{b}', money(r.b, r.currency)),
    })),
    count: Number(rows[0]?.total ?? 0),
  };
}

/** Problem columns for a check that names no amount. */
export const NO_AMOUNTS = sql`null::bigint as a, null::bigint as b, null::text as currency`;

/** Rows whose key repeats an earlier row of the file; `keyExpr` is over the staging row `s`. */
export function duplicates(column: string, what: string, keyExpr: RawBuilder<unknown> = sql.ref(`s.${column}`)): RawBuilder<unknown> {
  return sql`
    select line, ${sql.lit(column)} as col,
      format('duplicate %s %s: first on line %s', ${sql.lit(what)}::text, val, first_line) as message, ${NO_AMOUNTS}
    from (
      select s.line, ${sql.ref(`s.${column}`)} as val, min(s.line) over (partition by ${keyExpr}) as first_line
      from import_stage s
      where ${keyExpr} in (select ${keyExpr} from import_stage s where ${keyExpr} is not null group by 1 having count(*) > 1)
    ) d
    where line > first_line`;
}

/** Rows written from which an import refreshes the statistics of the table it wrote. */
const ANALYZE_AFTER_ROWS = 1000;

/**
 * ANALYZE after a bulk write, inside the import's transaction (it counts the transaction's own
 * rows). Autovacuum may take minutes; until then the statements that follow, and the next import
 * into the org (payments after invoices), would be planned as if the new rows were absent.
 */
export async function analyzeAfterBulkWrite(trx: Trx, table: keyof Database, written: { inserted: number; updated: number }): Promise<void> {
  if (written.inserted + written.updated >= ANALYZE_AFTER_ROWS) await sql`analyze ${sql.table(table)}`.execute(trx);
}

/** Counts from `with up as (insert … returning (xmax = 0) as inserted)`: xmax is 0 on a fresh row. */
export async function upsertCounts(trx: Trx, upsert: RawBuilder<unknown>): Promise<{ inserted: number; updated: number }> {
  const { rows } = await sql<{ inserted: bigint; updated: bigint }>`
    with up as (${upsert})
    select count(*) filter (where up.inserted) as inserted, count(*) filter (where not up.inserted) as updated from up`.execute(trx);
  return { inserted: Number(rows[0]!.inserted), updated: Number(rows[0]!.updated) };
}
