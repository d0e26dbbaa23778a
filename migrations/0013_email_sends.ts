// Issue 11: sends to customers go through the delivery pipeline. An `email` delivery names the
// message it sends in a typed column (never in its dedupe key); a message prepared for a preview
// keeps who cancelled it. Everything else the sends need is in 0007b (outbound_messages,
// outbound_attachments, record_delivery_statuses).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table deliveries add column outbound_message_id integer references outbound_messages(id) on delete set null;
create index deliveries_outbound_message on deliveries (org_id, outbound_message_id) where outbound_message_id is not null;
-- The weekly contact cap counts every message sent to a customer (DOMAIN.md: sent or logged).
create index outbound_messages_sent on outbound_messages (org_id, customer_id, updated_at) where status in ('sent', 'undelivered');
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop index if exists outbound_messages_sent;
drop index if exists deliveries_outbound_message;
alter table deliveries drop column if exists outbound_message_id;
`.execute(db);
}
