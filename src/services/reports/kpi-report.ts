// Collection KPIs (001, 002) for the period of `periodDays` days ending on asOf: the sums come
// from one aggregate query, the ratios from the arithmetic of src/domain/kpi.ts.
import { sql } from 'kysely';
import { addDays } from '../../domain/calendar.js';
import { badDebtRate, cei, dso, promiseKeptRate, recoveryRate } from '../../domain/kpi.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import { resolveScope } from './report-scope.js';
import { notWrittenOffSql } from './report-sql.js';
import type { KpiOptions, KpiReport } from './types.js';

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

/**
 * The period is (start, asOf] with start = asOf − periodDays; "opening" means as of start.
 * - AR balance / overdue balance: open balances as of asOf / those with days overdue > 0.
 * - Credit sales: amounts of invoices issued in the period (DSO, CEI, bad-debt rate).
 * - Recovery (回收率): what fell due = balances as of start of invoices already overdue then
 *   (opening overdue) + balances as of start of invoices that became overdue during the period
 *   (newly due; for an invoice issued in the period, its amount); collected = payments dated in
 *   the period on those same invoices.
 * - Written off: balances as of asOf of invoices written off in the period.
 * - Promises: resolved kept or broken, promised for a day in the period.
 */
export async function kpiSums(db: Db, orgId: number, currency: string, asOf: string, periodDays: number, region?: string): Promise<KpiSums> {
  const start = addDays(asOf, -periodDays);
  // One region's KPIs (the weekly snapshots): its invoices, and the promises of its customers.
  const invoiceRegion = region === undefined ? sql`` : sql`and coalesce(i.region, '') = ${region}`;
  const promiseRegion = region === undefined ? sql``
    : sql`and customer_id in (select c.id from customers c where c.org_id = ${orgId} and coalesce(c.region, '') = ${region})`;
  const { rows } = await sql<Row>`
    with after_start as (
      select p.invoice_id, sum(p.amount_minor)::bigint as after_start,
        coalesce(sum(p.amount_minor) filter (where p.paid_on > ${asOf}::date), 0)::bigint as after_end
      from payments p where p.org_id = ${orgId} and p.paid_on > ${start}::date group by p.invoice_id
    ),
    inv as (
      select i.due_on, i.issued_on, i.amount_minor,
        i.amount_minor - i.paid_minor + coalesce(a.after_end, 0) as bal_end,
        i.amount_minor - i.paid_minor + coalesce(a.after_start, 0) as bal_start,
        coalesce(${notWrittenOffSql(asOf)}, false) as live_end,
        coalesce(${notWrittenOffSql(start)}, false) as live_start,
        coalesce(i.status = 'written_off' and i.written_off_on > ${start}::date and i.written_off_on <= ${asOf}::date, false) as written_off_in_period
      from invoices i left join after_start a on a.invoice_id = i.id
      where i.org_id = ${orgId} and i.currency = ${currency} and i.issued_on <= ${asOf}::date ${invoiceRegion}
    ),
    prom as (
      select count(*) filter (where status = 'kept')::int as kept, count(*) filter (where status = 'broken')::int as broken
      from promises where org_id = ${orgId} and currency = ${currency}
        and promised_on > ${start}::date and promised_on <= ${asOf}::date ${promiseRegion}
    )
    select
      coalesce(sum(bal_end) filter (where live_end and bal_end > 0), 0)::bigint as "arBalance",
      coalesce(sum(bal_end) filter (where live_end and bal_end > 0 and due_on < ${asOf}::date), 0)::bigint as "overdueBalance",
      coalesce(sum(bal_end) filter (where live_end and bal_end > 0 and due_on >= ${asOf}::date), 0)::bigint as "closingCurrent",
      coalesce(sum(bal_start) filter (where live_start and bal_start > 0 and issued_on <= ${start}::date), 0)::bigint as "openingAr",
      coalesce(sum(amount_minor) filter (where issued_on > ${start}::date), 0)::bigint as "creditSales",
      coalesce(sum(bal_start) filter (where live_start and bal_start > 0 and due_on < ${start}::date), 0)::bigint as "openingOverdue",
      coalesce(sum(bal_start) filter (where live_start and bal_start > 0 and due_on >= ${start}::date and due_on < ${asOf}::date), 0)::bigint as "newlyDue",
      coalesce(sum(bal_start - bal_end) filter (where live_start and bal_start > 0 and due_on < ${asOf}::date), 0)::bigint as "collected",
      coalesce(sum(bal_end) filter (where written_off_in_period and bal_end > 0), 0)::bigint as "writtenOff",
      (select kept from prom) as kept, (select broken from prom) as broken
    from inv`.execute(db);
  return rows[0]!;
}

export async function kpiReport(db: Db, opts: KpiOptions): Promise<KpiReport> {
  const periodDays = opts.periodDays ?? DEFAULT_PERIOD_DAYS;
  if (!Number.isInteger(periodDays) || periodDays < 1 || periodDays > 3660) {
    throw new DuebotError('invalid', `period of ${periodDays} days: expected a whole number of days from 1 to 3660`, { field: 'periodDays' });
  }
  const scope = await resolveScope(db, opts);
  const s = await kpiSums(db, scope.orgId, scope.currency, scope.asOf, periodDays);
  return { kind: 'kpi', org: scope.slug, asOf: scope.asOf, currency: scope.currency, periodDays, ...kpiFigures(s, periodDays) };
}

export type KpiFigures = Omit<KpiReport, 'kind' | 'org' | 'asOf' | 'currency' | 'periodDays'>;

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
