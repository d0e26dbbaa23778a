// The whole data model. Frozen once landed: later changes are new migrations.
// Every table carries org_id; money is integer minor units (bigint) with a currency.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table orgs (
  id          integer generated always as identity primary key,
  slug        text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name        text not null,
  timezone    text not null default 'Asia/Shanghai',
  currency    char(3) not null default 'CNY',
  locale      text not null default 'zh-CN' check (locale in ('zh-CN', 'en-US')),
  created_at  timestamptz not null default now()
);

-- Org policy: one row per org; numbers default to the documents' (DOMAIN.md).
create table org_policies (
  org_id                 integer primary key references orgs(id) on delete cascade,
  yellow_days            integer not null default 31,   -- 001: 30/60/90 thresholds
  orange_days            integer not null default 61,
  red_days               integer not null default 91,
  pre_due_days           integer not null default 3,
  provision_rates        jsonb not null default '{"not_due":"0","d1_30":"0.02","d31_60":"0.15","d61_90":"0.15","d91_180":"0.5","d180_plus":"1"}',
  high_risk_industries   text[] not null default '{construction,foreign_trade}',
  high_risk_uplift       numeric(6,4) not null default 0.30,
  work_start             time not null default '09:00',
  work_end               time not null default '18:00',
  work_days              integer[] not null default '{1,2,3,4,5}',
  claim_lease_days       integer not null default 5,
  red_response_hours     integer not null default 48,
  escalation_min_written integer not null default 3,
  escalation_min_days    integer not null default 91,
  contact_cap_per_week   integer not null default 5,
  updated_at             timestamptz not null default now()
);

-- Per credit grade / industry overrides of the level thresholds (001: 动态调整预警阈值).
create table level_thresholds (
  id           integer generated always as identity primary key,
  org_id       integer not null references orgs(id) on delete cascade,
  credit_grade char(1) check (credit_grade in ('A','B','C','D')),
  industry     text,
  yellow_days  integer not null,
  orange_days  integer not null,
  red_days     integer not null,
  check (yellow_days < orange_days and orange_days < red_days)
);
create unique index level_thresholds_scope on level_thresholds (org_id, coalesce(credit_grade, ''), lower(coalesce(industry, '')));

create table workspaces (
  id           integer generated always as identity primary key,
  org_id       integer not null references orgs(id) on delete cascade,
  platform     text not null check (platform in ('slack', 'lark')),
  external_id  text not null,
  name         text,
  created_at   timestamptz not null default now(),
  unique (platform, external_id)
);
create index workspaces_org on workspaces (org_id);

