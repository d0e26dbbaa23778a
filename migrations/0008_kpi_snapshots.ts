// Weekly KPI snapshots (issue 13): one row per org, region ('' = the whole org), currency and week,
// as of the week's last day (Sunday, in the org's time zone), so trends read history instead of
// recomputing twelve weeks of the ledger for every chart.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table kpi_snapshots (
      org_id                 integer not null references orgs(id) on delete cascade,
      region                 text not null default '',
      currency               text not null,
      week_ending            date not null,
      period_days            integer not null check (period_days > 0),
      ar_balance_minor       bigint not null,
      overdue_balance_minor  bigint not null,
      dso                    numeric,
      cei                    numeric,
      recovery_rate          numeric,
      bad_debt_rate          numeric,
      promise_kept_rate      numeric,
      source                 text not null check (source in ('job', 'backfill')),
      created_at             timestamptz not null default now(),
      primary key (org_id, region, currency, week_ending)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists kpi_snapshots`.execute(db);
}
