// The org's level-threshold override that fits a customer (001: 動態調整預警閾值): industry beats
// credit grade, both beat either; joined as `o` on a query over customers `c`. One fragment for
// the aging scan and the level refresh, so both judge a customer by the same thresholds.
import { sql, type RawBuilder } from 'kysely';

export function thresholdOverrideJoin(orgId: number): RawBuilder<unknown> {
  return sql`left join lateral (
      select lt.yellow_days, lt.orange_days, lt.red_days from level_thresholds lt
      where lt.org_id = ${orgId}
        and (lt.credit_grade is null or lt.credit_grade = c.credit_grade)
        and (lt.industry is null or lower(lt.industry) = lower(c.industry))
        and (lt.credit_grade is not null or lt.industry is not null)
      order by (case when lt.industry is not null then 2 else 0 end) + (case when lt.credit_grade is not null then 1 else 0 end) desc
      limit 1
    ) o on true`;
}
