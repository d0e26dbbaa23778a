// The KPIs of issue 10 beside the ledger sums (DOMAIN.md "More KPIs" and "Credit control"), for the
// whole scope and per group key (report-sql.ts groupSql: the same cuts as every report):
// - rating coverage: customers with an invoice (in the report's currency) issued in the last 12
//   months whose grade was confirmed or changed in the last 90 days ÷ those customers (000: ≥ 90%);
//   a group counts the customers with such an invoice in it; the period does not change it;
// - collection cycle: the average over invoices fully paid in the period of (date of the payment
//   that completed it − due date), early payment counting 0 (000 aims to cut it by 30%);
// - time to claim a red case: the median hours from a case's first red alert, raised in the period,
//   to the first claim after it (cases not claimed yet are not counted); a group is the alert's invoice's.
import { sql } from 'kysely';
import { addDays, type IsoDate } from '../../domain/calendar.js';
import { collectionCycle, ratingCoverage, timeToClaimHours } from '../../domain/kpi.js';
import type { Db } from '../../store/connection.js';
import { RATING_FRESH_DAYS } from '../credit/rating-coverage.js';
import { RATING_WINDOW_DAYS } from '../credit/rerating-signals.js';
import type { KpiFilter } from './kpi-report.js';
import { groupSql } from './report-sql.js';
import type { CollectionFigures, GroupBy } from './types.js';


export interface CollectionFiguresByKey { totals: CollectionFigures; groups: Map<string, CollectionFigures> }

export async function collectionFiguresByKey(db: Db, orgId: number, currency: string, asOf: IsoDate, periodDays: number,
  opts: { by?: GroupBy; filter?: KpiFilter } = {}): Promise<CollectionFiguresByKey> {
  const start = addDays(asOf, -periodDays);
  const g = opts.by ? groupSql(opts.by, true) : undefined;
  const customerJoin = sql`join customers c on c.id = i.customer_id and c.org_id = i.org_id`;
  const key = g ? g.key : sql`null::text`;
  const joins = sql`${customerJoin} ${g ? g.joins : sql``}`;
  const f = opts.filter ?? {};
  const where = sql`${f.region != null ? sql`and lower(coalesce(i.region, '')) = lower(${f.region})` : sql``}
    ${f.product ? sql`and lower(coalesce(i.product_line, '')) = lower(${f.product})` : sql``}`;

  const { rows: coverage } = await sql<{ key: string | null; total_row: boolean; rated: number; customers: number }>`
    select ${g ? sql`${key} as key, grouping(${key}) = 1` : sql`null::text as key, true`} as total_row,
      count(distinct c.id) filter (where c.grade_refreshed_on > ${addDays(asOf, -RATING_FRESH_DAYS)}::date
        and c.grade_refreshed_on <= ${asOf}::date)::int as rated,
      count(distinct c.id)::int as customers
    from invoices i ${joins}
    where i.org_id = ${orgId} and i.currency = ${currency} and i.issued_on > ${addDays(asOf, -RATING_WINDOW_DAYS)}::date and i.issued_on <= ${asOf}::date ${where}
    ${g ? sql`group by grouping sets ((), (${key}))` : sql``}`.execute(db);

  // Only invoices with a payment in the period can have been completed in it; the completing payment is the one whose running total reaches the amount.
  const { rows: paid } = await sql<{ key: string | null; due_on: string; completed_on: string }>`
    with cum as (
      select p.invoice_id, p.paid_on, sum(p.amount_minor) over (partition by p.invoice_id order by p.paid_on, p.id) as running
      from payments p where p.org_id = ${orgId} and p.paid_on <= ${asOf}::date
        and p.invoice_id in (select invoice_id from payments where org_id = ${orgId} and paid_on > ${start}::date and paid_on <= ${asOf}::date)
    ),
    done as (
      select cum.invoice_id, min(cum.paid_on) as completed_on
      from cum join invoices x on x.id = cum.invoice_id and x.org_id = ${orgId} where cum.running >= x.amount_minor group by cum.invoice_id
    )
    select ${key} as key, to_char(i.due_on, 'YYYY-MM-DD') as due_on, to_char(done.completed_on, 'YYYY-MM-DD') as completed_on
    from done join invoices i on i.id = done.invoice_id and i.org_id = ${orgId} ${joins}
    where i.currency = ${currency} and done.completed_on > ${start}::date ${where}`.execute(db);

  const { rows: claims } = await sql<{ key: string | null; alert_at: Date; claimed_at: Date }>`
    with first_red as (
      select distinct on (a.case_id) a.case_id, a.invoice_id, a.created_at, a.raised_on
      from alerts_sent a where a.org_id = ${orgId} and a.level = 'red' and a.case_id is not null
      order by a.case_id, a.created_at, a.id
    )
    select ${key} as key, fr.created_at as alert_at, claim.at as claimed_at
    from first_red fr join invoices i on i.id = fr.invoice_id and i.org_id = ${orgId} ${joins}
    join lateral (
      select min(l.created_at) as at from audit_log l
      where l.org_id = ${orgId} and l.action = 'case.claim' and l.subject_type = 'case' and l.subject_id = fr.case_id::text and l.created_at >= fr.created_at
    ) claim on claim.at is not null
    where i.currency = ${currency} and fr.raised_on > ${start}::date and fr.raised_on <= ${asOf}::date ${where}`.execute(db);

  const figures = (k: string | null | undefined): CollectionFigures => {
    const cov = k === undefined ? coverage.find((r) => r.total_row) : coverage.find((r) => !r.total_row && r.key === k);
    const mine = <T extends { key: string | null }>(rows: T[]) => (k === undefined ? rows : rows.filter((r) => r.key === k));
    return {
      ratingCoverage: cov ? ratingCoverage(cov.rated, cov.customers) : null,
      collectionCycleDays: collectionCycle(mine(paid).map((p) => ({ dueOn: p.due_on, completedOn: p.completed_on }))),
      timeToClaimHours: timeToClaimHours(mine(claims).map((c) => ({ alertAt: new Date(c.alert_at), claimedAt: new Date(c.claimed_at) }))),
    };
  };
  const keys = new Set<string>([...coverage.filter((r) => !r.total_row).map((r) => r.key!), ...paid.map((p) => p.key!), ...claims.map((c) => c.key!)]);
  return { totals: figures(undefined), groups: new Map([...keys].filter((k) => k !== null).map((k) => [k, figures(k)])) };
}
