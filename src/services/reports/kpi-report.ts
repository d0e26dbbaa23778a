// Collection KPIs (001, 002) for the period of `periodDays` days ending on asOf: the sums come
// from one aggregate query, the ratios from the arithmetic of src/domain/kpi.ts.
import { sql } from 'kysely';
import { addDays } from '../../domain/calendar.js';
import { badDebtRate, cei, dso, promiseKeptRate, recoveryRate } from '../../domain/kpi.js';
import { MAX_PERIOD_DAYS, periodEnding, type Period } from '../../domain/period.js';
import { keptAndBroken } from '../../domain/promise-allocation.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import { resolveScope } from './report-scope.js';
import { groupSql, notWrittenOffSql } from './report-sql.js';
import { promiseOutcomes } from './promise-outcomes.js';
import type { CollectionFigures, GroupBy, KpiFigures, KpiOptions, KpiReport } from './types.js';
import { collectionFiguresByKey } from './collection-kpis.js';

export const DEFAULT_PERIOD_DAYS = 90;

/** The sums behind the KPIs, in minor units (counts for promises). */
export interface KpiSums {
  arBalance: bigint;
  overdueBalance: bigint;
  closingCurrent: bigint;
  openingAr: bigint;
  creditSales: bigint;
  openingOverdue: bigint;
  newlyDue: bigint;
  collected: bigint;
  writtenOff: bigint;
  kept: number;
  broken: number;
}

type Row = { [K in keyof KpiSums]: KpiSums[K] };

/** Which invoices a KPI covers: a region's or a product line's (a subscription's filter). */
export interface KpiFilter { region?: string | null; product?: string | null }

export interface KpiSumsByKey { totals: KpiSums; groups: { key: string; label: string | null; sums: KpiSums }[] }

/**
 * The period is (start, asOf] with start = asOf − periodDays; "opening" means as of start.
 * - AR balance / overdue balance: open balances as of asOf / those with days overdue > 0.
 * - Credit sales: amounts of invoices issued in the period (DSO, CEI, bad-debt rate).
 * - Recovery (回收率): what fell due = balances as of start of invoices already overdue then
 *   (opening overdue) + balances as of start of invoices that became overdue during the period
 *   (newly due; for an invoice issued in the period, its amount); collected = payments dated in
 *   the period on those same invoices.
 * - Written off: balances as of asOf of invoices written off in the period.
 * - Promises: kept and broken by the ledger (promiseStates) among those whose date + grace falls
 *   in the period, judged on asOf.
 */
export async function kpiSums(db: Db, orgId: number, currency: string, asOf: string, periodDays: number, filter: KpiFilter = {}): Promise<KpiSums> {
  return (await kpiSumsByKey(db, orgId, currency, asOf, periodDays, { filter })).totals;
}

