// Streams rows into PostgreSQL with COPY … FROM STDIN on the connection of a Kysely transaction.
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { CompiledQuery, type Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';

export type CopyValue = string | number | bigint | boolean | null;

/**
 * Runs `copy <table> (<columns>) from stdin` and pipes `source` (COPY text lines) into it.
 * Kysely has no COPY, and its connection hides the pg client; but pg's `client.query()` accepts
 * any "submittable" (an object with `submit(connection)`: how pg-cursor and pg-copy-streams plug
 * in), and Kysely's PostgresConnection hands `compiledQuery.sql` to `client.query()` unchanged.
 * So the COPY runs inside the transaction, on its pinned connection. The integration tests of the
 * import cover this: a Kysely or pg upgrade that breaks it fails them.
 */
export async function copyIn(trx: Transaction<Database>, table: string, columns: readonly string[],
  source: NodeJS.ReadableStream, ...transforms: NodeJS.ReadWriteStream[]): Promise<void> {
  const copy = copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`);
  const query: CompiledQuery = { ...CompiledQuery.raw(''), sql: copy as unknown as string };
  await trx.executeQuery(query);   // returns at once: pg queued the COPY on the transaction's client
  await pipeline([source, ...transforms, copy]);
}

const SPECIAL = /[\\\t\n\r]/;

/** One line of COPY text format: tab-separated, `\N` for null, backslash escapes. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += '\t';
    if (v === null || v === undefined) { line += '\\N'; continue; }
    const s = typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
    line += SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, escapeChar) : s;
  }
  return `${line}\n`;
}

function escapeChar(c: string): string {
  switch (c) {
    case '\\': return '\\\\';
    case '\t': return '\\t';
    case '\n': return '\\n';
    default: return '\\r';
  }
}
