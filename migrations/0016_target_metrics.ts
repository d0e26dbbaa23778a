// Targets on every metric DOMAIN.md "Targets" names (issue 10): recovery rate and CEI in percent,
// collected amount and overdue balance in the org's currency (major units, exact decimal), DSO in
// days; scoped to the org, a region, an owner or a product line. `value` holds the figure of every
// metric; `percent` stays filled for the percent metrics (rows written before this migration
// have only it, and readers take coalesce(value, percent)).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table targets add column value numeric(20,2);
update targets set value = percent;
alter table targets alter column percent drop not null;
alter table targets drop constraint if exists targets_metric_check;
alter table targets add constraint targets_metric_check check (metric in ('recovery', 'collected', 'dso', 'cei', 'overdue'));
alter table targets drop constraint if exists targets_scope_check;
alter table targets add constraint targets_scope_check check (scope in ('org', 'region', 'owner', 'product'));
alter table targets add constraint targets_value_check check (
  coalesce(value, percent) is not null and coalesce(value, percent) > 0
  and (metric not in ('recovery', 'cei') or coalesce(value, percent) <= 100));
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
alter table targets drop constraint if exists targets_value_check;
delete from targets where metric <> 'recovery' or scope = 'product';
alter table targets drop constraint if exists targets_scope_check;
alter table targets add constraint targets_scope_check check (scope in ('org', 'region', 'owner'));
alter table targets drop constraint if exists targets_metric_check;
alter table targets add constraint targets_metric_check check (metric in ('recovery'));
update targets set percent = value where percent is null;
alter table targets alter column percent set not null;
alter table targets drop column if exists value;
`.execute(db);
}
