// invoices.csv: number, customer_code, amount, currency?, issued_on, due_on, product_line?, region?
// Upsert by number; region defaults to the customer's, currency to the org's; paid_minor is kept.
import { sql } from 'kysely';
import { key } from './csv-stage.js';
import { analyzeAfterBulkWrite, duplicates, findProblems, NO_AMOUNTS, type KindSpec } from './kind-spec.js';

export const invoices: KindSpec<'invoices'> = {
  kind: 'invoices',
  stageColumns: [['number', 'text'], ['customer_code', 'text'], ['amount_minor', 'bigint'], ['currency', 'text'],
    ['issued_on', 'date'], ['due_on', 'date'], ['product_line', 'text'], ['region', 'text']],

  stageValues: (cells, r) => (r
    ? [r.number, r.customer_code, r.amount, r.currency, r.issued_on, r.due_on, r.product_line, r.region]
    : [key(cells.number), key(cells.customer_code), null, null, null, null, null, null]),

  check: (trx, { orgId, currency }) => findProblems(trx, [
    duplicates('number', 'invoice number'),
    sql`select s.line, 'customer_code' as col,
          format('unknown customer %s: import customers first', s.customer_code) as message, ${NO_AMOUNTS}
        from import_stage s
        where s.customer_code is not null
          and not exists (select 1 from customers c where c.org_id = ${orgId} and c.code = s.customer_code)`,
    sql`select s.line, 'amount' as col, 'is below the {a} already paid on this invoice' as message,
          i.paid_minor as a, null::bigint as b, i.currency::text as currency
        from import_stage s join invoices i on i.org_id = ${orgId} and i.number = s.number and i.paid_minor > 0
        where s.amount_minor < i.paid_minor`,
    // Issue 9 (6): an invoice with history (payments, escalations, collection records on its
    // customer, a dispute or write-off) keeps its currency and customer: moving it would rewrite
    // what the payments, the evidence and the decisions were about. One line error naming why.
    sql`select x.line, case when x.customer then 'customer_code' else 'currency' end as col,
          format('cannot change the %s of invoice %s: it has %s', case when x.customer then 'customer' else 'currency' end,
                 x.number, h.why) as message, ${NO_AMOUNTS}
        from (
          select s.line, s.number, i.id, i.customer_id, i.paid_minor, i.status, c.id <> i.customer_id as customer
          from import_stage s
          join invoices i on i.org_id = ${orgId} and i.number = s.number
          join customers c on c.org_id = ${orgId} and c.code = s.customer_code
          where s.valid and (c.id <> i.customer_id or coalesce(s.currency, ${currency}) <> i.currency)
          offset 0 -- only the moved invoices are looked into below
        ) x
        cross join lateral (select case
            when x.paid_minor > 0 or exists (select 1 from payments p where p.org_id = ${orgId} and p.invoice_id = x.id) then 'payments'
            when exists (select 1 from escalations e join cases k on k.id = e.case_id and k.org_id = ${orgId}
                         where e.org_id = ${orgId} and (e.invoice_id = x.id or k.customer_id = x.customer_id)) then 'escalations'
            when exists (select 1 from collection_records r where r.org_id = ${orgId} and r.customer_id = x.customer_id) then 'collection records'
            when x.status in ('disputed', 'written_off') then 'a ' || replace(x.status, '_', '-') || ' status'
          end as why) h
        where h.why is not null`,
  ]),

  apply: async (trx, { orgId, currency }) => {
    // Unchanged invoices need no write: dropping them first is cheaper than locking each in the upsert
    // (and a separate statement, so the lookup never scans the table the upsert is filling).
    await sql`
      delete from import_stage s using customers c, invoices x
      where c.org_id = ${orgId} and c.code = s.customer_code and x.org_id = ${orgId} and x.number = s.number
        and (x.customer_id, x.product_line, x.region, x.currency, x.amount_minor, x.issued_on, x.due_on)
          is not distinct from (c.id, s.product_line, coalesce(s.region, c.region), coalesce(s.currency, ${currency}),
                                s.amount_minor, s.issued_on, s.due_on)`.execute(trx);
    // What is left is changed or new. Changed invoices are updated, then new ones inserted with a
    // plain INSERT: no speculative insertion per row as in INSERT … ON CONFLICT, which made the
    // import 1.3× a COPY into the same table (issue 9, "Import floor made fair"). The import's
    // advisory lock is the only writer of an org's invoices, so no row appears in between; if one
    // did, the unique (org_id, number) would fail the import whole, never write twice.
    const updated = await sql`
      update invoices i set customer_id = c.id, product_line = s.product_line, region = coalesce(s.region, c.region),
        currency = coalesce(s.currency, ${currency}), amount_minor = s.amount_minor, issued_on = s.issued_on, due_on = s.due_on,
        status = case when i.status in ('written_off', 'disputed') then i.status
                      when i.paid_minor >= s.amount_minor then 'paid' else 'open' end,
        updated_at = now()
      from import_stage s join customers c on c.org_id = ${orgId} and c.code = s.customer_code
      where i.org_id = ${orgId} and i.number = s.number`.execute(trx);
    const inserted = await sql`
      insert into invoices (org_id, customer_id, number, product_line, region, currency, amount_minor, issued_on, due_on)
      select ${orgId}, c.id, s.number, s.product_line, coalesce(s.region, c.region), coalesce(s.currency, ${currency}),
        s.amount_minor, s.issued_on, s.due_on
      from import_stage s join customers c on c.org_id = ${orgId} and c.code = s.customer_code
      where not exists (select 1 from invoices x where x.org_id = ${orgId} and x.number = s.number)`.execute(trx);
    const counts = { inserted: Number(inserted.numAffectedRows ?? 0n), updated: Number(updated.numAffectedRows ?? 0n) };
    await analyzeAfterBulkWrite(trx, 'invoices', counts);
    return counts;
  },
};
