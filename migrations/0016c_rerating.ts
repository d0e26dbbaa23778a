// The monthly re-rating (issue 10; DOMAIN.md "Credit control"; 001: 动态评分模型): one review per org
// and month, claimed by the first daily scan of the month on a working day (like the write-off
// review), and the suggestions it made — a customer whose computed grade differs from its current
// one — each decided once by finance or a manager: accepted (the grade changes) or kept.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table rerating_reviews (
  org_id      integer not null references orgs(id) on delete cascade,
  month       date not null check (extract(day from month) = 1),
  as_of       date not null,
  created_at  timestamptz not null default now(),
  primary key (org_id, month)
);
create table rerating_suggestions (
  id              integer generated always as identity primary key,
  org_id          integer not null references orgs(id) on delete cascade,
  customer_id     integer not null references customers(id) on delete cascade,
  month           date not null,
  current_grade   text not null,
  suggested_grade text not null check (suggested_grade in ('A', 'B', 'C', 'D')),
  late_points     smallint not null,
  promise_points  smallint not null,
  overdue_points  smallint not null,
  decision        text check (decision in ('accepted', 'kept')),
  decided_by      integer references users(id),
  decided_at      timestamptz,
  created_at      timestamptz not null default now(),
  unique (org_id, customer_id, month),
  check ((decision is null) = (decided_at is null))
);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists rerating_suggestions; drop table if exists rerating_reviews;`.execute(db);
}