create table users (
  id          integer generated always as identity primary key,
  org_id      integer not null references orgs(id) on delete cascade,
  email       text not null,
  name        text not null,
  role        text not null check (role in ('admin', 'manager', 'finance', 'sales', 'legal')),
  region      text,
  timezone    text,
  locale      text check (locale in ('zh-CN', 'en-US')),
  active      boolean not null default true,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
create unique index users_email on users (org_id, lower(email));

create table chat_identities (
  id               integer generated always as identity primary key,
  org_id           integer not null references orgs(id) on delete cascade,
  user_id          integer not null references users(id) on delete cascade,
  platform         text not null check (platform in ('slack', 'lark')),
  external_user_id text not null,
  created_at       timestamptz not null default now(),
  unique (org_id, platform, external_user_id),
  unique (org_id, platform, user_id)
);

create table customers (
  id                  integer generated always as identity primary key,
  org_id              integer not null references orgs(id) on delete cascade,
  code                text not null,
  name                text not null,
  credit_grade        char(1) not null check (credit_grade in ('A','B','C','D')),
  credit_limit_minor  bigint not null check (credit_limit_minor >= 0),
  payment_terms_days  integer not null check (payment_terms_days >= 0),
  industry            text,
  region              text,
  owner_user_id       integer references users(id),
  grade_refreshed_on  date,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  unique (org_id, code)
);
create index customers_name on customers (org_id, lower(name) text_pattern_ops);

create table invoices (
  id              integer generated always as identity primary key,
  org_id          integer not null references orgs(id) on delete cascade,
  customer_id     integer not null references customers(id),
  number          text not null,
  product_line    text,
  region          text,
  currency        char(3) not null,
  amount_minor    bigint not null check (amount_minor > 0),
  paid_minor      bigint not null default 0 check (paid_minor >= 0),
  issued_on       date not null,
  due_on          date not null check (due_on >= issued_on),
  status          text not null default 'open' check (status in ('open', 'paid', 'disputed', 'written_off')),
  disputed_reason text,
  written_off_on  date,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  unique (org_id, number)
);
create index invoices_customer on invoices (org_id, customer_id);
create index invoices_open_due on invoices (org_id, due_on) where status in ('open', 'disputed');

create table payments (
  id           integer generated always as identity primary key,
  org_id       integer not null references orgs(id) on delete cascade,
  invoice_id   integer not null references invoices(id),
  amount_minor bigint not null check (amount_minor > 0),
  paid_on      date not null,
  reference    text,
  import_key   text not null,   -- reference, or invoice|date|amount|occurrence: re-import changes nothing
  created_at   timestamptz not null default now(),
  unique (org_id, import_key)
);
create index payments_invoice on payments (org_id, invoice_id, paid_on);

-- One open case per customer with an overdue balance.
create table cases (
  id              integer generated always as identity primary key,
  org_id          integer not null references orgs(id) on delete cascade,
  customer_id     integer not null references customers(id),
  status          text not null default 'open' check (status in ('open', 'legal', 'closed')),
  stage           text not null default 'primary' check (stage in ('pre', 'primary', 'intermediate', 'advanced', 'legal')),
  level           text check (level in ('yellow', 'orange', 'red')),
  owner_user_id   integer references users(id),
  claimed_at      timestamptz,
  next_action_on  date,
  snoozed_until   date,
  snooze_reason   text,
  last_record_at  timestamptz,
  version         integer not null default 1,   -- bumped on every change; button payloads carry it
  opened_at       timestamptz not null default now(),
  closed_at       timestamptz,
  close_reason    text
);
create unique index cases_one_open on cases (org_id, customer_id) where status <> 'closed';
create index cases_owner on cases (org_id, owner_user_id) where status <> 'closed';

-- Collection records: append-only and hash-chained per org (001: immutable evidence chain).
create table collection_records (
  id               integer generated always as identity primary key,
  org_id           integer not null references orgs(id),
  seq              bigint not null,
  case_id          integer not null references cases(id),
  customer_id      integer not null references customers(id),
  author_user_id   integer references users(id),
  method           text not null check (method in ('call', 'visit', 'email', 'letter', 'sms', 'lawyer_letter', 'note')),
  outcome          text check (outcome in ('reached', 'no_answer', 'promised', 'disputed', 'refused')),
  body             text not null,
  next_action_on   date,
  corrects_id      integer references collection_records(id),
  idempotency_key  text,
  recorded_at      timestamptz not null default date_trunc('milliseconds', now()),
  prev_hash        text not null,
  hash             text not null,
  unique (org_id, seq),
  unique (org_id, idempotency_key)
);
create index collection_records_case on collection_records (org_id, case_id, recorded_at);

create table record_chain_heads (
  org_id     integer primary key references orgs(id) on delete cascade,
  seq        bigint not null,
  hash       text not null
);

-- The digest of a record: the same function serves the insert trigger and audit verify.
create function collection_record_digest(r collection_records) returns text
language sql immutable as $$
  select encode(sha256(convert_to(concat_ws(E'\\x1f',
    r.org_id::text, r.seq::text, r.case_id::text, r.customer_id::text,
    coalesce(r.author_user_id::text, ''), r.method, coalesce(r.outcome, ''), r.body,
    coalesce(r.next_action_on::text, ''), coalesce(r.corrects_id::text, ''),
    to_char(r.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    r.prev_hash), 'UTF8')), 'hex')
$$;

create function collection_records_chain() returns trigger
language plpgsql as $$
declare head record_chain_heads;
begin
  insert into record_chain_heads (org_id, seq, hash)
    values (new.org_id, 0, repeat('0', 64)) on conflict (org_id) do nothing;
  select * into head from record_chain_heads where org_id = new.org_id for update;
  new.seq := head.seq + 1;
  new.prev_hash := head.hash;
  new.recorded_at := date_trunc('milliseconds', coalesce(new.recorded_at, now()));
  new.hash := collection_record_digest(new);
  update record_chain_heads set seq = new.seq, hash = new.hash where org_id = new.org_id;
  return new;
end $$;

create trigger collection_records_chain before insert on collection_records
  for each row execute function collection_records_chain();

create function refuse_change() returns trigger
language plpgsql as $$
begin
  raise exception '% is append-only: % refused (corrections are new records)', tg_table_name, tg_op
    using errcode = 'insufficient_privilege';
end $$;

create trigger collection_records_append_only before update or delete on collection_records
  for each row execute function refuse_change();
create trigger collection_records_no_truncate before truncate on collection_records
  for each statement execute function refuse_change();

create table promises (
  id               integer generated always as identity primary key,
  org_id           integer not null references orgs(id) on delete cascade,
  case_id          integer not null references cases(id),
  customer_id      integer not null references customers(id),
  record_id        integer references collection_records(id),
  made_by_user_id  integer references users(id),
  amount_minor     bigint not null check (amount_minor > 0),
  currency         char(3) not null,
  promised_on      date not null,
  note             text,
  status           text not null default 'pending' check (status in ('pending', 'kept', 'broken', 'cancelled')),
  resolved_at      timestamptz,
  created_at       timestamptz not null default now()
);
create index promises_pending on promises (org_id, promised_on) where status = 'pending';
create index promises_case on promises (org_id, case_id);

-- Escalations to legal and write-off proposals: maker-checker.
create table escalations (
  id               integer generated always as identity primary key,
  org_id           integer not null references orgs(id) on delete cascade,
  case_id          integer not null references cases(id),
  kind             text not null check (kind in ('legal', 'writeoff')),
  invoice_id       integer references invoices(id),
  requested_by     integer not null references users(id),
  reason           text not null,
  override_reason  text,
  missing          jsonb not null default '[]',
  case_version     integer not null,
  balance_minor    bigint not null,
  status           text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'cancelled')),
  decided_by       integer references users(id),
  decision_note    text,
  decided_at       timestamptz,
  created_at       timestamptz not null default now(),
  check (kind <> 'writeoff' or invoice_id is not null)
);
create unique index escalations_one_pending on escalations (org_id, case_id, kind, coalesce(invoice_id, 0)) where status = 'pending';

