// The re-rating signals of each customer over the last 12 months (DOMAIN.md "Credit control"; 001:
// 动态评分模型), exact: the amount-weighted days late of its invoices paid in full in the window (the
// date of the payment that completed each − its due date, early counting 0), its broken promises
// judged from the ledger (promise-outcomes.ts), and its open balance with the part more than 30
// days overdue. Only customers with an invoice issued in the window are rated.
import { sql } from 'kysely';
import { addDays, type IsoDate } from '../../domain/calendar.js';
import { keptAndBroken } from '../../domain/promise-allocation.js';
import { ratingPoints, type RatingPoints, type RatingSignals } from '../../domain/credit.js';
import type { Db } from '../../store/connection.js';
import { promiseOutcomes } from '../reports/promise-outcomes.js';

/** DOMAIN.md: over the last 12 months. */
export const RATING_WINDOW_DAYS = 365;

export interface CustomerRating { customerId: number; grade: string; signals: RatingSignals; points: RatingPoints }

export async function ratingSignals(db: Db, orgId: number, asOf: IsoDate): Promise<CustomerRating[]> {
  const org = await db.selectFrom('orgs').select(['currency', 'timezone']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const currency = org.currency.trim();
  const from = addDays(asOf, -RATING_WINDOW_DAYS);
  const { rows } = await sql<{ id: number; grade: string; late_weighted: string; paid: string; open: string; overdue30: string }>`
    with inv as (
      select i.customer_id, i.amount_minor, i.paid_minor, i.due_on, i.issued_on, i.status,
        (select max(p.paid_on) from payments p where p.org_id = ${orgId} and p.invoice_id = i.id and p.paid_on <= ${asOf}::date) as last_paid
      from invoices i where i.org_id = ${orgId} and i.currency = ${currency} and i.issued_on <= ${asOf}::date
    ),
    paid as (select *, last_paid is not null and paid_minor >= amount_minor and last_paid > ${from}::date as paid_in_window from inv)
    select c.id, c.credit_grade as grade,
      coalesce(sum(amount_minor * greatest(0, last_paid - due_on)) filter (where paid_in_window), 0)::text as late_weighted,
      coalesce(sum(amount_minor) filter (where paid_in_window), 0)::text as paid,
      coalesce(sum(amount_minor - paid_minor) filter (where status in ('open', 'disputed') and amount_minor > paid_minor), 0)::text as open,
      coalesce(sum(amount_minor - paid_minor) filter (where status in ('open', 'disputed') and amount_minor > paid_minor
        and due_on < ${addDays(asOf, -30)}::date), 0)::text as overdue30
    from customers c join paid on paid.customer_id = c.id
    where c.org_id = ${orgId}
    group by c.id
    having bool_or(paid.issued_on > ${from}::date)
    order by c.id`.execute(db);
  if (rows.length === 0) return [];
  const outcomes = await promiseOutcomes(db, orgId, currency, asOf, { customerIds: rows.map((r) => r.id), timezone: org.timezone });
  const broken = new Map(outcomes.map((o) => [o.customerId, keptAndBroken(o.outcomes, addDays(from, 1), asOf).broken]));
  return rows.map((r) => {
    const signals: RatingSignals = { lateWeightedDays: BigInt(r.late_weighted), paidMinor: BigInt(r.paid), brokenPromises: broken.get(r.id) ?? 0,
      overdue30Minor: BigInt(r.overdue30), openMinor: BigInt(r.open) };
    return { customerId: r.id, grade: r.grade.trim(), signals, points: ratingPoints(signals) };
  });
}
