// A hand-made ledger for org "acme" (CNY, Asia/Shanghai), reported as of 2026-06-30 with a
// 90-day period (2026-04-01, 2026-06-30]. The expected figures in the report tests are worked
// out by hand from this table; change a row here and they must be recomputed by hand.
//
// Days overdue as of 2026-06-30 → bucket: due 07-01 −1 not_due · 06-30 0 not_due · 06-29 1 d1_30
// · 05-31 30 d1_30 · 05-30 31 d31_60 · 04-30 61 d61_90 · 03-31 91 d91_180 · 2025-12-31 181 d180_plus.
//
// Customers: C1 Alpha Trading (retail, owner alice) · C2 Beta Build ("Construction": high risk,
// owner bob) · C3 Gamma Foods (no industry, no owner). Amounts in cents.
//
//  inv cust amount    issued      due         status       product region payments (date amount)       as-of balance  bucket
//  I01 C1   1000000   2026-06-01  2026-07-01  open         steel   east                                 1000000       not_due
//  I02 C1    500000   2026-05-30  2026-06-30  open         cable   east   06-15 200000                  300000        not_due
//  I03 C1   1234525   2026-05-01  2026-06-29  open         steel   east                                 1234525       d1_30
//  I04 C1    800000   2026-04-15  2026-05-31  paid         cable   east   06-10 300000, 07-05 500000    500000        d1_30
//  I05 C1    600000   2026-04-01  2026-05-30  open         steel   south                                600000        d31_60
//  I06 C1    250000   2026-03-01  2026-04-30  open         pipe    east   04-20 100000                  150000        d61_90
//  I07 C1    300001   2026-01-01  2026-03-31  open         steel   east                                 300001        d91_180
//  I08 C1    400000   2025-10-01  2025-12-31  disputed     cable   east                                 400000        d180_plus
//  I09 C1    700000   2026-07-01  2026-07-31  open         steel   east                                 (issued after as-of)
//  I10 C1    900000   2025-09-01  2025-10-01  written_off  steel   east   2025-11-01 100000             (written off 2026-05-15)
//  I11 C1    450000   2026-03-10  2026-04-09  paid         steel   east   04-25 450000                  (paid)
//  I12 C2   1000100   2026-04-01  2026-05-15  open         pipe    north                                1000100       d31_60
//  I13 C2    500000   2026-05-20  2026-06-20  open         pipe    north  06-30 100000                  400000        d1_30
//  I14 C2    200000   2025-06-01  2025-07-01  open         steel   north  08-01 50000                   200000        d180_plus
//  I15 C2    333333   2026-02-01  2026-03-01  open         valve   north                                333333        d91_180
//  I16 C2    120000   2026-06-20  2026-07-20  open         —       ''                                   120000        not_due
//  I17 C3    150000   2026-06-10  2026-07-10  open         valve   —                                    150000        not_due
//  I18 C3     90000   2026-05-01  2026-06-05  paid         valve   —      07-02 90000                   90000         d1_30
//  I19 C3     50010   2026-04-01  2026-05-10  open         ''      —                                    50010         d31_60
//  I20 C3     80000   2026-03-01  2026-04-15  open         steel   —      03-20 30000                   50000         d61_90
//  I21 C3     60000   2025-11-01  2025-12-01  written_off  cable   —      (written off 2026-07-10)      60000         d180_plus
//  I22 C3     75000   2025-12-01  2025-12-31  written_off  cable   —                                    (written off, no date)
//  U01 C1   USD 100000 2026-05-01 2026-05-31  open         steel   east                                 USD 100000    d1_30
//
// Promises (CNY unless said): kept 05-10, kept 06-15, broken 06-01, pending 06-20, broken 03-15,
// kept 07-05, cancelled 05-01, USD kept 05-05. Org "other" holds look-alike rows that must never
// show up in acme's reports.
import type { Db } from '../../../src/store/connection.js';

export const AS_OF = '2026-06-30';

interface Inv {
  number: string; customer: 'C1' | 'C2' | 'C3'; amount: number; issued: string; due: string;
  status?: 'open' | 'paid' | 'disputed' | 'written_off'; writtenOffOn?: string; product?: string | null;
  region?: string | null; currency?: string; payments?: [string, number][];
}

