// Retention (issue 9, 11): delivery_attempts gets the (org_id, delivery_id) index it is read by;
// the pruning job finds old deliveries, receipts and processed case events per org by age.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create index if not exists delivery_attempts_delivery on delivery_attempts (org_id, delivery_id);
create index if not exists deliveries_org_created on deliveries (org_id, created_at);
create index if not exists action_receipts_org_created on action_receipts (org_id, created_at);
create index if not exists case_events_processed on case_events (org_id, created_at) where processed_at is not null;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop index if exists delivery_attempts_delivery;
drop index if exists deliveries_org_created;
drop index if exists action_receipts_org_created;
drop index if exists case_events_processed;
`.execute(db);
}
