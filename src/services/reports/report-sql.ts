// SQL pieces every report shares: the aging bucket of an invoice, the group key of `--by`, and the
// payments dated after a day (the only ones a report must subtract from invoices.paid_minor).
import { sql, type RawBuilder } from 'kysely';
import { BUCKETS, type Bucket } from '../../domain/aging.js';
import type { GroupBy } from './types.js';

/**
 * The bucket index (into BUCKETS) of an invoice due on `dueOn` as of `asOf`: the boundaries of
 * bucketOf in src/domain/aging.ts (not due, 1–30, 31–60, 61–90, 91–180, >180 days overdue).
 * A small integer groups faster than text.
 */
export function bucketIndexSql(asOf: string, dueOn: RawBuilder<string> = sql`i.due_on`): RawBuilder<number> {
  const days = sql`(${asOf}::date - ${dueOn})`;
  return sql<number>`(case when ${days} <= 0 then 0 when ${days} <= 30 then 1 when ${days} <= 60 then 2
    when ${days} <= 90 then 3 when ${days} <= 180 then 4 else 5 end)`;
}

export function bucketAt(index: number): Bucket {
  const b = BUCKETS[index];
  if (!b) throw new RangeError(`no bucket ${index}`);
  return b;
}

export interface GroupSql {
  key: RawBuilder<string>;
  label: RawBuilder<string | null>;
  /** Joins the key needs, on top of `invoices i`. */
  joins: RawBuilder<unknown>;
}

const customerJoin = sql`join customers c on c.id = i.customer_id and c.org_id = i.org_id`;

/**
 * Group keys (DOMAIN.md: every report can be cut by customer, product line, region and owner):
 * customer → its code (the name rides along as a label), region → the invoice's region,
 * product → the invoice's product line, owner → the customer's owner's email.
 */
export function groupSql(by: GroupBy, hasCustomerJoin: boolean): GroupSql {
  const cust = hasCustomerJoin ? sql`` : customerJoin;
  switch (by) {
    case 'customer':
      return { key: sql`c.code`, label: sql`c.name`, joins: cust };
    case 'owner':
      return {
        key: sql`coalesce(u.email, '(unassigned)')`, label: sql`null::text`,
        joins: sql`${cust} left join users u on u.id = c.owner_user_id and u.org_id = c.org_id`,
      };
    case 'region':
      return { key: sql`coalesce(nullif(i.region, ''), '(none)')`, label: sql`null::text`, joins: sql`` };
    case 'product':
      return { key: sql`coalesce(nullif(i.product_line, ''), '(none)')`, label: sql`null::text`, joins: sql`` };
  }
}

/**
 * Per invoice, the sum of its payments dated after `asOf` (a CTE named after_as_of).
 * invoices.paid_minor holds the sum of all payments (kept by the import), so
 * balance as of asOf = amount − paid_minor + this.
 */
export function paymentsAfterSql(orgId: number, asOf: string): RawBuilder<unknown> {
  return sql`select p.invoice_id, sum(p.amount_minor)::bigint as minor
    from payments p where p.org_id = ${orgId} and p.paid_on > ${asOf}::date group by p.invoice_id`;
}

/** Not written off as of `day` (status 'written_off' with no date counts as written off). */
export function notWrittenOffSql(day: string): RawBuilder<boolean> {
  return sql<boolean>`(i.status <> 'written_off' or i.written_off_on > ${day}::date)`;
}

/**
 * The invoices a report as of `asOf` starts from, in two parts so the big one needs no join:
 * - `current`: every invoice with a balance today (amount − paid_minor > 0), with that balance
 *   as `balance`: one plain pass over invoices, as fast as a bare aggregate;
 * - `later`: only invoices with payments dated after asOf (the after_as_of CTE), with
 *   `now_balance` (what `current` counted) and `balance` (the balance as of asOf), so an
 *   aggregate over `later` corrects `current`: minus the now line, plus the as-of line.
 * Both keep only invoices issued by asOf, not written off by then, in the report's currency.
 * `columns` are extra select items over `i` and the `joins`.
 */
export function asOfSources(orgId: number, asOf: string, currency: string, joins: RawBuilder<unknown>, columns: RawBuilder<unknown>):
  { current: RawBuilder<unknown>; later: RawBuilder<unknown> } {
  const where = sql`i.org_id = ${orgId} and i.currency = ${currency} and i.issued_on <= ${asOf}::date and ${notWrittenOffSql(asOf)}`;
  return {
    current: sql`select ${bucketIndexSql(asOf)} as bucket, ${columns}, i.amount_minor - i.paid_minor as balance
      from invoices i ${joins} where ${where} and i.amount_minor > i.paid_minor`,
    later: sql`select ${bucketIndexSql(asOf)} as bucket, ${columns}, i.amount_minor - i.paid_minor as now_balance,
        i.amount_minor - i.paid_minor + a.minor as balance
      from after_as_of a join invoices i on i.id = a.invoice_id and i.org_id = ${orgId} ${joins} where ${where}`,
  };
}
