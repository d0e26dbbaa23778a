// Issue 8: a delivery says what it is about in typed columns (the subscription, the case event,
// the chat message, the person, the local date) instead of parts of its dedupe key read back by
// position; dedupe_key stays the idempotency key and is never parsed again. A delivery is marked
// 'sending' before the platform call, so an unknown outcome is looked up before sending again.
// The chat layer's thread lines ('case_event') and the jobs' ('thread') are one kind now.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table deliveries
  add column subscription_id integer,
  add column case_event_id   bigint references case_events(id) on delete set null,
  add column chat_message_id integer references chat_messages(id) on delete set null,
  add column user_id         integer references users(id),
  add column local_date      date,
  add column sending_at      timestamptz;
alter table deliveries drop constraint if exists deliveries_status_check;
alter table deliveries add constraint deliveries_status_check check (status in ('queued', 'sending', 'sent', 'failed', 'dropped'));

-- The rows written before: their dedupe keys, read back one last time.
update deliveries set subscription_id = split_part(dedupe_key, ':', 2)::int, local_date = split_part(dedupe_key, ':', 3)::date
  where kind in ('digest', 'kpi');
update deliveries set case_event_id = split_part(dedupe_key, ':', 2)::bigint, subscription_id = split_part(dedupe_key, ':', 3)::int
  where kind in ('alert', 'escalation_request', 'legal');
update deliveries set case_event_id = split_part(dedupe_key, ':', 2)::bigint, chat_message_id = split_part(dedupe_key, ':', 3)::int
  where kind in ('thread', 'case_event', 'escalation_decision');
update deliveries set chat_message_id = split_part(dedupe_key, ':', 2)::int where kind = 'update';
update deliveries set case_event_id = split_part(dedupe_key, ':', 2)::bigint, user_id = split_part(dedupe_key, ':', 3)::int where kind = 'dm';
update deliveries set kind = 'thread' where kind = 'case_event';

-- Updates of one message coalesce: the newest queued one is found by its message.
create index deliveries_chat_message on deliveries (org_id, chat_message_id, id) where kind = 'update' and status = 'queued';
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop index if exists deliveries_chat_message;
update deliveries set status = 'queued' where status = 'sending';
alter table deliveries drop constraint if exists deliveries_status_check;
alter table deliveries add constraint deliveries_status_check check (status in ('queued', 'sent', 'failed', 'dropped'));
alter table deliveries drop column subscription_id, drop column case_event_id, drop column chat_message_id,
  drop column user_id, drop column local_date, drop column sending_at;
`.execute(db);
}
