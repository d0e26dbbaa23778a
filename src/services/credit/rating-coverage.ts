// Rating coverage (DOMAIN.md "Credit control"; 000: ≥ 90%) = customers with an invoice in the last
// 12 months whose grade was confirmed or changed in the last 90 days ÷ those customers.
import { sql } from 'kysely';
import { addDays, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { RATING_WINDOW_DAYS } from './rerating-signals.js';

/** DOMAIN.md: a grade confirmed or changed in the last 90 days counts. */
export const RATING_FRESH_DAYS = 90;

export interface RatingCoverage { rated: number; customers: number }

export async function ratingCoverageOf(db: Db, orgId: number, asOf: IsoDate): Promise<RatingCoverage> {
  const { rows } = await sql<{ rated: number; customers: number }>`
    select count(*) filter (where c.grade_refreshed_on > ${addDays(asOf, -RATING_FRESH_DAYS)}::date and c.grade_refreshed_on <= ${asOf}::date)::int as rated,
      count(*)::int as customers
    from customers c
    where c.org_id = ${orgId} and exists (select 1 from invoices i where i.org_id = ${orgId} and i.customer_id = c.id
      and i.issued_on > ${addDays(asOf, -RATING_WINDOW_DAYS)}::date and i.issued_on <= ${asOf}::date)`.execute(db);
  return rows[0] ?? { rated: 0, customers: 0 };
}
