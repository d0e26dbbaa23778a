// A flagged target asks for a remediation plan (issue 10; DOMAIN.md "Targets"; 001: 低于目标值80%…
// 提交整改方案并限期跟进): one flag per target and period, claimed by the first weekly KPI run that
// finds it under 80%, so the ask and its 7-day follow-up go once however many workers run. The
// plan (who, what, by when) is recorded on the flag; the achievement at the flag, as an exact
// fraction, lets the follow-up say whether the metric moved.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table target_flags (
  id                 integer generated always as identity primary key,
  org_id             integer not null references orgs(id) on delete cascade,
  target_id          integer not null references targets(id) on delete cascade,
  period_start       date not null,
  flagged_on         date not null,
  achievement_num    numeric not null,
  achievement_den    numeric not null check (achievement_den > 0),
  asked_user_ids     integer[] not null default '{}',
  follow_up_on       date not null,
  plan_owner_user_id integer references users(id),
  plan_action        text check (plan_action is null or length(plan_action) between 1 and 2000),
  plan_due_on        date,
  plan_by_user_id    integer references users(id),
  plan_at            timestamptz,
  created_at         timestamptz not null default now(),
  unique (org_id, target_id, period_start),
  check ((plan_at is null) = (plan_action is null))
);
alter table reminders add column target_flag_id integer references target_flags(id) on delete cascade;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
alter table reminders drop column if exists target_flag_id;
drop table if exists target_flags;
`.execute(db);
}
