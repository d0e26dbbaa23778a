// Read-only views of cases: the case card, my cases, pending escalations. SQL aggregates, bounded lists.
import { sql } from 'kysely';
import { DuebotError } from '../../errors.js';
import { bucketOf, daysOverdue, levelOf, thresholdsFor, type Bucket, type Level } from '../../domain/aging.js';
import type { IsoDate } from '../../domain/calendar.js';
import { checkCredit, creditWarnings, type CreditCheck, type CreditWarnings, type Grade } from '../../domain/credit.js';
import { holdOf, type HoldView } from '../credit/customer-hold.js';
import { caseLegal, type CaseLegal } from '../legal/case-legal.js';
import type { Db } from '../../store/connection.js';
import type { Case, InvoiceStatus, Method, Outcome } from '../../store/schema.js';
import type { Actor } from '../identity.js';
import { loadOrgContext, resolveToday } from './case-command.js';
import { caseLineQuery, toCaseSummary } from './case-lines.js';
import { escalationQuery, toEscalationSummary, type EscalationSummary } from './escalation-summary.js';
import { findCustomer } from './find-customer.js';
import { contactsThisWeek, type ContactCount } from './log-record.js';
import type { CaseSummary } from './open-case.js';
import type { PromiseSummary } from './promise-to-pay.js';
import type { Locale } from '../../domain/locale.js';

const MAX_INVOICES = 50;
const MAX_RECORDS = 10;
const MAX_PROMISES = 10;

export interface InvoiceLine {
  id: number; number: string; productLine: string | null; region: string | null; currency: string;
  amountMinor: bigint; paidMinor: bigint; balanceMinor: bigint; issuedOn: IsoDate; dueOn: IsoDate;
  status: InvoiceStatus; disputedReason: string | null;
  /** Negative: not yet due. */
  daysOverdue: number; bucket: Bucket;
  /** Null for disputed invoices: they raise no alert. */
  level: Level | null;
}

export interface RecordLine {
  id: number; seq: bigint; method: Method; outcome: Outcome | null; body: string; nextActionOn: IsoDate | null;
  author: { id: number; name: string } | null; recordedAt: string; hash: string;
}

export interface CaseDetail {
  today: IsoDate;
  currency: string;
  /** The org's time zone: dates shown to people are dates there. */
  timezone: string;
  customer: {
    id: number; code: string; name: string; creditGrade: Grade; creditLimitMinor: bigint; paymentTermsDays: number;
    industry: string | null; region: string | null; owner: { id: number; name: string } | null;
  };
  /** Null when the customer has no open case (nothing overdue yet, or not opened by the jobs yet). */
  case: (CaseSummary & { claimedAt: string | null; lastRecordAt: string | null; openedAt: string; snoozeReason: string | null }) | null;
  /** Open invoices, oldest due first (at most 50; `totals.openCount` has them all). */
  invoices: InvoiceLine[];
  totals: { openCount: number; openMinor: bigint; overdueMinor: bigint; level: Level | null; maxDaysOverdue: number };
  credit: CreditCheck;
  creditWarnings: CreditWarnings;
  /** The supply hold in force (DOMAIN.md "Credit control"). */
  hold: HoldView | null;
  records: RecordLine[];
  promises: (PromiseSummary & { madeBy: { id: number; name: string } | null })[];
  pendingEscalations: EscalationSummary[];
  contacts: ContactCount;
  /** The people at the customer (contacts.csv), billing first: who reminders and statements reach. */
  customerContacts: CustomerContact[];
  /** The legal track: stage, agency, and the first limitation period to end (issue 12). */
  legal: CaseLegal;
}

export interface CustomerContact {
  id: number; name: string; email: string | null; phone: string | null; role: string; locale: Locale | null;
}

const MAX_CONTACTS = 10;

/** A customer's contacts, billing first, then by name. */
export async function customerContacts(db: Db, orgId: number, customerId: number, limit = MAX_CONTACTS): Promise<CustomerContact[]> {
  return db.selectFrom('contacts').select(['id', 'name', 'email', 'phone', 'role', 'locale'])
    .where('org_id', '=', orgId).where('customer_id', '=', customerId)
    .orderBy(sql`role = 'billing'`, 'desc').orderBy('name').orderBy('id').limit(limit).execute();
}

