// Small org fixtures for the service tests: one org per test (so tests in a file do not meet),
// people of every role, customers with invoices overdue by a given number of days as of TODAY.
import { addDays } from '../../../src/domain/calendar.js';
import type { Db } from '../../../src/store/connection.js';
import type { InvoiceStatus, Role } from '../../../src/store/schema.js';
import { actorByEmail, type Actor } from '../../../src/services/identity.js';
import { addOrg } from '../../../src/services/orgs.js';

export const TODAY = '2026-03-10';

let seq = 0;

export interface OrgFixture {
  orgId: number;
  slug: string;
  admin: Actor; manager: Actor; manager2: Actor; finance: Actor; sales: Actor; sales2: Actor; legal: Actor;
}

const PEOPLE: [keyof Omit<OrgFixture, 'orgId' | 'slug'>, Role, string][] = [
  ['admin', 'admin', 'Ada Admin'], ['manager', 'manager', 'Max Manager'], ['manager2', 'manager', 'Mia Manager'],
  ['finance', 'finance', 'Fay Finance'], ['sales', 'sales', 'Sam Sales'], ['sales2', 'sales', 'Sue Sales'], ['legal', 'legal', 'Leo Legal'],
];

export async function seedOrg(db: Db, opts: { currency?: string; timezone?: string } = {}): Promise<OrgFixture> {
  const slug = `org-${process.pid}-${++seq}`;
  const { org } = await addOrg(db, { slug, name: `Org ${seq}`, currency: opts.currency ?? 'CNY', timezone: opts.timezone ?? 'Asia/Shanghai', locale: 'en-US' });
  const out: Partial<OrgFixture> = { orgId: org.id, slug };
  for (const [key, role, name] of PEOPLE) {
    const email = `${key}@${slug}.example`;
    await db.insertInto('users').values({ org_id: org.id, email, name, role }).execute();
    out[key] = await actorByEmail(db, org.id, email);
  }
  return out as OrgFixture;
}

export interface InvoiceSpec {
  number: string;
  /** Minor units. */
  amount: bigint;
  /** As of TODAY; negative = not yet due. */
  daysOverdue: number;
  paid?: bigint;
  status?: InvoiceStatus;
  productLine?: string;
  region?: string;
  currency?: string;
}

export async function addCustomer(db: Db, orgId: number, spec: {
  code: string; name?: string; grade?: 'A' | 'B' | 'C' | 'D'; industry?: string; region?: string; limit?: bigint;
  invoices?: InvoiceSpec[];
}): Promise<{ id: number; code: string; name: string }> {
  const customer = await db.insertInto('customers').values({
    org_id: orgId, code: spec.code, name: spec.name ?? `${spec.code} Ltd`, credit_grade: spec.grade ?? 'B',
    credit_limit_minor: spec.limit ?? 10_000_000n, payment_terms_days: 30, industry: spec.industry ?? null, region: spec.region ?? null,
  }).returning(['id', 'code', 'name']).executeTakeFirstOrThrow();
  for (const inv of spec.invoices ?? []) await addInvoice(db, orgId, customer.id, inv, spec.region);
  return customer;
}

export async function addInvoice(db: Db, orgId: number, customerId: number, inv: InvoiceSpec, region?: string): Promise<number> {
  const due = addDays(TODAY, -inv.daysOverdue);
  const row = await db.insertInto('invoices').values({
    org_id: orgId, customer_id: customerId, number: inv.number, currency: inv.currency ?? 'CNY', amount_minor: inv.amount,
    paid_minor: inv.paid ?? 0n, issued_on: addDays(due, -30), due_on: due, status: inv.status ?? 'open',
    product_line: inv.productLine ?? null, region: inv.region ?? region ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Records a full payment of an invoice (as the import would: paid amount and status). */
export async function payInFull(db: Db, orgId: number, number: string): Promise<void> {
  await db.updateTable('invoices').set((eb) => ({ paid_minor: eb.ref('amount_minor'), status: 'paid' }))
    .where('org_id', '=', orgId).where('number', '=', number).execute();
}

export async function countRows(db: Db, table: 'collection_records' | 'promises' | 'escalations' | 'audit_log' | 'case_events' | 'action_receipts',
  orgId: number): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Everything a refused command must leave untouched. */
export async function snapshot(db: Db, orgId: number) {
  const tables = ['collection_records', 'promises', 'escalations', 'audit_log', 'case_events', 'action_receipts'] as const;
  const counts = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await countRows(db, t, orgId)] as const)));
  const cases = await db.selectFrom('cases').select(['id', 'status', 'stage', 'owner_user_id', 'version', 'snoozed_until'])
    .where('org_id', '=', orgId).orderBy('id').execute();
  const escalations = await db.selectFrom('escalations').select(['id', 'status', 'balance_minor'])
    .where('org_id', '=', orgId).orderBy('id').execute();
  const invoices = await db.selectFrom('invoices').select(['id', 'status']).where('org_id', '=', orgId).orderBy('id').execute();
  return { counts, cases, escalations, invoices };
}
