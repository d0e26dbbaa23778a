// The bad-debt provision report by the aging method (001, 坏账准备金): per invoice, open balance ×
// the bucket's rate (uplifted for high-risk industries), rounded half-up; totals sum the lines.
import { sql, type RawBuilder } from 'kysely';
import { BUCKETS, type Bucket } from '../../domain/aging.js';
import { rateToNumber, parseRate, rateToString } from '../../domain/money.js';
import { DEFAULT_PROVISION_POLICY, provisionRate, type ProvisionPolicy } from '../../domain/provision.js';
import type { Db } from '../../store/connection.js';
import { sortGroups } from './aging-report.js';
import { resolveScope } from './report-scope.js';
import { asOfSources, bucketAt, groupSql, paymentsAfterSql } from './report-sql.js';
import type { ProvisionGroup, ProvisionLine, ProvisionReport, ReportOptions } from './types.js';

interface Row { bucket: number; key: string | null; label: string | null; balance: bigint; provision: bigint; n: number; total_row: boolean }

/** The org's provision policy (org_policies), or the documents' defaults when it has none. */
export async function provisionPolicy(db: Db, orgId: number): Promise<ProvisionPolicy> {
  const p = await db.selectFrom('org_policies').select(['provision_rates', 'high_risk_industries', 'high_risk_uplift'])
    .where('org_id', '=', orgId).executeTakeFirst();
  if (!p) return DEFAULT_PROVISION_POLICY;
  const rates = Object.fromEntries(BUCKETS.map((b) => {
    const r = p.provision_rates[b];
    return [b, r === undefined || r === null ? DEFAULT_PROVISION_POLICY.rates[b] : String(r)];
  })) as Record<Bucket, string>;
  return { rates, highRiskIndustries: p.high_risk_industries, uplift: String(p.high_risk_uplift) };
}

export async function provisionReport(db: Db, opts: ReportOptions): Promise<ProvisionReport> {
  const scope = await resolveScope(db, opts);
  const { orgId, asOf, currency } = scope;
  const policy = await provisionPolicy(db, orgId);
  // The effective rates come from the domain rule (provisionRate: base × (1 + uplift), capped at
  // 100%) as exact decimals; SQL applies them with numeric arithmetic, never floats.
  const baseRates = BUCKETS.map((b) => rateToString(provisionRate(b, null, policy)));
  // Any listed industry gives the uplifted rate (with an empty list no customer matches anyway).
  const highRiskRates = BUCKETS.map((b) => rateToString(provisionRate(b, policy.highRiskIndustries[0] ?? null, policy)));
  const highRisk = policy.highRiskIndustries.map((h) => h.trim().toLowerCase());
  const g = opts.by ? groupSql(opts.by, true) : undefined;
  const { current, later } = asOfSources(orgId, asOf, currency,
    sql`join customers c on c.id = i.customer_id and c.org_id = i.org_id ${g ? g.joins : sql``}`,
    sql`${g ? g.key : sql`null::text`} as key, ${g ? g.label : sql`null::text`} as label,
      coalesce(lower(trim(c.industry)) = any(${highRisk}::text[]), false) as high_risk`);
  // numeric round() rounds half away from zero: half-up for these positive balances.
  const provisionOf = (balance: RawBuilder<unknown>) =>
    sql`round(${balance} * (case when high_risk then ${highRiskRates}::numeric[] else ${baseRates}::numeric[] end)[bucket + 1])`;
  const inner = g ? sql`bucket, key` : sql`bucket`;
  const keyLabel = g ? sql`key, min(label) as label` : sql`null::text as key, null::text as label`;
  const { rows } = await sql<Row>`
    with after_as_of as (${paymentsAfterSql(orgId, asOf)}),
    parts as (
      select bucket, ${keyLabel}, sum(balance) as balance, sum(${provisionOf(sql`balance`)}) as provision, count(*) as n
      from (${current}) c group by ${inner}
      union all
      select bucket, ${keyLabel},
        sum(greatest(balance, 0)) - sum(greatest(now_balance, 0)),
        sum(${provisionOf(sql`greatest(balance, 0)`)}) - sum(${provisionOf(sql`greatest(now_balance, 0)`)}),
        count(*) filter (where balance > 0) - count(*) filter (where now_balance > 0)
      from (${later}) l group by ${inner}
    )
    select bucket, ${g ? sql`key` : sql`null::text`} as key, ${g ? sql`min(label)` : sql`null::text`} as label,
      sum(balance)::bigint as balance, sum(provision)::bigint as provision, sum(n)::int as n,
      ${g ? sql`grouping(key) = 1` : sql`true`} as total_row
    from parts
    group by ${g ? sql`grouping sets ((bucket), (key, bucket))` : sql`bucket`}`.execute(db);

  const buckets = Object.fromEntries(BUCKETS.map((b) => [b, {
    balanceMinor: 0n, rate: rateToNumber(parseRate(policy.rates[b])), provisionMinor: 0n,
  }])) as Record<Bucket, ProvisionLine>;
  const groups = new Map<string, ProvisionGroup>();
  for (const r of rows) {
    if (r.n === 0) continue;
    if (r.total_row) {
      const line = buckets[bucketAt(r.bucket)];
      line.balanceMinor = r.balance;
      line.provisionMinor = r.provision;
      continue;
    }
    const key = r.key ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { key, ...(r.label ? { label: r.label } : {}), balanceMinor: 0n, provisionMinor: 0n };
      groups.set(key, group);
    }
    group.balanceMinor += r.balance;
    group.provisionMinor += r.provision;
  }
  const report: ProvisionReport = {
    kind: 'provision', org: scope.slug, asOf, currency,
    balanceMinor: BUCKETS.reduce((s, b) => s + buckets[b].balanceMinor, 0n),
    totalMinor: BUCKETS.reduce((s, b) => s + buckets[b].provisionMinor, 0n),
    buckets,
  };
  if (opts.by) {
    report.by = opts.by;
    report.groups = sortGroups([...groups.values()], (x) => x.provisionMinor);
  }
  return report;
}