-- One alert per invoice and level, whatever the retries or workers.
create table alerts_sent (
  id           integer generated always as identity primary key,
  org_id       integer not null references orgs(id) on delete cascade,
  invoice_id   integer not null references invoices(id),
  case_id      integer references cases(id),
  level        text not null check (level in ('yellow', 'orange', 'red')),
  raised_on    date not null,
  created_at   timestamptz not null default now(),
  unique (org_id, invoice_id, level)
);

create table channel_subscriptions (
  id            integer generated always as identity primary key,
  org_id        integer not null references orgs(id) on delete cascade,
  platform      text not null check (platform in ('slack', 'lark', 'console')),
  channel_id    text not null,
  kind          text not null check (kind in ('digest', 'alerts', 'kpi', 'escalations', 'legal')),
  region        text,
  product       text,
  at_time       time,
  weekdays      integer[] not null default '{1,2,3,4,5}',
  created_by    integer references users(id),
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create unique index channel_subscriptions_scope on channel_subscriptions
  (org_id, platform, channel_id, kind, coalesce(region, ''), coalesce(product, ''));

-- What each posted chat message shows, so later updates and thread replies find it.
create table chat_messages (
  id            integer generated always as identity primary key,
  org_id        integer not null references orgs(id) on delete cascade,
  platform      text not null check (platform in ('slack', 'lark', 'console')),
  channel_id    text not null,
  message_id    text not null,
  thread_id     text,
  kind          text not null check (kind in ('alert', 'digest', 'case', 'escalation', 'report', 'reminder', 'kpi', 'other')),
  case_id       integer references cases(id),
  escalation_id integer references escalations(id),
  invoice_id    integer references invoices(id),
  updatable_until timestamptz,
  superseded_by integer references chat_messages(id),
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  unique (platform, channel_id, message_id)
);
create index chat_messages_case on chat_messages (org_id, case_id, kind);

create table targets (
  id           integer generated always as identity primary key,
  org_id       integer not null references orgs(id) on delete cascade,
  scope        text not null check (scope in ('org', 'region', 'owner')),
  scope_value  text not null default '',
  metric       text not null default 'recovery' check (metric in ('recovery')),
  percent      numeric(6,2) not null check (percent > 0 and percent <= 100),
  period       text not null default 'month' check (period in ('month', 'quarter')),
  owner_user_id integer references users(id),
  created_by   integer references users(id),
  created_at   timestamptz not null default now(),
  unique (org_id, scope, scope_value, metric, period)
);

-- Reminders to people: the source of truth that the jobs rebuild from.
create table reminders (
  id          integer generated always as identity primary key,
  org_id      integer not null references orgs(id) on delete cascade,
  kind        text not null,
  user_id     integer references users(id),
  case_id     integer references cases(id),
  promise_id  integer references promises(id),
  escalation_id integer references escalations(id),
  due_at      timestamptz not null,
  status      text not null default 'pending' check (status in ('pending', 'sent', 'cancelled', 'failed')),
  dedupe_key  text not null,
  sent_at     timestamptz,
  created_at  timestamptz not null default now(),
  unique (org_id, dedupe_key)
);
create index reminders_due on reminders (due_at) where status = 'pending';

-- Domain events (outbox): services record what happened; jobs and adapters render it.
create table case_events (
  id          bigint generated always as identity primary key,
  org_id      integer not null references orgs(id) on delete cascade,
  case_id     integer references cases(id),
  type        text not null,
  payload     jsonb not null default '{}',
  created_at  timestamptz not null default now(),
  processed_at timestamptz
);
create index case_events_unprocessed on case_events (id) where processed_at is null;

-- Every outgoing post or update, and each attempt at it.
create table deliveries (
  id           bigint generated always as identity primary key,
  org_id       integer not null references orgs(id) on delete cascade,
  platform     text not null,
  channel_id   text not null,
  kind         text not null,
  case_id      integer references cases(id),
  reminder_id  integer references reminders(id),
  dedupe_key   text,
  status       text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'dropped')),
  attempts     integer not null default 0,
  message_id   text,
  last_error   text,
  reason       text,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  unique (org_id, dedupe_key)
);
create index deliveries_case on deliveries (org_id, case_id);

