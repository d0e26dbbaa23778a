// payments.csv: invoice_number, amount, paid_on, reference?
// Upsert by import_key: `<invoice_number>|ref:<reference>`, else `<invoice_number>|<paid_on>|<amount_minor>|#<k>`
// where k numbers identical rows of the file. Then each touched invoice's paid_minor and status follow its payments.
import { sql } from 'kysely';
import { key } from './csv-stage.js';
import { duplicates, findProblems, NO_AMOUNTS, upsertCounts, type KindSpec, type Trx } from './kind-spec.js';

/** Keyed copy of the valid staged payments (import_payments), built once for the checks and the upsert. */
async function keyPayments(trx: Trx): Promise<void> {
  await sql`
    create temp table import_payments on commit drop as
    select s.line, s.invoice_number, s.amount_minor, s.paid_on, s.reference,
      case when s.reference is not null then s.invoice_number || '|ref:' || s.reference
           else s.invoice_number || '|' || to_char(s.paid_on, 'YYYY-MM-DD') || '|' || s.amount_minor || '|#'
                || row_number() over (partition by s.invoice_number, s.paid_on, s.amount_minor, s.reference is null
                                      order by s.line)
      end as import_key
    from import_stage s where s.valid`.execute(trx);
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
      // The first line at which an invoice's payments (earlier ones kept, this file's in line order) exceed it.
      sql`with f as (
            select p.line, p.amount_minor, i.id as invoice_id, i.amount_minor as invoice_amount, i.currency
            from import_payments p join invoices i on i.org_id = ${orgId} and i.number = p.invoice_number),
          kept as (
            select pay.invoice_id, sum(pay.amount_minor) as total from payments pay
            where pay.org_id = ${orgId} and pay.invoice_id in (select invoice_id from f)
              and not exists (select 1 from import_payments p where p.import_key = pay.import_key)
            group by pay.invoice_id),
          reached as (
            select f.*, (coalesce(k.total, 0) + sum(f.amount_minor) over (partition by f.invoice_id order by f.line))::bigint as total
            from f left join kept k using (invoice_id))
          select distinct on (invoice_id) line, 'amount' as col,
            'overpays the invoice: its payments would reach {a}, the invoice is {b}' as message,
            total as a, invoice_amount as b, currency::text as currency
          from reached where total > invoice_amount
          order by invoice_id, line`,
    ]);
  },

  apply: async (trx, { orgId }) => {
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
    // paid_minor = sum of payments; status follows it, except for disputed and written-off invoices.
    await sql`
      with touched as (
        select distinct i.id from import_payments s join invoices i on i.org_id = ${orgId} and i.number = s.invoice_number),
      totals as (
        select pay.invoice_id as id, sum(pay.amount_minor)::bigint as paid
        from payments pay join touched t on t.id = pay.invoice_id
        where pay.org_id = ${orgId} group by pay.invoice_id),
      next as (
        select i.id, t.paid,
          case when i.status in ('written_off', 'disputed') then i.status
               when t.paid >= i.amount_minor then 'paid' else 'open' end as status
        from invoices i join totals t on t.id = i.id where i.org_id = ${orgId})
      update invoices i set paid_minor = n.paid, status = n.status, updated_at = now()
      from next n
      where i.id = n.id and i.org_id = ${orgId} and (i.paid_minor, i.status) is distinct from (n.paid, n.status)`.execute(trx);
    return counts;
  },
};
