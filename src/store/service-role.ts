// Two roles (issue 9, item 10): migrations run as the owner of the tables (MIGRATION_DATABASE_URL);
// the service runs as a role that may read and write rows but owns nothing, so it cannot alter a
// table, drop or disable the triggers that keep collection records append-only and chained, or
// replace the digest function. Whoever steals the service's credentials can add records, never
// rewrite them unseen. The owner grants the service role what it needs after every migration.
import { sql, type Kysely } from 'kysely';

/** The role a connection URL logs in as (`postgres://<role>:…@host/db`). */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Row access on every table and sequence of the schema, and nothing more. The migration
 * bookkeeping is readable (the service checks it is up to date) but not writable.
 */
export async function grantServiceRole(owner: Kysely<any>, role: string): Promise<void> {
  const r = sql.id(role);
  await sql`grant usage on schema public to ${r}`.execute(owner);
  await sql`grant select, insert, update, delete on all tables in schema public to ${r}`.execute(owner);
  await sql`grant usage, select on all sequences in schema public to ${r}`.execute(owner);
  await sql`revoke insert, update, delete on kysely_migration, kysely_migration_lock from ${r}`.execute(owner);
}
