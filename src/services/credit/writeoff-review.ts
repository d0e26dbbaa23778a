// The monthly write-off review (issue 10; DOMAIN.md "Bad-debt provision": over 180 days an invoice
// is provided in full and enters write-off review; 001: 全额计提并转入核销程序). On the first working
// day of each month, from the start of the working day, the daily scan claims the month once and
// records a `writeoff.review` event; the outbox posts it to every 'escalations' channel (where
// finance and managers decide write-offs), listing per customer what is over 180 days overdue with
// a Propose write-off button (proposeOverdueWriteoffs).
import { sql } from 'kysely';
import { addDays, isWorkingDay, localParts, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { orgHours } from '../reminders/working-hours.js';

/** 001: more than 180 days overdue enters write-off review. */
export const WRITEOFF_REVIEW_DAYS = 180;
/** Customers listed in one post (each with a button); the rest is a count. */
export const WRITEOFF_REVIEW_LISTED = 20;

export interface WriteoffReviewLine {
  caseId: number; caseVersion: number; customer: { code: string; name: string };
  invoices: number; balanceMinor: bigint; oldestDays: number;
  /** Of those invoices, how many already wait for a manager's decision on a write-off. */
  proposed: number;
}

export interface WriteoffReviewData { asOf: IsoDate; currency: string; customers: WriteoffReviewLine[]; more: number; totalMinor: bigint }

/** Per customer with an open case, its open invoices over 180 days overdue on `asOf`, largest balance first. */
export async function writeoffReviewData(db: Db, orgId: number, asOf: IsoDate): Promise<WriteoffReviewData> {
  const org = await db.selectFrom('orgs').select('currency').where('id', '=', orgId).executeTakeFirstOrThrow();
  const currency = org.currency.trim();
  const cutoff = addDays(asOf, -WRITEOFF_REVIEW_DAYS);
  const { rows } = await sql<{ case_id: number; version: number; code: string; name: string; invoices: number; balance: bigint; oldest: number; proposed: number }>`
    select c.id as case_id, c.version, cu.code, cu.name, count(*)::int as invoices,
      sum(i.amount_minor - i.paid_minor)::bigint as balance, max(${asOf}::date - i.due_on)::int as oldest,
      count(*) filter (where exists (select 1 from escalations e where e.org_id = ${orgId} and e.invoice_id = i.id
        and e.kind = 'writeoff' and e.status = 'pending'))::int as proposed
    from invoices i
    join customers cu on cu.id = i.customer_id and cu.org_id = ${orgId}
    join cases c on c.customer_id = cu.id and c.org_id = ${orgId} and c.status <> 'closed'
    where i.org_id = ${orgId} and i.status in ('open', 'disputed') and i.amount_minor > i.paid_minor
      and i.currency = ${currency} and i.due_on < ${cutoff}::date
    group by c.id, cu.id
    order by balance desc, cu.code`.execute(db);
  const lines = rows.map((r) => ({ caseId: r.case_id, caseVersion: r.version, customer: { code: r.code, name: r.name },
    invoices: r.invoices, balanceMinor: BigInt(r.balance), oldestDays: r.oldest, proposed: r.proposed }));
  return { asOf, currency, customers: lines.slice(0, WRITEOFF_REVIEW_LISTED), more: Math.max(0, lines.length - WRITEOFF_REVIEW_LISTED),
    totalMinor: lines.reduce((s, l) => s + l.balanceMinor, 0n) };
}

/**
 * Claims this month's review on the first working day (of the org's calendar) from the start of
 * the working day, and records its event in the same transaction when anything is over 180 days.
 * True when this call raised it.
 */
export async function raiseWriteoffReview(db: Db, orgId: number, now: Date): Promise<boolean> {
  const org = await orgHours(db, orgId);
  const local = localParts(org.timezone, now);
  if (!isWorkingDay(local.date, { days: org.hours.days, calendar: org.hours.calendar }) || local.minutes < org.hours.start) return false;
  const month = `${local.date.slice(0, 7)}-01`;
  return db.transaction().execute(async (trx) => {
    const claimed = await trx.insertInto('writeoff_reviews').values({ org_id: orgId, month, as_of: local.date })
      .onConflict((oc) => oc.columns(['org_id', 'month']).doNothing()).returning('month').executeTakeFirst();
    if (!claimed) return false;
    // A month with nothing over 180 days is reviewed with nothing to post.
    const cutoff = addDays(local.date, -WRITEOFF_REVIEW_DAYS);
    const any = await trx.selectFrom('invoices').select('id').where('org_id', '=', orgId).where('status', 'in', ['open', 'disputed'])
      .whereRef('amount_minor', '>', 'paid_minor').where('due_on', '<', cutoff).limit(1).executeTakeFirst();
    if (!any) return false;
    await trx.insertInto('case_events').values({ org_id: orgId, case_id: null, type: 'writeoff.review',
      payload: JSON.stringify({ month, asOf: local.date }) }).execute();
    return true;
  });
}
