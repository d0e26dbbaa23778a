// Promise-kept rate from the ledger (DOMAIN.md "Promises and plans"): each customer's promises and
// instalments are judged by promiseStates from its payments, never by a stored decision, so a
// back-dated payment imported later re-decides them.
import { sql } from 'kysely';
import { promiseStates, type PromiseOutcome } from '../../domain/promise-allocation.js';
import type { IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';

export interface CustomerOutcomes { customerId: number; outcomes: PromiseOutcome[] }

/**
 * The outcomes on `asOf` of every promise in `currency` of the org (cancelled ones aside), per
 * customer. Only customers with promises are read, and only their payments dated by asOf.
 */
export async function promiseOutcomes(db: Db, orgId: number, currency: string, asOf: IsoDate,
  opts: { customerIds?: number[]; timezone?: string } = {}): Promise<CustomerOutcomes[]> {
  const only = opts.customerIds ? sql`and p.customer_id = any(${opts.customerIds}::int[])` : sql``;
  const tz = opts.timezone ?? (await db.selectFrom('orgs').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow()).timezone;
  // The day a promise was made is its creation instant's date in the org's time zone.
  const { rows: terms } = await sql<{ id: number; customer_id: number; amount_minor: bigint; promised_on: string; made_on: string }>`
    select p.id, p.customer_id, p.amount_minor, to_char(p.promised_on, 'YYYY-MM-DD') as promised_on,
      to_char((p.created_at at time zone ${tz})::date, 'YYYY-MM-DD') as made_on
    from promises p
    where p.org_id = ${orgId} and p.currency = ${currency} and p.status <> 'cancelled'
      and (p.created_at at time zone ${tz})::date <= ${asOf}::date ${only}
    order by p.customer_id, p.promised_on, p.id`.execute(db);
  if (terms.length === 0) return [];
  const customerIds = [...new Set(terms.map((t) => t.customer_id))];
  const { rows: payments } = await sql<{ customer_id: number; amount_minor: bigint; paid_on: string }>`
    select i.customer_id, pay.amount_minor, to_char(pay.paid_on, 'YYYY-MM-DD') as paid_on
    from payments pay join invoices i on i.id = pay.invoice_id and i.org_id = ${orgId}
    where pay.org_id = ${orgId} and i.customer_id = any(${customerIds}::int[]) and pay.paid_on <= ${asOf}::date
      and i.currency = ${currency}`.execute(db);
  const paid = new Map<number, { amountMinor: bigint; paidOn: string }[]>();
  for (const p of payments) {
    const list = paid.get(p.customer_id) ?? [];
    list.push({ amountMinor: BigInt(p.amount_minor), paidOn: p.paid_on });
    paid.set(p.customer_id, list);
  }
  return customerIds.map((customerId) => ({
    customerId,
    outcomes: promiseStates(terms.filter((t) => t.customer_id === customerId)
      .map((t) => ({ id: t.id, amountMinor: BigInt(t.amount_minor), dueOn: t.promised_on, madeOn: t.made_on })), paid.get(customerId) ?? [], asOf),
  }));
}
