// customers.csv: code, name, credit_grade, credit_limit, payment_terms_days, industry?, region?, owner_email?
// Upsert by code; owner_email → the org's user with that email (users are imported first).
import { sql } from 'kysely';
import { key } from './csv-stage.js';
import { analyzeAfterBulkWrite, duplicates, findProblems, NO_AMOUNTS, upsertCounts, type KindSpec } from './kind-spec.js';

export const customers: KindSpec<'customers'> = {
  kind: 'customers',
  stageColumns: [['code', 'text'], ['name', 'text'], ['credit_grade', 'text'], ['credit_limit_minor', 'bigint'],
    ['payment_terms_days', 'integer'], ['industry', 'text'], ['region', 'text'], ['owner_email', 'text']],

  stageValues: (cells, r) => (r
    ? [r.code, r.name, r.credit_grade, r.credit_limit, r.payment_terms_days, r.industry, r.region, r.owner_email]
    : [key(cells.code), null, null, null, null, null, null, key(cells.owner_email)]),

  check: (trx, { orgId }) => findProblems(trx, [
    duplicates('code', 'customer code'),
    sql`select s.line, 'owner_email' as col, format('unknown user %s: import users first', s.owner_email) as message, ${NO_AMOUNTS}
        from import_stage s
        where s.owner_email is not null
          and not exists (select 1 from users u where u.org_id = ${orgId} and lower(u.email) = lower(s.owner_email))`,
  ]),

  // A grade counts as refreshed (credit-rating coverage, DOMAIN.md KPIs) when it is first set or changes.
  apply: async (trx, { orgId, today }) => {
    const counts = await upsertCounts(trx, sql`
      insert into customers as c (org_id, code, name, credit_grade, credit_limit_minor, payment_terms_days, industry, region,
        owner_user_id, grade_refreshed_on)
      select ${orgId}, s.code, s.name, s.credit_grade, s.credit_limit_minor, s.payment_terms_days, s.industry, s.region,
        u.id, ${today}::date
      from import_stage s left join users u on u.org_id = ${orgId} and lower(u.email) = lower(s.owner_email)
      on conflict (org_id, code) do update set
        name = excluded.name, credit_grade = excluded.credit_grade, credit_limit_minor = excluded.credit_limit_minor,
        payment_terms_days = excluded.payment_terms_days, industry = excluded.industry, region = excluded.region,
        owner_user_id = excluded.owner_user_id,
        grade_refreshed_on = case when c.credit_grade is distinct from excluded.credit_grade
                                  then excluded.grade_refreshed_on else c.grade_refreshed_on end,
        updated_at = now()
      where (c.name, c.credit_grade, c.credit_limit_minor, c.payment_terms_days, c.industry, c.region, c.owner_user_id)
        is distinct from (excluded.name, excluded.credit_grade, excluded.credit_limit_minor, excluded.payment_terms_days,
                          excluded.industry, excluded.region, excluded.owner_user_id)
      returning (xmax = 0) as inserted`);
    await analyzeAfterBulkWrite(trx, 'customers', counts);
    return counts;
  },
};
