// Credit control where people act (issue 10; DOMAIN.md "Credit control"; 001, 003): for the
// customers a digest or an alert shows, whether the open balance (every open invoice, due or not)
// is over the credit limit, whether a grade-D customer has any open balance (D级客户需预付款或抵押担保),
// and whether supply is on hold. One query for any number of customers.
import { sql } from 'kysely';
import { creditWarnings } from '../../domain/credit.js';
import type { Db } from '../../store/connection.js';

export interface CreditFlags {
  /** How far the open balance is over the credit limit; null when within it. */
  overLimitByMinor: bigint | null;
  gradeD: boolean;
  /** A supply hold is in force. */
  hold: boolean;
}

export const hasCreditFlag = (f: CreditFlags | undefined): boolean => !!f && (f.overLimitByMinor !== null || f.gradeD || f.hold);

/** The flags of each customer, by id, in the org's currency (the limit's currency). */
export async function creditFlags(db: Db, orgId: number, customerIds: readonly number[]): Promise<Map<number, CreditFlags>> {
  const out = new Map<number, CreditFlags>();
  if (customerIds.length === 0) return out;
  const { rows } = await sql<{ id: number; credit_grade: string; credit_limit_minor: bigint; open_minor: bigint; on_hold: boolean }>`
    select c.id, c.credit_grade, c.credit_limit_minor,
      coalesce((select sum(i.amount_minor - i.paid_minor) from invoices i
        where i.org_id = ${orgId} and i.customer_id = c.id and i.status in ('open', 'disputed') and i.amount_minor > i.paid_minor
          and i.currency = o.currency), 0)::bigint as open_minor,
      exists (select 1 from customer_holds h where h.org_id = ${orgId} and h.customer_id = c.id and h.lifted_at is null) as on_hold
    from customers c join orgs o on o.id = c.org_id
    where c.org_id = ${orgId} and c.id = any(${[...new Set(customerIds)]}::int[])`.execute(db);
  for (const r of rows) {
    const w = creditWarnings(r.credit_grade, BigInt(r.credit_limit_minor), BigInt(r.open_minor));
    out.set(r.id, { overLimitByMinor: w.overLimitByMinor, gradeD: w.gradeD, hold: r.on_hold });
  }
  return out;
}
