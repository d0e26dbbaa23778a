// The sending mark as a claim: a delivery's `claim` counts the times a worker took it for a send.
// A worker marks it 'sending' only when the count is still the one it read, so of two jobs that
// read the same delivery (reconcile's copy after Redis lost the jobs, and the live worker's own)
// exactly one goes on to the platform; the other waits until the winner's call has surely ended.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table deliveries add column claim integer not null default 0;`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table deliveries drop column if exists claim;`.execute(db);
}
