// Instalment plans (issue 10, DOMAIN.md "Promises and plans"; 001: 协调分期还款方案, 003: 协商还款计划):
// a plan is n instalments, each a row of `promises` (plan_id, instalment), so the one allocation
// rule (src/domain/promise-allocation.ts) judges promises and instalments alike.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table plans (
  id               integer generated always as identity primary key,
  org_id           integer not null references orgs(id) on delete cascade,
  case_id          integer not null references cases(id),
  customer_id      integer not null references customers(id),
  record_id        integer references collection_records(id),
  made_by_user_id  integer references users(id),
  instalments      integer not null check (instalments between 2 and 60),
  amount_minor     bigint not null check (amount_minor > 0),
  currency         char(3) not null,
  first_on         date not null,
  every            text not null check (every in ('week', 'month')),
  note             text,
  status           text not null default 'open' check (status in ('open', 'completed', 'cancelled')),
  completed_at     timestamptz,
  created_at       timestamptz not null default now()
);
create index plans_case on plans (org_id, case_id);
create index plans_open on plans (org_id) where status = 'open';
alter table promises add column plan_id integer references plans(id);
alter table promises add column instalment integer check (instalment >= 1);
alter table promises add constraint promises_plan_instalment check ((plan_id is null) = (instalment is null));
create unique index promises_plan_instalment_unique on promises (plan_id, instalment) where plan_id is not null;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
alter table promises drop constraint if exists promises_plan_instalment;
drop index if exists promises_plan_instalment_unique;
alter table promises drop column if exists instalment;
alter table promises drop column if exists plan_id;
drop table if exists plans;
`.execute(db);
}
