// The aging report against "the bare SQL aggregate" (one pass over the org's invoices grouping
// amount − paid by bucket, no as-of logic): the report must stay within 1.3× of it.
// seedAgingBench generates an org in SQL (generate_series); nothing is committed as data.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../../src/store/connection.js';
import { agingReport } from '../../src/services/reports/index.js';
import { dateIn } from '../../src/domain/calendar.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function bareAggregate(db: Db, orgId: number, asOf: string) {
  const days = sql`(${asOf}::date - due_on)`;
  return sql`
    select case when ${days} <= 0 then 'not_due' when ${days} <= 30 then 'd1_30' when ${days} <= 60 then 'd31_60'
      when ${days} <= 90 then 'd61_90' when ${days} <= 180 then 'd91_180' else 'd180_plus' end as bucket,
      sum(amount_minor - paid_minor), count(*)
    from invoices where org_id = ${orgId} group by bucket`.execute(db);
}

/** Median milliseconds of the aging report and of the bare aggregate, interleaved, after a warm-up. */
export async function benchAging(db: Db, orgId: number, runs = 5): Promise<{ reportMs: number; bareMs: number; ratio: number }> {
  const org = await db.selectFrom('orgs').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow();
  const asOf = dateIn(org.timezone);
  await agingReport(db, { orgId, asOf });
  await bareAggregate(db, orgId, asOf);
  const report: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await agingReport(db, { orgId, asOf });
    report.push(performance.now() - t);
    t = performance.now();
    await bareAggregate(db, orgId, asOf);
    bare.push(performance.now() - t);
  }
  const reportMs = median(report);
  const bareMs = median(bare);
  return { reportMs, bareMs, ratio: reportMs / bareMs };
}

export interface SeedOptions {
  slug?: string; invoices?: number; customers?: number; asOf?: string;
  /** Share of invoices fully paid (default 0.6); 0 is the worst case for the report: every invoice open. */
  paidShare?: number;
}

/**
 * A realistic ledger for one org, generated in PostgreSQL: invoices issued over two years before
 * `asOf` (default today), about 60% paid (paidShare), 10% partly paid, 3% disputed, 1% written off, one
 * payment per paid invoice (all dated on or before asOf), 5 regions, 4 product lines, 50 owners.
 * Returns the org id. Idempotent per slug: an existing org is returned untouched.
 */
export async function seedAgingBench(db: Db, opts: SeedOptions = {}): Promise<number> {
  const slug = opts.slug ?? 'bench-aging';
  const n = opts.invoices ?? 1_000_000;
  const nc = opts.customers ?? 5_000;
  const asOf = opts.asOf ?? dateIn('Asia/Shanghai');
  const paid = opts.paidShare ?? 0.6;
  const existing = await db.selectFrom('orgs').select('id').where('slug', '=', slug).executeTakeFirst();
  if (existing) return existing.id;
  const org = await db.insertInto('orgs').values({ slug, name: 'Aging bench' }).returning('id').executeTakeFirstOrThrow();
  const id = org.id;
  await db.insertInto('org_policies').values({ org_id: id }).execute();
  await sql`insert into users (org_id, email, name, role)
    select ${id}, 'sales' || g || '@bench.test', 'Sales ' || g, 'sales' from generate_series(1, 50) g`.execute(db);
  await sql`insert into customers (org_id, code, name, credit_grade, credit_limit_minor, payment_terms_days, industry, region, owner_user_id)
    select ${id}, 'C' || lpad(g::text, 6, '0'), 'Customer ' || g, (array['A','B','C','D'])[1 + g % 4], 100000000, 30,
      (array['retail','construction','foreign_trade','food','machinery'])[1 + g % 5],
      (array['east','north','south','west',''])[1 + g % 5],
      (select u.id from users u where u.org_id = ${id} order by u.id offset g % 50 limit 1)
    from generate_series(1, ${nc}) g`.execute(db);
  await sql`
    with c as (select min(id) as first from customers where org_id = ${id}),
    g as (
      select g, random() as u, (${asOf}::date - (random() * 730)::int) as issued,
        (1000 + (random() * 5000000)::bigint) as amount, (array[30, 60, 90])[1 + g % 3] as terms
      from generate_series(1, ${n}) g
    )
    insert into invoices (org_id, customer_id, number, product_line, region, currency, amount_minor, paid_minor,
      issued_on, due_on, status, written_off_on)
    select ${id}, c.first + g % ${nc}, 'INV' || lpad(g::text, 8, '0'),
      (array['steel','cable','pipe','valve'])[1 + g % 4], (array['east','north','south','west',''])[1 + g % 5], 'CNY', amount,
      case when u < ${paid}::float8 then amount when u < ${paid}::float8 + 0.1 then amount / 2 else 0 end,
      issued, issued + terms,
      case when u < ${paid}::float8 then 'paid' when u < 0.96 then 'open' when u < 0.99 then 'disputed' else 'written_off' end,
      case when u >= 0.99 then least(issued + terms + 200, ${asOf}::date) end
    from g, c`.execute(db);
  await sql`insert into payments (org_id, invoice_id, amount_minor, paid_on, import_key)
    select org_id, id, paid_minor, least(due_on + (id % 60), ${asOf}::date), 'bench|' || id
    from invoices where org_id = ${id} and paid_minor > 0`.execute(db);
  await sql`analyze invoices`.execute(db);
  await sql`analyze payments`.execute(db);
  return id;
}