const INVOICES: Inv[] = [
  { number: 'I01', customer: 'C1', amount: 1000000, issued: '2026-06-01', due: '2026-07-01', product: 'steel', region: 'east' },
  { number: 'I02', customer: 'C1', amount: 500000, issued: '2026-05-30', due: '2026-06-30', product: 'cable', region: 'east', payments: [['2026-06-15', 200000]] },
  { number: 'I03', customer: 'C1', amount: 1234525, issued: '2026-05-01', due: '2026-06-29', product: 'steel', region: 'east' },
  { number: 'I04', customer: 'C1', amount: 800000, issued: '2026-04-15', due: '2026-05-31', status: 'paid', product: 'cable', region: 'east',
    payments: [['2026-06-10', 300000], ['2026-07-05', 500000]] },
  { number: 'I05', customer: 'C1', amount: 600000, issued: '2026-04-01', due: '2026-05-30', product: 'steel', region: 'south' },
  { number: 'I06', customer: 'C1', amount: 250000, issued: '2026-03-01', due: '2026-04-30', product: 'pipe', region: 'east', payments: [['2026-04-20', 100000]] },
  { number: 'I07', customer: 'C1', amount: 300001, issued: '2026-01-01', due: '2026-03-31', product: 'steel', region: 'east' },
  { number: 'I08', customer: 'C1', amount: 400000, issued: '2025-10-01', due: '2025-12-31', status: 'disputed', product: 'cable', region: 'east' },
  { number: 'I09', customer: 'C1', amount: 700000, issued: '2026-07-01', due: '2026-07-31', product: 'steel', region: 'east' },
  { number: 'I10', customer: 'C1', amount: 900000, issued: '2025-09-01', due: '2025-10-01', status: 'written_off', writtenOffOn: '2026-05-15',
    product: 'steel', region: 'east', payments: [['2025-11-01', 100000]] },
  { number: 'I11', customer: 'C1', amount: 450000, issued: '2026-03-10', due: '2026-04-09', status: 'paid', product: 'steel', region: 'east',
    payments: [['2026-04-25', 450000]] },
  { number: 'I12', customer: 'C2', amount: 1000100, issued: '2026-04-01', due: '2026-05-15', product: 'pipe', region: 'north' },
  { number: 'I13', customer: 'C2', amount: 500000, issued: '2026-05-20', due: '2026-06-20', product: 'pipe', region: 'north', payments: [['2026-06-30', 100000]] },
  { number: 'I14', customer: 'C2', amount: 200000, issued: '2025-06-01', due: '2025-07-01', product: 'steel', region: 'north', payments: [['2026-08-01', 50000]] },
  { number: 'I15', customer: 'C2', amount: 333333, issued: '2026-02-01', due: '2026-03-01', product: 'valve', region: 'north' },
  { number: 'I16', customer: 'C2', amount: 120000, issued: '2026-06-20', due: '2026-07-20', product: null, region: '' },
  { number: 'I17', customer: 'C3', amount: 150000, issued: '2026-06-10', due: '2026-07-10', product: 'valve', region: null },
  { number: 'I18', customer: 'C3', amount: 90000, issued: '2026-05-01', due: '2026-06-05', status: 'paid', product: 'valve', region: null,
    payments: [['2026-07-02', 90000]] },
  { number: 'I19', customer: 'C3', amount: 50010, issued: '2026-04-01', due: '2026-05-10', product: '', region: null },
  { number: 'I20', customer: 'C3', amount: 80000, issued: '2026-03-01', due: '2026-04-15', product: 'steel', region: null, payments: [['2026-03-20', 30000]] },
  { number: 'I21', customer: 'C3', amount: 60000, issued: '2025-11-01', due: '2025-12-01', status: 'written_off', writtenOffOn: '2026-07-10', product: 'cable', region: null },
  { number: 'I22', customer: 'C3', amount: 75000, issued: '2025-12-01', due: '2025-12-31', status: 'written_off', product: 'cable', region: null },
  { number: 'U01', customer: 'C1', amount: 100000, issued: '2026-05-01', due: '2026-05-31', currency: 'USD', product: 'steel', region: 'east' },
];

export interface Ledger { orgId: number; otherOrgId: number }

