// The monthly write-off review (issue 10; DOMAIN.md "Bad-debt provision": over 180 days the invoice
// enters write-off review; 001: 全额计提并转入核销程序): one row per org and month, claimed by the
// first daily scan of the month on a working day, so the review is posted once however many
// workers scan.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table writeoff_reviews (
  org_id      integer not null references orgs(id) on delete cascade,
  month       date not null check (extract(day from month) = 1),
  as_of       date not null,
  created_at  timestamptz not null default now(),
  primary key (org_id, month)
);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists writeoff_reviews`.execute(db);
}
