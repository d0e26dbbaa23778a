// Talking to customers (issue 11): templates an org replaces, its remittance details and
// auto-remind switch, the messages prepared and sent (with their exact attachments), and the
// delivery status of the collection records those sends wrote. Records stay append-only: a bounce
// is a new row in record_delivery_statuses, never an update of the record.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table message_templates (
  org_id      integer not null references orgs(id) on delete cascade,
  kind        text not null check (kind in ('courtesy', 'reminder', 'statement', 'final_notice')),
  locale      text not null check (locale in ('zh-CN', 'en-US')),
  source      text not null,
  updated_by  text not null,
  updated_at  timestamptz not null default now(),
  primary key (org_id, kind, locale)
);

-- Per-org settings for messages to customers. Defaults are DOMAIN.md's (ours): auto off, the
-- customer's working hours 09:00-18:00 Monday to Friday.
create table org_messaging (
  org_id              integer primary key references orgs(id) on delete cascade,
  remittance          text,
  auto_remind         boolean not null default false,
  customer_work_start time not null default '09:00',
  customer_work_end   time not null default '18:00',
  customer_work_days  integer[] not null default '{1,2,3,4,5}',
  updated_at          timestamptz not null default now()
);

-- A message to a customer, from preview to send. Its content is fixed when it is prepared, so
-- what was approved is byte for byte what is sent and hashed.
create table outbound_messages (
  id               integer generated always as identity primary key,
  org_id           integer not null references orgs(id) on delete cascade,
  case_id          integer references cases(id),
  customer_id      integer not null references customers(id),
  kind             text not null check (kind in ('courtesy', 'reminder', 'statement', 'final_notice')),
  locale           text not null check (locale in ('zh-CN', 'en-US')),
  recipients       text[] not null,
  reply_to         text,
  subject          text not null,
  html             text not null,
  text_body        text not null,
  status           text not null default 'draft'
                   check (status in ('draft', 'queued', 'sent', 'undelivered', 'cancelled')),
  automatic        boolean not null default false,
  requested_by     integer references users(id),
  approved_by      integer references users(id),
  approved_at      timestamptz,
  override_reason  text,
  not_before       timestamptz,
  message_id       text,
  record_id        integer references collection_records(id),
  smtp_response    text,
  dedupe_key       text,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  unique (org_id, dedupe_key)
);
create index outbound_messages_customer on outbound_messages (org_id, customer_id, created_at);
create index outbound_messages_due on outbound_messages (status, not_before) where status = 'queued';

create table outbound_attachments (
  message_id    integer not null references outbound_messages(id) on delete cascade,
  org_id        integer not null references orgs(id) on delete cascade,
  position      integer not null,
  filename      text not null,
  content_type  text not null,
  data          bytea not null,
  sha256        text not null,
  primary key (message_id, position)
);

create table record_delivery_statuses (
  id          integer generated always as identity primary key,
  org_id      integer not null references orgs(id),
  record_id   integer not null references collection_records(id),
  status      text not null check (status in ('undelivered')),
  reason      text not null,
  created_at  timestamptz not null default now(),
  unique (record_id, status)
);
create trigger record_delivery_statuses_append_only before update or delete on record_delivery_statuses
  for each row execute function refuse_change();
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists record_delivery_statuses, outbound_attachments, outbound_messages, org_messaging, message_templates`.execute(db);
}
