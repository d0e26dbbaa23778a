// users.csv: email, name, role, region?, timezone?, slack_user_id?, lark_open_id?, active?
// Upsert by email (case-insensitive); the chat ids become chat_identities (platform slack / lark).
import { sql } from 'kysely';
import { offerCasesOfImportedLeavers } from '../people/deactivate-user.js';
import { key } from './csv-stage.js';
import { analyzeAfterBulkWrite, duplicates, findProblems, NO_AMOUNTS, type KindSpec } from './kind-spec.js';

export const users: KindSpec<'users'> = {
  kind: 'users',
  stageColumns: [['email', 'text'], ['name', 'text'], ['role', 'text'], ['region', 'text'], ['timezone', 'text'],
    ['slack_user_id', 'text'], ['lark_open_id', 'text'], ['active', 'boolean']],

  stageValues: (cells, r) => (r
    ? [r.email, r.name, r.role, r.region, r.timezone, r.slack_user_id, r.lark_open_id, r.active]
    : [key(cells.email), null, null, null, null, key(cells.slack_user_id), key(cells.lark_open_id), null]),

  check: (trx, { orgId }) => findProblems(trx, [
    duplicates('email', 'email', sql`lower(s.email)`),
    duplicates('slack_user_id', 'Slack user id'),
    duplicates('lark_open_id', 'Lark open_id'),
    sql`select s.line, p.col, format('%s is already linked to %s', p.external_user_id, u.email) as message, ${NO_AMOUNTS}
        from import_stage s
        cross join lateral (values ('slack', 'slack_user_id', s.slack_user_id), ('lark', 'lark_open_id', s.lark_open_id))
          as p (platform, col, external_user_id)
        join chat_identities ci on ci.org_id = ${orgId} and ci.platform = p.platform and ci.external_user_id = p.external_user_id
        join users u on u.id = ci.user_id
        where lower(u.email) <> lower(s.email)`,
  ]),

  apply: async (trx, { orgId }) => {
    // A user counts once: inserted, or updated when the user row or one of its chat ids changed.
    await sql`create temp table import_touched (id integer not null, inserted boolean not null) on commit drop`.execute(trx);
    // People this file marks as having left (active → false): their cases are offered below (issue 15).
    const leavers = await sql<{ id: number }>`
      select u.id from import_stage s join users u on u.org_id = ${orgId} and lower(u.email) = lower(s.email)
      where s.active = false and u.active`.execute(trx);
    await sql`
      with up as (
        insert into users as u (org_id, email, name, role, region, timezone)
        select ${orgId}, s.email, s.name, s.role, s.region, s.timezone from import_stage s
        on conflict (org_id, lower(email)) do update set
          email = excluded.email, name = excluded.name, role = excluded.role, region = excluded.region,
          timezone = excluded.timezone, updated_at = now()
        where (u.email, u.name, u.role, u.region, u.timezone)
          is distinct from (excluded.email, excluded.name, excluded.role, excluded.region, excluded.timezone)
        returning u.id, (xmax = 0) as inserted)
      insert into import_touched (id, inserted) select id, inserted from up`.execute(trx);
    // `active`: false marks a person who left, true brings them back; an empty cell changes nothing.
    await sql`
      with up as (
        update users u set active = s.active, deactivated_at = case when s.active then null else now() end, updated_at = now()
        from import_stage s
        where u.org_id = ${orgId} and lower(u.email) = lower(s.email) and s.active is not null and u.active <> s.active
        returning u.id)
      insert into import_touched (id, inserted) select id, false from up`.execute(trx);
    await offerCasesOfImportedLeavers(trx, orgId, leavers.rows.map((r) => r.id), new Date());
    // An empty chat id cell leaves an existing identity alone (nothing is deleted by an import).
    await sql`
      with up as (
        insert into chat_identities as ci (org_id, user_id, platform, external_user_id)
        select ${orgId}, u.id, p.platform, p.external_user_id
        from import_stage s
        join users u on u.org_id = ${orgId} and lower(u.email) = lower(s.email)
        cross join lateral (values ('slack', s.slack_user_id), ('lark', s.lark_open_id)) as p (platform, external_user_id)
        where p.external_user_id is not null
        on conflict (org_id, platform, user_id) do update set external_user_id = excluded.external_user_id, linked_by = 'admin'
        where (ci.external_user_id, ci.linked_by) is distinct from (excluded.external_user_id, 'admin')
        returning ci.user_id)
      insert into import_touched (id, inserted) select user_id, false from up`.execute(trx);
    const { rows } = await sql<{ inserted: bigint; updated: bigint }>`
      select count(*) filter (where t.inserted) as inserted, count(*) filter (where not t.inserted) as updated
      from (select id, bool_or(inserted) as inserted from import_touched group by id) t`.execute(trx);
    const counts = { inserted: Number(rows[0]!.inserted), updated: Number(rows[0]!.updated) };
    await analyzeAfterBulkWrite(trx, 'users', counts);
    await analyzeAfterBulkWrite(trx, 'chat_identities', counts);
    return counts;
  },
};