/** The case card: `/ar case <customer>` or a case id from a button. */
export async function caseDetail(db: Db, orgId: number, ref: number | string, opts: { today?: IsoDate } = {}): Promise<CaseDetail> {
  const org = await loadOrgContext(db, orgId);
  const today = resolveToday(org, opts.today);
  let kase: Case | undefined;
  let customerId: number;
  if (typeof ref === 'number') {
    kase = await db.selectFrom('cases').selectAll().where('org_id', '=', orgId).where('id', '=', ref).executeTakeFirst();
    if (!kase) throw new DuebotError('not_found', `no case ${ref}`, { kind: 'case' });
    customerId = kase.customer_id;
  } else {
    customerId = (await findCustomer(db, orgId, ref)).id;
    kase = await db.selectFrom('cases').selectAll().where('org_id', '=', orgId).where('customer_id', '=', customerId)
      .where('status', '<>', 'closed').executeTakeFirst();
  }
  const customer = await db.selectFrom('customers as cu').leftJoin('users as u', 'u.id', 'cu.owner_user_id')
    .selectAll('cu').select(['u.name as owner_name'])
    .where('cu.org_id', '=', orgId).where('cu.id', '=', customerId).executeTakeFirstOrThrow();

  const openInvoices = db.selectFrom('invoices').where('org_id', '=', orgId).where('customer_id', '=', customerId)
    .where('status', 'in', ['open', 'disputed']).whereRef('amount_minor', '>', 'paid_minor');
  const [invoiceRows, agg] = await Promise.all([
    openInvoices.selectAll().orderBy('due_on').orderBy('id').limit(MAX_INVOICES).execute(),
    openInvoices.select([
      sql<number>`count(*)::int`.as('open_count'),
      sql<bigint>`coalesce(sum(amount_minor - paid_minor) filter (where currency = ${org.currency}), 0)::bigint`.as('open_minor'),
      sql<bigint>`coalesce(sum(amount_minor - paid_minor) filter (where currency = ${org.currency} and due_on < ${today}), 0)::bigint`.as('overdue_minor'),
      sql<number>`coalesce(max(${today}::date - due_on) filter (where status = 'open' and due_on < ${today}), 0)::int`.as('max_days'),
    ]).executeTakeFirstOrThrow(),
  ]);
  const thresholds = thresholdsFor(org.policy.thresholds, org.policy.overrides,
    { creditGrade: customer.credit_grade, industry: customer.industry });
  const invoices: InvoiceLine[] = invoiceRows.map((i) => {
    const days = daysOverdue(i.due_on, today);
    return {
      id: i.id, number: i.number, productLine: i.product_line, region: i.region, currency: i.currency.trim(),
      amountMinor: i.amount_minor, paidMinor: i.paid_minor, balanceMinor: i.amount_minor - i.paid_minor,
      issuedOn: i.issued_on, dueOn: i.due_on, status: i.status, disputedReason: i.disputed_reason,
      daysOverdue: days, bucket: bucketOf(days), level: i.status === 'disputed' ? null : levelOf(days, thresholds),
    };
  });
  // The worst level among all open undisputed invoices, from the worst days overdue.
  const liveLevel = levelOf(agg.max_days, thresholds);

  const caseId = kase?.id;
  const records = await db.selectFrom('collection_records as r').leftJoin('users as u', 'u.id', 'r.author_user_id')
    .select(['r.id', 'r.seq', 'r.method', 'r.outcome', 'r.body', 'r.next_action_on', 'r.author_user_id', 'u.name as author_name',
      'r.recorded_at', 'r.hash'])
    .where('r.org_id', '=', orgId)
    .$call((q) => (caseId === undefined ? q.where('r.customer_id', '=', customerId) : q.where('r.case_id', '=', caseId)))
    .orderBy('r.seq', 'desc').limit(MAX_RECORDS).execute();
  const promises = caseId === undefined ? [] : await db.selectFrom('promises as p').leftJoin('users as u', 'u.id', 'p.made_by_user_id')
    .select(['p.id', 'p.amount_minor', 'p.currency', 'p.promised_on', 'p.note', 'p.status', 'p.made_by_user_id', 'u.name as made_by_name'])
    .where('p.org_id', '=', orgId).where('p.case_id', '=', caseId)
    .orderBy(sql`p.status = 'pending'`, 'desc').orderBy('p.promised_on', 'desc').orderBy('p.id', 'desc')
    .limit(MAX_PROMISES).execute();
  const escalations = caseId === undefined ? [] : await escalationQuery(db, orgId).where('e.case_id', '=', caseId)
    .where('e.status', '=', 'pending').orderBy('e.id').execute();

  let caseView: CaseDetail['case'] = null;
  if (kase) {
    const owner = kase.owner_user_id === null ? undefined
      : await db.selectFrom('users').select(['id', 'name']).where('id', '=', kase.owner_user_id).executeTakeFirst();
    const closed = kase.status === 'closed';
    caseView = {
      id: kase.id, version: kase.version, status: kase.status, stage: kase.stage, level: kase.level,
      customer: { id: customer.id, code: customer.code, name: customer.name },
      overdueMinor: closed ? 0n : agg.overdue_minor, currency: org.currency, maxDaysOverdue: closed ? 0 : agg.max_days,
      owner: owner ? { id: owner.id, name: owner.name } : null,
      nextActionOn: kase.next_action_on, snoozedUntil: kase.snoozed_until, snoozeReason: kase.snooze_reason,
      claimedAt: iso(kase.claimed_at), lastRecordAt: iso(kase.last_record_at), openedAt: kase.opened_at.toISOString(),
    };
  }
  return {
    today, currency: org.currency, timezone: org.timezone,
    customer: {
      id: customer.id, code: customer.code, name: customer.name, creditGrade: customer.credit_grade as Grade,
      creditLimitMinor: customer.credit_limit_minor, paymentTermsDays: customer.payment_terms_days,
      industry: customer.industry, region: customer.region,
      owner: customer.owner_user_id !== null && customer.owner_name !== null ? { id: customer.owner_user_id, name: customer.owner_name } : null,
    },
    case: caseView,
    invoices,
    totals: { openCount: agg.open_count, openMinor: agg.open_minor, overdueMinor: agg.overdue_minor, level: liveLevel, maxDaysOverdue: agg.max_days },
    credit: checkCredit(customer.credit_grade as Grade, customer.credit_limit_minor, agg.open_minor),
    // DOMAIN.md "Credit control": over limit (all open invoices, due or not) and grade D, shown where people act.
    creditWarnings: creditWarnings(customer.credit_grade, customer.credit_limit_minor, agg.open_minor),
    hold: await holdOf(db, orgId, customer.id),
    records: records.map((r) => ({
      id: r.id, seq: r.seq, method: r.method, outcome: r.outcome, body: r.body, nextActionOn: r.next_action_on,
      author: r.author_user_id !== null && r.author_name !== null ? { id: r.author_user_id, name: r.author_name } : null,
      recordedAt: r.recorded_at.toISOString(), hash: r.hash,
    })),
    promises: promises.map((p) => ({
      id: p.id, amountMinor: p.amount_minor, currency: p.currency.trim(), promisedOn: p.promised_on, note: p.note, status: p.status,
      madeBy: p.made_by_user_id !== null && p.made_by_name !== null ? { id: p.made_by_user_id, name: p.made_by_name } : null,
    })),
    pendingEscalations: escalations.map(toEscalationSummary),
    contacts: await contactsThisWeek(db, org, customerId, today),
    customerContacts: await customerContacts(db, orgId, customerId),
    legal: await caseLegal(db, orgId, { customerId, caseId: caseView?.id ?? null, today }),
  };
}

function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

/** `/ar mine`: the actor's open cases, worst first (level, then overdue balance). */
export async function myCases(db: Db, actor: Actor, opts: { today?: IsoDate; limit?: number } = {}): Promise<CaseSummary[]> {
  const org = await loadOrgContext(db, actor.orgId);
  const today = resolveToday(org, opts.today);
  const rows = await caseLineQuery(db, actor.orgId, today, org.currency)
    .where('c.owner_user_id', '=', actor.userId)
    .orderBy('level_rank', 'desc').orderBy('overdue_minor', 'desc').orderBy('c.id')
    .limit(opts.limit ?? 50).execute();
  return rows.map((r) => toCaseSummary(r, org.currency));
}

/** Requests waiting for a decision, oldest first (the managers' queue and the reminder job). */
export async function pendingEscalations(db: Db, orgId: number, opts: { limit?: number } = {}): Promise<EscalationSummary[]> {
  const rows = await escalationQuery(db, orgId).where('e.status', '=', 'pending')
    .orderBy('e.created_at').orderBy('e.id').limit(opts.limit ?? 100).execute();
  return rows.map(toEscalationSummary);
}