/** The same sums, for the whole scope and (with `by`) per group key (report-sql.ts groupSql). */
export async function kpiSumsByKey(db: Db, orgId: number, currency: string, asOf: string, periodDays: number,
  opts: { by?: GroupBy; filter?: KpiFilter } = {}): Promise<KpiSumsByKey> {
  const start = addDays(asOf, -periodDays);
  const g = opts.by ? groupSql(opts.by, false) : undefined;
  const f = opts.filter ?? {};
  // A subscription's region or product names what an alert routed there would (jobs/outbox.ts).
  const where = [
    f.region != null ? sql`and lower(coalesce(i.region, '')) = lower(${f.region})` : sql``,
    f.product ? sql`and lower(coalesce(i.product_line, '')) = lower(${f.product})` : sql``,
  ];
  const { rows } = await sql<Omit<Row, 'kept' | 'broken'> & { key: string | null; label: string | null; total_row: boolean }>`
    with after_start as (
      select p.invoice_id, sum(p.amount_minor)::bigint as after_start,
        coalesce(sum(p.amount_minor) filter (where p.paid_on > ${asOf}::date), 0)::bigint as after_end
      from payments p where p.org_id = ${orgId} and p.paid_on > ${start}::date group by p.invoice_id
    ),
    inv as (
      select ${g ? g.key : sql`null::text`} as key, ${g ? g.label : sql`null::text`} as label,
        i.due_on, i.issued_on, i.amount_minor,
        i.amount_minor - i.paid_minor + coalesce(a.after_end, 0) as bal_end,
        i.amount_minor - i.paid_minor + coalesce(a.after_start, 0) as bal_start,
        coalesce(${notWrittenOffSql(asOf)}, false) as live_end,
        coalesce(${notWrittenOffSql(start)}, false) as live_start,
        coalesce(i.status = 'written_off' and i.written_off_on > ${start}::date and i.written_off_on <= ${asOf}::date, false) as written_off_in_period
      from invoices i left join after_start a on a.invoice_id = i.id ${g ? g.joins : sql``}
      where i.org_id = ${orgId} and i.currency = ${currency} and i.issued_on <= ${asOf}::date ${where[0]!} ${where[1]!}
    )
    select ${g ? sql`key, min(label) as label, grouping(key) = 1` : sql`null::text as key, null::text as label, true`} as total_row,
      coalesce(sum(bal_end) filter (where live_end and bal_end > 0), 0)::bigint as "arBalance",
      coalesce(sum(bal_end) filter (where live_end and bal_end > 0 and due_on < ${asOf}::date), 0)::bigint as "overdueBalance",
      coalesce(sum(bal_end) filter (where live_end and bal_end > 0 and due_on >= ${asOf}::date), 0)::bigint as "closingCurrent",
      coalesce(sum(bal_start) filter (where live_start and bal_start > 0 and issued_on <= ${start}::date), 0)::bigint as "openingAr",
      coalesce(sum(amount_minor) filter (where issued_on > ${start}::date), 0)::bigint as "creditSales",
      coalesce(sum(bal_start) filter (where live_start and bal_start > 0 and due_on < ${start}::date), 0)::bigint as "openingOverdue",
      coalesce(sum(bal_start) filter (where live_start and bal_start > 0 and due_on >= ${start}::date and due_on < ${asOf}::date), 0)::bigint as "newlyDue",
      coalesce(sum(bal_start - bal_end) filter (where live_start and bal_start > 0 and due_on < ${asOf}::date), 0)::bigint as "collected",
      coalesce(sum(bal_end) filter (where written_off_in_period and bal_end > 0), 0)::bigint as "writtenOff"
    from inv
    ${g ? sql`group by grouping sets ((), (key))` : sql``}`.execute(db);

  const promises = await promiseCounts(db, orgId, currency, asOf, addDays(start, 1), opts);
  const zero = { arBalance: 0n, overdueBalance: 0n, closingCurrent: 0n, openingAr: 0n, creditSales: 0n, openingOverdue: 0n,
    newlyDue: 0n, collected: 0n, writtenOff: 0n };
  const sumsOf = (r: (typeof rows)[number] | undefined, key: string | null): KpiSums => {
    const p = promises.get(key) ?? { kept: 0, broken: 0 };
    if (!r) return { ...zero, ...p };
    return { arBalance: r.arBalance, overdueBalance: r.overdueBalance, closingCurrent: r.closingCurrent, openingAr: r.openingAr,
      creditSales: r.creditSales, openingOverdue: r.openingOverdue, newlyDue: r.newlyDue, collected: r.collected,
      writtenOff: r.writtenOff, ...p };
  };
  const totals = sumsOf(rows.find((r) => r.total_row), null);
  const groups = rows.filter((r) => !r.total_row).map((r) => ({ key: r.key!, label: r.label, sums: sumsOf(r, r.key) }))
    // Largest AR first, then by key, as the other reports list their groups.
    .sort((a, b) => (b.sums.arBalance > a.sums.arBalance ? 1 : b.sums.arBalance < a.sums.arBalance ? -1 : a.key < b.key ? -1 : 1));
  return { totals, groups };
}

/**
 * Kept and broken promises of the period [from, asOf], in total (key null) and per group key. A
 * promise belongs to its customer: by customer, owner and the customer's region; a product filter
 * or grouping has no promises to count (a promise is not made per product line).
 */
