// Supply holds (issue 10, DOMAIN.md "Credit control"; 001: 暂停部分服务或限制账户功能): set by
// finance or a manager with a reason, lifted explicitly, kept as history; the ERP reads the list.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table customer_holds (
  id           integer generated always as identity primary key,
  org_id       integer not null references orgs(id) on delete cascade,
  customer_id  integer not null references customers(id),
  reason       text not null check (length(reason) between 1 and 2000),
  set_by       integer references users(id),
  set_at       timestamptz not null default now(),
  lifted_by    integer references users(id),
  lifted_at    timestamptz,
  lift_note    text
);
-- One hold in force per customer; lifted ones stay as history.
create unique index customer_holds_in_force on customer_holds (org_id, customer_id) where lifted_at is null;
create index customer_holds_org on customer_holds (org_id, id);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists customer_holds`.execute(db);
}
