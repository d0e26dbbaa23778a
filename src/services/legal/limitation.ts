// When each open invoice's limitation period (訴訟時效) ends, from the ledger and the records
// (DOMAIN.md "Limitation period"; the rule itself is src/domain/limitation.ts).
// Interruptions gathered here:
// - demand: a written collection record (letter, email, SMS, lawyer's letter) that was delivered —
//   a record whose delivery failed (`collection_record_delivery` says undelivered) counts for nothing;
//   a lawyer's letter stage of the legal track is a demand too;
// - promise: a promise to pay, dated the day it was made;
// - payment: a payment on the invoice (ours);
// - filing: the legal track's `filed` stage.
import { sql } from 'kysely';
import { WRITTEN_METHODS } from '../../domain/escalation-rule.js';
import {
  limitationBucket, limitationClock, limitationWarningDue, type Interruption, type LimitationClock, type LimitationWarning,
} from '../../domain/limitation.js';
import { daysBetween, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';

export interface InvoiceLimitation {
  invoiceId: number; number: string; customerId: number; customerCode: string; customerName: string;
  dueOn: IsoDate; balanceMinor: bigint; currency: string;
  clock: LimitationClock;
}

export interface LimitationQuery {
  orgId: number;
  asOf: IsoDate;
  /** Only this customer's invoices; default every customer's. */
  customerId?: number;
}

interface InvoiceRow {
  id: number; number: string; customer_id: number; code: string; name: string; due_on: string;
  balance: bigint; currency: string;
}
interface InterruptionRow { customer_id: number; invoice_id: number | null; on: string; kind: Interruption['kind']; delivered: boolean }

/** Every open, overdue invoice (as of asOf) with its limitation clock; earliest end first. */
export async function invoiceLimitations(db: Db, q: LimitationQuery): Promise<InvoiceLimitation[]> {
  const org = await db.selectFrom('orgs').innerJoin('org_policies', 'org_policies.org_id', 'orgs.id')
    .select(['orgs.timezone', 'org_policies.limitation_years']).where('orgs.id', '=', q.orgId).executeTakeFirstOrThrow();
  const customerFilter = q.customerId === undefined ? sql`` : sql`and i.customer_id = ${q.customerId}`;
  const { rows: invoices } = await sql<InvoiceRow>`
    select i.id, i.number, i.customer_id, c.code, c.name, i.due_on::text as due_on, i.currency,
      (i.amount_minor - coalesce((select sum(p.amount_minor) from payments p
        where p.org_id = i.org_id and p.invoice_id = i.id and p.paid_on <= ${q.asOf}::date), 0))::bigint as balance
    from invoices i join customers c on c.id = i.customer_id and c.org_id = i.org_id
    where i.org_id = ${q.orgId} ${customerFilter}
      and i.due_on < ${q.asOf}::date and i.issued_on <= ${q.asOf}::date
      and (i.status <> 'written_off' or i.written_off_on > ${q.asOf}::date)`.execute(db);
  const open = invoices.filter((i) => i.balance > 0n);
  if (open.length === 0) return [];

  const customerIds = [...new Set(open.map((i) => i.customer_id))];
  const tz = org.timezone;
  const written = [...WRITTEN_METHODS];
  const { rows: events } = await sql<InterruptionRow>`
    select r.customer_id, null::int as invoice_id, (r.recorded_at at time zone ${tz})::date::text as "on",
      'demand' as kind, ${deliveredSql()} as delivered
    from collection_records r
    where r.org_id = ${q.orgId} and r.customer_id = any(${customerIds}::int[]) and r.method = any(${written}::text[])
      and (r.recorded_at at time zone ${tz})::date <= ${q.asOf}::date
    union all
    select m.customer_id, null, m.moved_on::text, case m.stage when 'filed' then 'filing' else 'demand' end, true
    from legal_moves m
    where m.org_id = ${q.orgId} and m.customer_id = any(${customerIds}::int[]) and m.stage in ('letter', 'filed')
      and m.moved_on <= ${q.asOf}::date
    union all
    select pr.customer_id, null, (pr.created_at at time zone ${tz})::date::text, 'promise', true
    from promises pr
    where pr.org_id = ${q.orgId} and pr.customer_id = any(${customerIds}::int[]) and pr.status <> 'cancelled'
      and (pr.created_at at time zone ${tz})::date <= ${q.asOf}::date
    union all
    select i.customer_id, p.invoice_id, p.paid_on::text, 'payment', true
    from payments p join invoices i on i.id = p.invoice_id and i.org_id = p.org_id
    where p.org_id = ${q.orgId} and i.customer_id = any(${customerIds}::int[]) and p.paid_on <= ${q.asOf}::date`.execute(db);

  const byCustomer = new Map<number, Interruption[]>();
  for (const e of events) {
    const list = byCustomer.get(e.customer_id) ?? [];
    list.push({ on: e.on, kind: e.kind, invoiceId: e.invoice_id, delivered: e.delivered });
    byCustomer.set(e.customer_id, list);
  }
  const policy = { years: org.limitation_years };
  return open.map((i) => ({
    invoiceId: i.id, number: i.number, customerId: i.customer_id, customerCode: i.code, customerName: i.name,
    dueOn: i.due_on, balanceMinor: i.balance, currency: i.currency,
    clock: limitationClock({ id: i.id, dueOn: i.due_on }, byCustomer.get(i.customer_id) ?? [], policy),
  })).sort((a, b) => (a.clock.endsOn < b.clock.endsOn ? -1 : a.clock.endsOn > b.clock.endsOn ? 1 : a.invoiceId - b.invoiceId));
}

/**
 * Whether a written record's delivery stands (DOMAIN.md: a demand counts only when its delivery is
 * recorded). Records are append-only, so a bounce is written beside the record, never into it: an
 * email the SMTP server refused has an 'undelivered' row in record_delivery_statuses (issue 11).
 * A record logged by a person stands as delivered (they say it was sent).
 */
function deliveredSql() {
  return sql<boolean>`not exists (select 1 from record_delivery_statuses s
    where s.org_id = r.org_id and s.record_id = r.id and s.status = 'undelivered')`;
}

export type LimitationWindow = 'lapsed' | 'd30' | 'd90' | 'd180';
export const LIMITATION_WINDOWS: readonly LimitationWindow[] = ['lapsed', 'd30', 'd90', 'd180'];

export interface LimitationLine {
  invoice: string; customer: string; dueOn: IsoDate; endsOn: IsoDate; daysLeft: number; balanceMinor: bigint;
}

/**
 * The aging report's `limitation` section: open invoices in `currency` whose period has lapsed or
 * ends within 30, 90 or 180 days of asOf (each invoice in the tightest window only).
 */
export async function limitationSection(db: Db, q: LimitationQuery & { currency: string }):
  Promise<Record<LimitationWindow, LimitationLine[]>> {
  const section: Record<LimitationWindow, LimitationLine[]> = { lapsed: [], d30: [], d90: [], d180: [] };
  for (const l of await invoiceLimitations(db, q)) {
    if (l.currency !== q.currency) continue;
    const bucket = limitationBucket(l.clock, q.asOf);
    if (!bucket) continue;
    section[bucket].push({ invoice: l.number, customer: l.customerCode, dueOn: l.dueOn, endsOn: l.clock.endsOn,
      daysLeft: daysBetween(q.asOf, l.clock.endsOn), balanceMinor: l.balanceMinor });
  }
  return section;
}

export interface LimitationWarningRaised {
  invoiceId: number; number: string; customerId: number; customerCode: string; caseId: number | null;
  endsOn: IsoDate; daysLeft: number; threshold: LimitationWarning;
}

/**
 * The daily pass: for each open invoice whose period ends within 180, 90 or 30 days, the tightest
 * threshold reached is claimed once (limitation_warnings' key: invoice, end date, threshold) and a
 * `limitation.warning` event written in the same transaction, so whatever the retries and workers,
 * each warning is raised once and never lost. An interruption moves the end date: the new period
 * warns again when its time comes. Lapsed periods warn no more.
 */
export async function raiseLimitationWarnings(db: Db, orgId: number, asOf: IsoDate): Promise<LimitationWarningRaised[]> {
  const due = (await invoiceLimitations(db, { orgId, asOf }))
    .map((l) => ({ l, threshold: limitationWarningDue(l.clock, asOf) }))
    .filter((x): x is { l: InvoiceLimitation; threshold: LimitationWarning } => x.threshold !== null);
  if (due.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const raised: LimitationWarningRaised[] = [];
    for (const { l, threshold } of due) {
      const claimed = await trx.insertInto('limitation_warnings')
        .values({ org_id: orgId, invoice_id: l.invoiceId, ends_on: l.clock.endsOn, threshold })
        .onConflict((oc) => oc.doNothing()).returning('invoice_id').executeTakeFirst();
      if (!claimed) continue;
      // Tighter thresholds reached at once (a first run 20 days before the end) leave the looser ones unsaid.
      const kase = await trx.selectFrom('cases').select('id').where('org_id', '=', orgId).where('customer_id', '=', l.customerId)
        .where('status', '<>', 'closed').orderBy('id', 'desc').executeTakeFirst();
      const w: LimitationWarningRaised = { invoiceId: l.invoiceId, number: l.number, customerId: l.customerId, customerCode: l.customerCode,
        caseId: kase?.id ?? null, endsOn: l.clock.endsOn, daysLeft: daysBetween(asOf, l.clock.endsOn), threshold };
      await trx.insertInto('case_events').values({ org_id: orgId, case_id: w.caseId, type: 'limitation.warning',
        payload: JSON.stringify({ ...w, customerName: l.customerName, balanceMinor: l.balanceMinor.toString(), currency: l.currency }) }).execute();
      await trx.insertInto('audit_log').values({ org_id: orgId, actor_user_id: null, actor: 'job:limitation', action: 'limitation.warning',
        subject_type: 'invoice', subject_id: String(l.invoiceId), detail: JSON.stringify({ endsOn: w.endsOn, threshold }) }).execute();
      raised.push(w);
    }
    return raised;
  });
}