export async function seedLedger(db: Db): Promise<Ledger> {
  const org = await db.insertInto('orgs').values({ slug: 'acme', name: 'Acme', timezone: 'Asia/Shanghai', currency: 'CNY', locale: 'zh-CN' })
    .returning('id').executeTakeFirstOrThrow();
  const orgId = org.id;
  await db.insertInto('org_policies').values({ org_id: orgId }).execute();   // defaults: 2/15/15/50/100%, construction +30%
  const [alice, bob] = await db.insertInto('users').values([
    { org_id: orgId, email: 'alice@acme.test', name: 'Alice', role: 'sales', region: null, timezone: null, locale: null },
    { org_id: orgId, email: 'bob@acme.test', name: 'Bob', role: 'sales', region: null, timezone: null, locale: null },
  ]).returning('id').execute();
  const customerRow = (code: string, name: string, industry: string | null, region: string | null, owner: number | null) => ({
    org_id: orgId, code, name, credit_grade: 'B', credit_limit_minor: 10_000_000n, payment_terms_days: 30, industry, region, owner_user_id: owner,
  });
  const customers = await db.insertInto('customers').values([
    customerRow('C1', 'Alpha Trading', 'retail', 'east', alice!.id),
    customerRow('C2', 'Beta Build', 'Construction', 'north', bob!.id),
    customerRow('C3', 'Gamma Foods', null, null, null),
  ]).returning(['id', 'code']).execute();
  const customerId = Object.fromEntries(customers.map((c) => [c.code, c.id])) as Record<string, number>;

  for (const inv of INVOICES) {
    const paid = (inv.payments ?? []).reduce((s, [, a]) => s + a, 0);   // invoices.paid_minor = sum of all payments
    const row = await db.insertInto('invoices').values({
      org_id: orgId, customer_id: customerId[inv.customer]!, number: inv.number, product_line: inv.product ?? null,
      region: inv.region ?? null, currency: inv.currency ?? 'CNY', amount_minor: BigInt(inv.amount), paid_minor: BigInt(paid),
      issued_on: inv.issued, due_on: inv.due, status: inv.status ?? 'open', disputed_reason: inv.status === 'disputed' ? 'quality' : null,
      written_off_on: inv.writtenOffOn ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    for (const [i, [paidOn, amount]] of (inv.payments ?? []).entries()) {
      await db.insertInto('payments').values({ org_id: orgId, invoice_id: row.id, amount_minor: BigInt(amount), paid_on: paidOn,
        reference: null, import_key: `${inv.number}|${i}` }).execute();
    }
  }

  const cases = await db.insertInto('cases').values([{ org_id: orgId, customer_id: customerId.C1! }, { org_id: orgId, customer_id: customerId.C2! }])
    .returning('id').execute();
  const promise = (status: 'pending' | 'kept' | 'broken' | 'cancelled', promisedOn: string, currency = 'CNY') => ({
    org_id: orgId, case_id: cases[0]!.id, customer_id: customerId.C1!, record_id: null, made_by_user_id: null,
    amount_minor: 10000n, currency, promised_on: promisedOn, note: null, status, resolved_at: null,
    created_at: new Date('2026-01-01T02:00:00Z'),   // made on 2026-01-01 in Shanghai: every payment since counts
  });
  await db.insertInto('promises').values([
    promise('kept', '2026-05-10'), promise('kept', '2026-06-15'), promise('broken', '2026-06-01'), promise('pending', '2026-06-20'),
    promise('broken', '2026-03-15'), promise('kept', '2026-07-05'), promise('cancelled', '2026-05-01'), promise('kept', '2026-05-05', 'USD'),
  ]).execute();

  // Another org with look-alike rows: nothing of it may leak into acme's figures.
  const other = await db.insertInto('orgs').values({ slug: 'other', name: 'Other' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('org_policies').values({ org_id: other.id }).execute();
  const oc = await db.insertInto('customers').values({ ...customerRow('C1', 'Alpha Trading', 'construction', 'east', null), org_id: other.id })
    .returning('id').executeTakeFirstOrThrow();
  const oi = await db.insertInto('invoices').values({ org_id: other.id, customer_id: oc.id, number: 'I01', product_line: 'steel', region: 'east',
    currency: 'CNY', amount_minor: 999999n, paid_minor: 1n, issued_on: '2026-01-01', due_on: '2026-02-01', disputed_reason: null, written_off_on: null })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('payments').values({ org_id: other.id, invoice_id: oi.id, amount_minor: 1n, paid_on: '2026-07-01', reference: null, import_key: 'x' }).execute();
  const ocase = await db.insertInto('cases').values({ org_id: other.id, customer_id: oc.id }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('promises').values({ ...promise('broken', '2026-06-01'), org_id: other.id, case_id: ocase.id, customer_id: oc.id }).execute();
  return { orgId, otherOrgId: other.id };
}
