// The Kysely connection. pg type parsers: int8 → bigint (money), date → 'YYYY-MM-DD' string,
// numeric stays a string (rates are exact decimals, never floats).
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.js';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => BigInt(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
(pg.types.setTypeParser as (oid: number, parse: (v: string) => unknown) => void)(1182 /* date[] */, (v) => v);

export type Db = Kysely<Database>;

export interface Connection {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function connect(databaseUrl: string, opts: { max?: number; connectTimeoutMs?: number } = {}): Connection {
  // connectTimeoutMs: how long to wait for a connection (a new one, or a free one of a full pool);
  // without it a hung server holds every request (pg's default waits forever).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.max ?? 10,
    ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}) });
  pool.on('error', () => { /* idle client lost: the pool replaces it */ });
  // A client checked out of the pool has no error listener (pg-pool removes its idle one), so a
  // server restart between two statements of a transaction ("terminating connection due to
  // administrator command") would be an uncaught 'error' event and kill the process. With this
  // listener the next statement fails as a query error, the transaction rolls back, and the pool
  // drops the dead client (issue 9: a PostgreSQL restart mid-run).
  pool.on('connect', (client) => { client.on('error', () => { /* surfaces as the next query's error */ }); });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}
