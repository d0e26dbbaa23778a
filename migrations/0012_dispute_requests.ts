// Issue 9 item 5: a dispute by a non-supervisor is a pending request until a supervisor confirms it
// (maker-checker, as for escalation). The invoice stays open (levels, alerts) while it waits.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table invoices add column dispute_requested_by integer references users(id);
alter table invoices add column dispute_requested_reason text;
alter table invoices add column dispute_requested_at timestamptz;
alter table invoices add constraint invoices_dispute_request_whole
  check ((dispute_requested_by is null) = (dispute_requested_reason is null));
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
alter table invoices drop constraint if exists invoices_dispute_request_whole;
alter table invoices drop column if exists dispute_requested_at;
alter table invoices drop column if exists dispute_requested_reason;
alter table invoices drop column if exists dispute_requested_by;
`.execute(db);
}
