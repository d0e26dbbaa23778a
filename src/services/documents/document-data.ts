// What a statement or letter says, read from the ledger as of a date (DOMAIN.md "Talking to
// customers"): the customer, its billing contacts, the open invoices the kind is about, payments
// since the last statement sent, aging, the owner, the org's remittance details. Money stays in
// minor units here; the composer formats it.
import { sql } from 'kysely';
import { bucketOf, daysOverdue, type Bucket } from '../../domain/aging.js';
import { addDays, dateIn, type IsoDate } from '../../domain/calendar.js';
import { DEFAULT_RECIPIENT_ROLE } from '../../domain/contact-roles.js';
import type { Db } from '../../store/connection.js';
import type { Customer } from '../../store/schema.js';
import { findCustomer } from '../cases/find-customer.js';
import type { TemplateKind, TemplateLocale } from './template-fields.js';

export interface DocInvoice {
  number: string; issuedOn: IsoDate; dueOn: IsoDate; daysOverdue: number; amountMinor: bigint; balanceMinor: bigint;
  disputed: boolean;
}
export interface DocPayment { paidOn: IsoDate; invoiceNumber: string; amountMinor: bigint; reference: string | null }
export interface DocRecipient { name: string; email: string; locale: TemplateLocale | null }

export interface DocumentData {
  kind: TemplateKind;
  today: IsoDate;
  org: { id: number; name: string; currency: string; locale: TemplateLocale; timezone: string; remittance: string | null };
  customer: { id: number; code: string; name: string };
  caseId: number | null;
  owner: { id: number; name: string; email: string } | null;
  /** Billing contacts with an email, else every contact with one (the first names the letter). */
  recipients: DocRecipient[];
  /** The invoices the document lists (letters: those it is about; statement: every open one). */
  invoices: DocInvoice[];
  totals: { openMinor: bigint; overdueMinor: bigint; dueSoonMinor: bigint; maxDaysOverdue: number };
  /** Statement only: payments since the last statement sent (else the last 90 days). */
  since: IsoDate;
  payments: DocPayment[];
  aging: { bucket: Bucket; amountMinor: bigint; count: number }[];
  /** Final notice: the date to pay by (ours: 7 days). */
  deadline: IsoDate;
}

/** Days a final notice gives (ours). */
export const FINAL_NOTICE_DAYS = 7;
/** Payments listed on a first statement (ours). */
const FIRST_STATEMENT_DAYS = 90;
const MAX_INVOICES = 200;
const MAX_PAYMENTS = 200;