create table delivery_attempts (
  id           bigint generated always as identity primary key,
  org_id       integer not null references orgs(id) on delete cascade,
  delivery_id  bigint not null references deliveries(id) on delete cascade,
  attempt      integer not null,
  outcome      text not null,
  error_code   text,
  detail       text,
  at           timestamptz not null default now()
);

-- Idempotent actions: a retried or double-clicked action finds its receipt and answers the same.
create table action_receipts (
  org_id      integer not null references orgs(id) on delete cascade,
  key         text not null,
  result      jsonb not null,
  created_at  timestamptz not null default now(),
  primary key (org_id, key)
);

create table audit_log (
  id             bigint generated always as identity primary key,
  org_id         integer not null references orgs(id) on delete cascade,
  actor_user_id  integer references users(id),
  actor          text not null,          -- 'user:<id>', 'cli', 'job:<name>', 'import'
  action         text not null,
  subject_type   text,
  subject_id     text,
  detail         jsonb not null default '{}',
  created_at     timestamptz not null default now()
);
create index audit_log_org on audit_log (org_id, created_at);
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function refuse_change();
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop table if exists audit_log, action_receipts, delivery_attempts, deliveries, case_events, reminders,
  targets, chat_messages, channel_subscriptions, alerts_sent, escalations, promises,
  record_chain_heads, collection_records, cases, payments, invoices, customers, chat_identities,
  users, workspaces, level_thresholds, org_policies, orgs cascade;
drop function if exists collection_records_chain(), collection_record_digest(collection_records), refuse_change();
`.execute(db);
}
