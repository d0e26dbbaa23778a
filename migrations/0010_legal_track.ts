// The legal track: the limitation period per org, litigation stages, collection agencies, and the
// limitation warnings sent (once per invoice, end date and threshold, whatever the workers).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table org_policies add column limitation_years integer not null default 3 check (limitation_years between 1 and 30);

alter table cases add column legal_stage text check (legal_stage in
  ('letter', 'mediation', 'filed', 'preservation', 'judgment', 'enforcement', 'closed'));

-- Each move is also a collection record (record_id), so it is in the hash chain.
create table legal_moves (
  id               integer generated always as identity primary key,
  org_id           integer not null references orgs(id) on delete cascade,
  case_id          integer not null references cases(id),
  customer_id      integer not null references customers(id),
  stage            text not null check (stage in ('letter', 'mediation', 'filed', 'preservation', 'judgment', 'enforcement', 'closed')),
  result           text check (result in ('recovered', 'uncollectable')),
  recovered_minor  bigint check (recovered_minor >= 0),
  record_id        integer not null references collection_records(id),
  moved_by         integer references users(id),
  moved_on         date not null,
  created_at       timestamptz not null default now(),
  check (stage <> 'closed' or result is not null)
);
create index legal_moves_case on legal_moves (org_id, case_id, id);
create trigger legal_moves_append_only before update or delete on legal_moves
  for each row execute function refuse_change();

create table agencies (
  id          integer generated always as identity primary key,
  org_id      integer not null references orgs(id) on delete cascade,
  name        text not null,
  fee_share   numeric(6,4) not null check (fee_share >= 0 and fee_share <= 1),
  active      boolean not null default true,
  created_at  timestamptz not null default now(),
  unique (org_id, name)
);

alter table escalations drop constraint escalations_kind_check;
alter table escalations add constraint escalations_kind_check check (kind in ('legal', 'writeoff', 'agency'));
alter table escalations add column agency_id integer references agencies(id);
alter table escalations add constraint escalations_agency_named check (kind <> 'agency' or agency_id is not null);

-- A case with an agency from the approval until it is recalled (until_on null: still there).
create table case_agencies (
  id             integer generated always as identity primary key,
  org_id         integer not null references orgs(id) on delete cascade,
  case_id        integer not null references cases(id),
  agency_id      integer not null references agencies(id),
  escalation_id  integer references escalations(id),
  fee_share      numeric(6,4) not null,
  from_on        date not null,
  until_on       date,
  created_at     timestamptz not null default now()
);
create unique index case_agencies_one_open on case_agencies (org_id, case_id) where until_on is null;

create table limitation_warnings (
  org_id      integer not null references orgs(id) on delete cascade,
  invoice_id  integer not null references invoices(id),
  ends_on     date not null,
  threshold   integer not null check (threshold in (180, 90, 30)),
  created_at  timestamptz not null default now(),
  primary key (org_id, invoice_id, ends_on, threshold)
);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop table if exists limitation_warnings, case_agencies, legal_moves cascade;
alter table escalations drop constraint if exists escalations_agency_named;
alter table escalations drop column if exists agency_id;
drop table if exists agencies cascade;
alter table escalations drop constraint escalations_kind_check;
alter table escalations add constraint escalations_kind_check check (kind in ('legal', 'writeoff'));
alter table cases drop column if exists legal_stage;
alter table org_policies drop column if exists limitation_years;
`.execute(db);
}
