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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}