async function promiseCounts(db: Db, orgId: number, currency: string, asOf: string, from: string,
  opts: { by?: GroupBy; filter?: KpiFilter }): Promise<Map<string | null, { kept: number; broken: number }>> {
  const out = new Map<string | null, { kept: number; broken: number }>();
  if (opts.filter?.product || opts.by === 'product') { out.set(null, { kept: 0, broken: 0 }); if (opts.filter?.product) return out; }
  const customers = await db.selectFrom('customers as c').leftJoin('users as u', (j) => j.onRef('u.id', '=', 'c.owner_user_id').onRef('u.org_id', '=', 'c.org_id'))
    .select(['c.id', 'c.code', 'c.region', 'u.email']).where('c.org_id', '=', orgId).execute();
  const keyOf = new Map(customers.map((c) => [c.id, {
    customer: c.code, owner: c.email ?? '(unassigned)', region: c.region && c.region !== '' ? c.region : '(none)',
  }]));
  // '' is the customers with no region.
  const region = opts.filter?.region?.toLowerCase();
  const ids = region != null ? customers.filter((c) => (c.region ?? '').toLowerCase() === region).map((c) => c.id) : undefined;
  if (ids && ids.length === 0) { out.set(null, { kept: 0, broken: 0 }); return out; }
  const all = await promiseOutcomes(db, orgId, currency, asOf, ids ? { customerIds: ids } : {});
  const add = (key: string | null, c: { kept: number; broken: number }) => {
    const prev = out.get(key) ?? { kept: 0, broken: 0 };
    out.set(key, { kept: prev.kept + c.kept, broken: prev.broken + c.broken });
  };
  add(null, { kept: 0, broken: 0 });
  for (const { customerId, outcomes } of all) {
    const c = keptAndBroken(outcomes, from, asOf);
    add(null, c);
    if (opts.by && opts.by !== 'product') add(keyOf.get(customerId)?.[opts.by] ?? null, c);
  }
  return out;
}

/** The KPIs from their sums (one place, so the report, the post and the snapshots agree). */
export function kpiFigures(s: KpiSums, periodDays: number): KpiFigures {
  return {
    arBalanceMinor: s.arBalance,
    overdueBalanceMinor: s.overdueBalance,
    dso: dso(s.arBalance, s.creditSales, periodDays),
    cei: cei(s.openingAr, s.creditSales, s.arBalance, s.closingCurrent),
    recoveryRate: recoveryRate(s.collected, s.openingOverdue, s.newlyDue),
    badDebtRate: badDebtRate(s.writtenOff, s.creditSales),
    promiseKeptRate: promiseKeptRate(s.kept, s.broken),
  };
}

/** The period of a KPI report: `period` (month|quarter|year|{days}) wins over `periodDays`; default 90 days. */
export function kpiPeriod(opts: Pick<KpiOptions, 'period' | 'periodDays'>, asOf: string): Period {
  if (opts.period !== undefined) return periodEnding(opts.period, asOf);
  const periodDays = opts.periodDays ?? DEFAULT_PERIOD_DAYS;
  if (!Number.isInteger(periodDays) || periodDays < 1 || periodDays > MAX_PERIOD_DAYS) {
    throw new DuebotError('invalid', `period of ${periodDays} days: expected a whole number of days from 1 to ${MAX_PERIOD_DAYS}`, { field: 'periodDays' });
  }
  return periodEnding({ days: periodDays }, asOf);
}

export async function kpiReport(db: Db, opts: KpiOptions): Promise<KpiReport> {
  const scope = await resolveScope(db, { ...opts, asOf: opts.asOf });
  const period = kpiPeriod(opts, scope.asOf);
  const cut = { ...(opts.by ? { by: opts.by } : {}), ...(opts.filter ? { filter: opts.filter } : {}) };
  const [{ totals, groups }, collection] = await Promise.all([
    kpiSumsByKey(db, scope.orgId, scope.currency, scope.asOf, period.days, cut),
    collectionFiguresByKey(db, scope.orgId, scope.currency, scope.asOf, period.days, cut),
  ]);
  const none: CollectionFigures = { ratingCoverage: null, collectionCycleDays: null, timeToClaimHours: null };
  return {
    kind: 'kpi', org: scope.slug, asOf: scope.asOf, currency: scope.currency, periodDays: period.days, period: period.label,
    ...kpiFigures(totals, period.days), ...collection.totals,
    ...(opts.by ? { by: opts.by, groups: groups.map((g) => ({ key: g.key, ...(g.label ? { label: g.label } : {}), ...kpiFigures(g.sums, period.days),
      ...(collection.groups.get(g.key) ?? none) })) } : {}),
  };
}