export async function loadDocumentData(db: Db, orgId: number, customerRef: string | Customer, kind: TemplateKind,
  opts: { today?: IsoDate } = {}): Promise<DocumentData> {
  const org = await db.selectFrom('orgs').innerJoin('org_policies as p', 'p.org_id', 'orgs.id')
    .leftJoin('org_messaging as m', 'm.org_id', 'orgs.id')
    .select(['orgs.id', 'orgs.name', 'orgs.currency', 'orgs.locale', 'orgs.timezone', 'p.pre_due_days', 'm.remittance'])
    .where('orgs.id', '=', orgId).executeTakeFirstOrThrow();
  const today = opts.today ?? dateIn(org.timezone);
  const currency = org.currency.trim();
  const customer = typeof customerRef === 'string' ? await findCustomer(db, orgId, customerRef) : customerRef;

  const [kase, contacts, invoiceRows, lastStatement] = await Promise.all([
    db.selectFrom('cases').leftJoin('users', 'users.id', 'cases.owner_user_id')
      .select(['cases.id', 'users.id as owner_id', 'users.name as owner_name', 'users.email as owner_email'])
      .where('cases.org_id', '=', orgId).where('cases.customer_id', '=', customer.id).where('cases.status', '<>', 'closed')
      .executeTakeFirst(),
    db.selectFrom('contacts').select(['name', 'email', 'role', 'locale'])
      .where('org_id', '=', orgId).where('customer_id', '=', customer.id).where('email', 'is not', null)
      .orderBy(sql`role = ${DEFAULT_RECIPIENT_ROLE}`, 'desc').orderBy('name').orderBy('id').execute(),
    db.selectFrom('invoices')
      .select(['number', 'issued_on', 'due_on', 'amount_minor', 'paid_minor', 'status'])
      .where('org_id', '=', orgId).where('customer_id', '=', customer.id).where('currency', '=', currency)
      .where('status', 'in', ['open', 'disputed']).whereRef('amount_minor', '>', 'paid_minor')
      .orderBy('due_on').orderBy('number').limit(MAX_INVOICES).execute(),
    db.selectFrom('outbound_messages').select((eb) => eb.fn.max('created_at').as('at'))
      .where('org_id', '=', orgId).where('customer_id', '=', customer.id).where('kind', '=', 'statement').where('status', '=', 'sent')
      .executeTakeFirst(),
  ]);
  const ownerRow = kase?.owner_id ? { id: kase.owner_id, name: kase.owner_name!, email: kase.owner_email! } : null;
  const owner = ownerRow ?? (customer.owner_user_id === null ? null
    : await db.selectFrom('users').select(['id', 'name', 'email']).where('org_id', '=', orgId).where('id', '=', customer.owner_user_id)
      .executeTakeFirst() ?? null);

  const billing = contacts.filter((c) => c.role === DEFAULT_RECIPIENT_ROLE);
  const recipients = (billing.length ? billing : contacts).map((c) => ({ name: c.name, email: c.email!, locale: c.locale }));

  const all: DocInvoice[] = invoiceRows.map((i) => ({
    number: i.number, issuedOn: i.issued_on, dueOn: i.due_on, daysOverdue: daysOverdue(i.due_on, today),
    amountMinor: i.amount_minor, balanceMinor: i.amount_minor - i.paid_minor, disputed: i.status === 'disputed',
  }));
  const overdue = all.filter((i) => i.daysOverdue > 0);
  const dueSoon = all.filter((i) => i.daysOverdue <= 0 && i.daysOverdue >= -org.pre_due_days);
  const sum = (xs: DocInvoice[]) => xs.reduce((a, i) => a + i.balanceMinor, 0n);
  const invoices = kind === 'statement' ? all
    : kind === 'courtesy' ? (dueSoon.length ? dueSoon : all.filter((i) => i.daysOverdue <= 0))
      : overdue;

  const since = lastStatement?.at ? dateIn(org.timezone, new Date(lastStatement.at)) : addDays(today, -FIRST_STATEMENT_DAYS);
  const payments = kind !== 'statement' ? [] : (await db.selectFrom('payments as p').innerJoin('invoices as i', 'i.id', 'p.invoice_id')
    .select(['p.paid_on', 'i.number', 'p.amount_minor', 'p.reference'])
    .where('p.org_id', '=', orgId).where('i.org_id', '=', orgId).where('i.customer_id', '=', customer.id)
    .where('i.currency', '=', currency).where('p.paid_on', '>=', since).where('p.paid_on', '<=', today)
    .orderBy('p.paid_on').orderBy('p.id').limit(MAX_PAYMENTS).execute())
    .map((p) => ({ paidOn: p.paid_on, invoiceNumber: p.number, amountMinor: p.amount_minor, reference: p.reference }));

  const aging = new Map<Bucket, { amountMinor: bigint; count: number }>();
  for (const i of all) {
    const b = bucketOf(i.daysOverdue);
    const cur = aging.get(b) ?? { amountMinor: 0n, count: 0 };
    aging.set(b, { amountMinor: cur.amountMinor + i.balanceMinor, count: cur.count + 1 });
  }
  const BUCKETS: Bucket[] = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'd91_180', 'd180_plus'];

  return {
    kind, today,
    org: { id: org.id, name: org.name, currency, locale: org.locale, timezone: org.timezone, remittance: org.remittance ?? null },
    customer: { id: customer.id, code: customer.code, name: customer.name },
    caseId: kase?.id ?? null,
    owner,
    recipients,
    invoices,
    totals: {
      openMinor: sum(all), overdueMinor: sum(overdue), dueSoonMinor: sum(dueSoon.length ? dueSoon : invoices),
      maxDaysOverdue: Math.max(0, ...overdue.map((i) => i.daysOverdue)),
    },
    since,
    payments,
    aging: BUCKETS.filter((b) => aging.has(b)).map((b) => ({ bucket: b, ...aging.get(b)! })),
    deadline: addDays(today, FINAL_NOTICE_DAYS),
  };
}
