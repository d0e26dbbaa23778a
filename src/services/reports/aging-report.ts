// The aging report: open balances and counts per bucket as of a day, optionally per group.
// One aggregate query; the invoices are never loaded into Node.
import { sql } from 'kysely';
import { BUCKETS, type Bucket } from '../../domain/aging.js';
import type { Db } from '../../store/connection.js';
import { resolveScope } from './report-scope.js';
import { asOfSources, bucketAt, groupSql, paymentsAfterSql } from './report-sql.js';
import type { AgingGroup, AgingLine, AgingReport, ReportOptions } from './types.js';

interface Row { bucket: number; key: string | null; label: string | null; amount: bigint; n: number; total_row: boolean }

export function emptyAgingBuckets(): Record<Bucket, AgingLine> {
  return Object.fromEntries(BUCKETS.map((b) => [b, { amountMinor: 0n, count: 0 }])) as Record<Bucket, AgingLine>;
}

export async function agingReport(db: Db, opts: ReportOptions): Promise<AgingReport> {
  const scope = await resolveScope(db, opts);
  const { orgId, asOf, currency } = scope;
  const g = opts.by ? groupSql(opts.by, false) : undefined;
  const { current, later } = asOfSources(orgId, asOf, currency, g ? g.joins : sql``,
    sql`${g ? g.key : sql`null::text`} as key, ${g ? g.label : sql`null::text`} as label`);
  const inner = g ? sql`bucket, key` : sql`bucket`;
  const keyLabel = g ? sql`key, min(label) as label` : sql`null::text as key, null::text as label`;
  // An invoice is open as of asOf when issued by then, not written off by then, and its balance
  // (amount − payments dated on or before asOf) is above zero (DESIGN.md "Data formats").
  const { rows } = await sql<Row>`
    with after_as_of as (${paymentsAfterSql(orgId, asOf)}),
    parts as (
      select bucket, ${keyLabel}, sum(balance) as amount, count(*) as n
      from (${current}) c group by ${inner}
      union all
      select bucket, ${keyLabel},
        sum(greatest(balance, 0)) - sum(greatest(now_balance, 0)),
        count(*) filter (where balance > 0) - count(*) filter (where now_balance > 0)
      from (${later}) l group by ${inner}
    )
    select bucket, ${g ? sql`key` : sql`null::text`} as key, ${g ? sql`min(label)` : sql`null::text`} as label,
      sum(amount)::bigint as amount, sum(n)::int as n, ${g ? sql`grouping(key) = 1` : sql`true`} as total_row
    from parts
    group by ${g ? sql`grouping sets ((bucket), (key, bucket))` : sql`bucket`}`.execute(db);

  const buckets = emptyAgingBuckets();
  const groups = new Map<string, AgingGroup>();
  for (const r of rows) {
    if (r.n === 0) continue;
    const bucket = bucketAt(r.bucket);
    if (r.total_row) {
      buckets[bucket] = { amountMinor: r.amount, count: r.n };
      continue;
    }
    const key = r.key ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { key, ...(r.label ? { label: r.label } : {}), totalMinor: 0n, count: 0, buckets: emptyAgingBuckets() };
      groups.set(key, group);
    }
    group.buckets[bucket] = { amountMinor: r.amount, count: r.n };
    group.totalMinor += r.amount;
    group.count += r.n;
  }
  const report: AgingReport = {
    kind: 'aging', org: scope.slug, asOf, currency,
    totalMinor: BUCKETS.reduce((s, b) => s + buckets[b].amountMinor, 0n),
    count: BUCKETS.reduce((s, b) => s + buckets[b].count, 0),
    buckets,
  };
  if (opts.by) {
    report.by = opts.by;
    report.groups = sortGroups([...groups.values()], (x) => x.totalMinor);
  }
  return report;
}

/** Largest first, then by key: what a finance person reads first. */
export function sortGroups<T extends { key: string }>(groups: T[], amount: (g: T) => bigint): T[] {
  return groups.sort((a, b) => {
    const d = amount(b) - amount(a);
    if (d !== 0n) return d > 0n ? 1 : -1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}
