// Opens the system of record: DATABASE_URL when given, else the embedded PostgreSQL.
import path from 'node:path';
import type { Config } from '../config.js';
import { connect, type Connection } from './connection.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { migrateToLatest } from './migrate.js';

export interface OpenDatabase extends Connection {
  url: string;
  embedded: boolean;
}

export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'DUEBOT_HOME'>,
  opts: { migrate?: boolean; poolSize?: number } = {}): Promise<OpenDatabase> {
  let url = config.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const embedded = await startEmbeddedPostgres({ home: path.resolve(config.DUEBOT_HOME) });
    url = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const conn = connect(url, { max: opts.poolSize });
  try {
    await conn.pool.query('select 1');
  } catch (e) {
    await conn.close();
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`cannot reach PostgreSQL (${reason}); check DATABASE_URL, e.g. postgres://user:pass@host:5432/duebot`);
  }
  if (opts.migrate !== false) await migrateToLatest(conn.db);
  return {
    ...conn,
    url,
    embedded: !config.DATABASE_URL,
    close: async () => { await conn.close(); await stopEmbedded?.(); },
  };
}
