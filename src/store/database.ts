// Opens the system of record: DATABASE_URL when given, else the embedded PostgreSQL. Migrations
// run as the tables' owner (MIGRATION_DATABASE_URL, else DATABASE_URL itself); when the service
// connects as another role, the owner grants it row access after migrating (./service-role.ts).
// The embedded database runs that way too: the owner migrates, the service is `duebot_app`.
import path from 'node:path';
import type { Config } from '../config.js';
import { connect, type Connection } from './connection.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { migrateToLatest, pendingMigrations } from './migrate.js';
import { grantServiceRole, roleOf } from './service-role.js';

export interface OpenDatabase extends Connection {
  /** What the service connects with. */
  url: string;
  embedded: boolean;
}

export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'DUEBOT_HOME'> & Partial<Pick<Config, 'MIGRATION_DATABASE_URL'>>,
  opts: { migrate?: boolean; poolSize?: number } = {}): Promise<OpenDatabase> {
  let url = config.DATABASE_URL;
  let ownerUrl = config.MIGRATION_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const embedded = await startEmbeddedPostgres({ home: path.resolve(config.DUEBOT_HOME) });
    url = embedded.serviceUrl;
    ownerUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  // Migrated before the service connects: a fresh embedded database has no tables to grant yet.
  if (opts.migrate !== false) {
    try {
      await migrateAsOwner(ownerUrl ?? url, url);
    } catch (e) {
      await stopEmbedded?.();
      throw e;
    }
  }
  // A command must hear "try again in a moment" within Slack's 3 s when PostgreSQL hangs (issue 9).
  const conn = connect(url, { max: opts.poolSize, connectTimeoutMs: CONNECT_TIMEOUT_MS });
  try {
    await conn.pool.query('select 1');
  } catch (e) {
    await conn.close();
    await stopEmbedded?.();
    throw new Error(`cannot reach PostgreSQL (${reason(e)}); check DATABASE_URL, e.g. postgres://user:pass@host:5432/duebot`);
  }
  return {
    ...conn,
    url,
    embedded: !config.DATABASE_URL,
    close: async () => { await conn.close(); await stopEmbedded?.(); },
  };
}

/** How long the service waits for a PostgreSQL connection before answering "try again in a moment". */
export const CONNECT_TIMEOUT_MS = 2000;
const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Applies what is pending as the owner, then grants the service role (when it is another role).
 * A service role alone (no MIGRATION_DATABASE_URL) on a current schema runs no DDL at all.
 */
async function migrateAsOwner(ownerUrl: string, serviceUrl: string): Promise<void> {
  const owner = connect(ownerUrl, { max: 2 });
  const which = ownerUrl === serviceUrl ? 'DATABASE_URL' : 'MIGRATION_DATABASE_URL';
  try {
    try {
      await owner.pool.query('select 1');
    } catch (e) {
      throw new Error(`cannot reach PostgreSQL (${reason(e)}); check ${which}, e.g. postgres://user:pass@host:5432/duebot`);
    }
    if ((await pendingMigrations(owner.db)).length > 0) {
      try {
        await migrateToLatest(owner.db);
      } catch (e) {
        throw new Error(`${reason(e)}; migrations need the tables' owner: set MIGRATION_DATABASE_URL to a role that owns them (${which} is used now)`);
      }
    }
    const service = roleOf(serviceUrl);
    if (ownerUrl !== serviceUrl && service !== roleOf(ownerUrl)) await grantServiceRole(owner.db, service);
  } finally {
    await owner.close();
  }
}
