// payments.csv: invoice_number, amount, paid_on, reference?
// Upsert by import_key: `<invoice_number>|ref:<reference>`, else `<invoice_number>|<paid_on>|<amount_minor>|#<k>`
// where k numbers identical rows of the file. Then each touched invoice's paid_minor and status follow its payments.
import { sql } from 'kysely';
import { key } from './csv-stage.js';
import { analyzeAfterBulkWrite, duplicates, findProblems, NO_AMOUNTS, upsertCounts, type KindSpec, type Trx } from './kind-spec.js';

/** Keyed copy of the valid staged payments (import_payments), built once for the checks and the upsert. */
async function keyPayments(trx: Trx): Promise<void> {
  await sql`
    create temp table import_payments on commit drop as
    select s.line, s.invoice_number, s.amount_minor, s.paid_on, s.reference,
      s.invoice_number || '|ref:' || s.reference as import_key
    from import_stage s where s.valid and s.reference is not null
    union all
    select s.line, s.invoice_number, s.amount_minor, s.paid_on, s.reference,
      s.invoice_number || '|' || to_char(s.paid_on, 'YYYY-MM-DD') || '|' || s.amount_minor || '|#'
        || row_number() over (partition by s.invoice_number, s.paid_on, s.amount_minor order by s.line)
    from import_stage s where s.valid and s.reference is null`.execute(trx);
  // Lookups by key (the overpayment check, the upsert) stay cheap even when the statistics of
  // payments lag behind (a new org's first payments): no plan can turn them quadratic.
  await sql`create index on import_payments (import_key)`.execute(trx);
  await sql`analyze import_payments`.execute(trx);
}

export const payments: KindSpec<'payments'> = {
  kind: 'payments',
  stageColumns: [['invoice_number', 'text'], ['amount_minor', 'bigint'], ['paid_on', 'date'], ['reference', 'text']],

  stageValues: (cells, r) => (r
    ? [r.invoice_number, r.amount, r.paid_on, r.reference]
    : [key(cells.invoice_number), null, null, key(cells.reference)]),

  // Amounts are read in their invoice's currency: those not in the org's are few, so they are listed.
  rowContext: async (trx, { orgId, currency }) => {
    const rows = await trx.selectFrom('invoices').select(['number', 'currency'])
      .where('org_id', '=', orgId).where('currency', '<>', currency).execute();
    if (rows.length === 0) return {};
    const other = new Map(rows.map((r) => [r.number, r.currency]));
    return { invoiceCurrency: (number: string) => other.get(number) };
  },

  check: async (trx, { orgId }) => {
    await keyPayments(trx);
    return findProblems(trx, [
      sql`select s.line, 'invoice_number' as col, format('unknown invoice %s: import invoices first', s.invoice_number) as message,
            ${NO_AMOUNTS}
          from import_stage s
          where s.invoice_number is not null
            and not exists (select 1 from invoices i where i.org_id = ${orgId} and i.number = s.invoice_number)`,
      duplicates('reference', 'reference', sql`s.invoice_number || '|' || s.reference`),
      // An invoice overpaid by its payments (those kept from before, then this file's): the file's
      // line where the total passes the invoice. Per-invoice sums first, so only overpaid invoices
      // get the line-by-line running total.
      sql`with file as (
            select invoice_number, sum(amount_minor) as file_total from import_payments group by invoice_number),
          inv as (
            select i.id, i.number, i.amount_minor, i.currency, f.file_total
            from file f join invoices i on i.org_id = ${orgId} and i.number = f.invoice_number),
          kept as (
            select pay.invoice_id, sum(pay.amount_minor) as total
            from inv join payments pay on pay.org_id = ${orgId} and pay.invoice_id = inv.id
            where not exists (select 1 from import_payments p where p.import_key = pay.import_key)
            group by pay.invoice_id),
          over as (
            select inv.*, coalesce(k.total, 0) as kept from inv left join kept k on k.invoice_id = inv.id
            where coalesce(k.total, 0) + inv.file_total > inv.amount_minor),
          reached as (
            select p.line, o.id, o.amount_minor, o.currency,
              (o.kept + sum(p.amount_minor) over (partition by o.id order by p.line))::bigint as total
            from over o join import_payments p on p.invoice_number = o.number)
          select distinct on (id) line, 'amount' as col,
            'overpays the invoice: its payments would reach {a}, the invoice is {b}' as message,
            total as a, amount_minor as b, currency::text as currency
          from reached where total > amount_minor
          order by id, line`,
    ]);
  },

  apply: async (trx, { orgId }) => {
    // Unchanged payments need no write: dropping them first is cheaper than locking each in the upsert
    // (and a separate statement, so the lookup never scans the table the upsert is filling).
    await sql`
      delete from import_payments s using invoices i, payments x
      where i.org_id = ${orgId} and i.number = s.invoice_number and x.org_id = ${orgId} and x.import_key = s.import_key
        and (x.invoice_id, x.amount_minor, x.paid_on, x.reference) is not distinct from (i.id, s.amount_minor, s.paid_on, s.reference)`
      .execute(trx);
    const counts = await upsertCounts(trx, sql`
      insert into payments as p (org_id, invoice_id, amount_minor, paid_on, reference, import_key)
      select ${orgId}, i.id, s.amount_minor, s.paid_on, s.reference, s.import_key
      from import_payments s join invoices i on i.org_id = ${orgId} and i.number = s.invoice_number
      on conflict (org_id, import_key) do update set
        invoice_id = excluded.invoice_id, amount_minor = excluded.amount_minor, paid_on = excluded.paid_on,
        reference = excluded.reference
      where (p.invoice_id, p.amount_minor, p.paid_on, p.reference)
        is distinct from (excluded.invoice_id, excluded.amount_minor, excluded.paid_on, excluded.reference)
      returning (xmax = 0) as inserted`);
    // The statistics cannot know the payments just written: a new org's would look absent, and
    // the sums below would be planned as nested loops over them.
    await analyzeAfterBulkWrite(trx, 'payments', counts);
    // The invoices whose payments changed: paid_minor = sum of their payments; status follows it,
    // except for disputed and written-off invoices. Computed first, then written, so the update
    // never reads the table it is writing.
    await sql`
      create temp table import_paid on commit drop as
      select n.id, n.paid, n.status from (
        select i.id, i.paid_minor, i.status as old_status, t.paid,
          case when i.status in ('written_off', 'disputed') then i.status
               when t.paid >= i.amount_minor then 'paid' else 'open' end as status
        from (
          select pay.invoice_id, sum(pay.amount_minor)::bigint as paid from payments pay
          where pay.org_id = ${orgId}
            and pay.invoice_id in (select i.id from import_payments s join invoices i on i.org_id = ${orgId} and i.number = s.invoice_number)
          group by pay.invoice_id) t
        join invoices i on i.org_id = ${orgId} and i.id = t.invoice_id) n
      where (n.paid_minor, n.old_status) is distinct from (n.paid, n.status)`.execute(trx);
    await sql`analyze import_paid`.execute(trx);
    const paid = await sql`
      update invoices i set paid_minor = n.paid, status = n.status, updated_at = now()
      from import_paid n where i.org_id = ${orgId} and i.id = n.id`.execute(trx);
    await analyzeAfterBulkWrite(trx, 'invoices', { inserted: 0, updated: Number(paid.numAffectedRows ?? 0n) });
    return counts;
  },
};
