import { Migrator, sql, type Kysely } from 'kysely';
import { migrations } from '../../migrations/index.js';

// Unordered: parallel branches add migrations with reserved numbers, so one may land after a higher one.
/** Applies every pending migration; throws (Migrator returns its error instead of throwing). */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The migrations not applied yet, read without any DDL (a service role that may not create tables
 * can still tell whether the schema is current). No bookkeeping table: all of them.
 */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  let done: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    done = new Set(rows.map((r) => r.name));
  } catch {
    done = new Set();
  }
  return Object.keys(migrations).filter((m) => !done.has(m));
}
