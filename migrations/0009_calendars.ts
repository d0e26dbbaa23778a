// Business calendars (issue 15): per org, the public holidays and the official make-up workdays
// (调休上班) that override the working week; and how the 48-hour rule counts its hours.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table calendar_days (
  org_id     integer not null references orgs(id) on delete cascade,
  day        date not null,
  kind       text not null check (kind in ('holiday', 'workday')),
  name       text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, day)
);

-- 001: the 48-hour response to a red case, counted in calendar hours (as before) or working hours.
alter table org_policies add column red_response_clock text not null default 'calendar'
  check (red_response_clock in ('calendar', 'working'));
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
alter table org_policies drop column if exists red_response_clock;
drop table if exists calendar_days;
`.execute(db);
}
