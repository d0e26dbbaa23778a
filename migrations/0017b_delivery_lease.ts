// A claimed delivery's lease: until when the worker that claimed it may still be in its platform
// or SMTP call. The worker renews it while its call runs (an SMTP conversation can outlast any
// fixed bound) and clears it when the call has ended; nobody else claims the delivery, and
// reconcile does not hand it on, before the lease has lapsed. Rows 'sending' now get the bound that
// applied until this migration: 60 s after their last write.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table deliveries add column lease_until timestamptz;
update deliveries set lease_until = updated_at + interval '60 seconds' where status = 'sending';
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table deliveries drop column if exists lease_until;`.execute(db);
}
