// The weekly KPI snapshots (issue 13): the KPIs of an org, and of each of its regions, as of the
// last day of each week, written by the KPI job and backfilled from the ledger for the weeks that
// have none. A snapshot is written once (the week is over); two workers writing the same week
// insert it once (primary key, ON CONFLICT DO NOTHING).
import { addDays, weekday, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { DEFAULT_PERIOD_DAYS, kpiFigures, kpiSums } from './kpi-report.js';
import type { KpiFigures } from './types.js';

/** '' is the whole org; any other value one region of its invoices. */
export const WHOLE_ORG = '';

export interface KpiSnapshot extends KpiFigures {
  region: string;
  currency: string;
  weekEnding: IsoDate;
  periodDays: number;
}

/**
 * The last `weeks` week endings before `today`, oldest first. A week ends on Sunday (ISO weeks);
 * a Sunday that is today is not over yet, so the latest is the Sunday before today.
 */
export function weekEndings(today: IsoDate, weeks: number): IsoDate[] {
  const back = weekday(today) % 7 || 7;   // Monday → 1 … Saturday → 6, Sunday → 7
  const last = addDays(today, -back);
  return Array.from({ length: weeks }, (_, i) => addDays(last, -7 * (weeks - 1 - i)));
}

/** The regions of an org's invoices in a currency (non-empty ones; the others count in the whole org). */
export async function orgRegions(db: Db, orgId: number, currency: string): Promise<string[]> {
  const rows = await db.selectFrom('invoices').select('region').distinct()
    .where('org_id', '=', orgId).where('currency', '=', currency).where('region', 'is not', null).where('region', '<>', '')
    .orderBy('region').execute();
  return rows.map((r) => r.region!);
}

function fromRow(r: {
  region: string; currency: string; week_ending: string; period_days: number; ar_balance_minor: bigint;
  overdue_balance_minor: bigint; dso: string | null; cei: string | null; recovery_rate: string | null;
  bad_debt_rate: string | null; promise_kept_rate: string | null;
}): KpiSnapshot {
  const num = (v: string | null) => (v === null ? null : Number(v));
  return {
    region: r.region, currency: r.currency, weekEnding: r.week_ending, periodDays: r.period_days,
    arBalanceMinor: r.ar_balance_minor, overdueBalanceMinor: r.overdue_balance_minor,
    dso: num(r.dso), cei: num(r.cei), recoveryRate: num(r.recovery_rate), badDebtRate: num(r.bad_debt_rate),
    promiseKeptRate: num(r.promise_kept_rate),
  };
}

export async function readKpiSnapshots(db: Db, orgId: number, currency: string, region: string, weeks: IsoDate[]): Promise<KpiSnapshot[]> {
  if (weeks.length === 0) return [];
  const rows = await db.selectFrom('kpi_snapshots')
    .select(['region', 'currency', 'week_ending', 'period_days', 'ar_balance_minor', 'overdue_balance_minor', 'dso', 'cei',
      'recovery_rate', 'bad_debt_rate', 'promise_kept_rate'])
    .where('org_id', '=', orgId).where('currency', '=', currency).where('region', '=', region)
    .where('week_ending', 'in', weeks).orderBy('week_ending').execute();
  return rows.map(fromRow);
}

/**
 * Makes sure a snapshot exists for each week and scope; computes the missing ones from the ledger
 * (kpiSums as of the week's Sunday). Returns how many were written.
 */
export async function ensureKpiSnapshots(db: Db, orgId: number, currency: string, regions: string[], weeks: IsoDate[],
  source: 'job' | 'backfill'): Promise<number> {
  if (weeks.length === 0 || regions.length === 0) return 0;
  const have = await db.selectFrom('kpi_snapshots').select(['region', 'week_ending'])
    .where('org_id', '=', orgId).where('currency', '=', currency).where('region', 'in', regions)
    .where('week_ending', 'in', weeks).execute();
  const present = new Set(have.map((h) => `${h.region}\u0000${h.week_ending}`));
  let written = 0;
  for (const region of regions) {
    for (const week of weeks) {
      if (present.has(`${region}\u0000${week}`)) continue;
      const sums = await kpiSums(db, orgId, currency, week, DEFAULT_PERIOD_DAYS, region === WHOLE_ORG ? {} : { region });
      const f = kpiFigures(sums, DEFAULT_PERIOD_DAYS);
      const res = await db.insertInto('kpi_snapshots').values({
        org_id: orgId, region, currency, week_ending: week, period_days: DEFAULT_PERIOD_DAYS,
        ar_balance_minor: f.arBalanceMinor, overdue_balance_minor: f.overdueBalanceMinor,
        dso: f.dso?.toString() ?? null, cei: f.cei?.toString() ?? null, recovery_rate: f.recoveryRate?.toString() ?? null,
        bad_debt_rate: f.badDebtRate?.toString() ?? null, promise_kept_rate: f.promiseKeptRate?.toString() ?? null,
        source,
      }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      written += Number(res.numInsertedOrUpdatedRows ?? 0n);
    }
  }
  return written;
}

/**
 * What the weekly KPI job calls: the last `weeks` weeks of the whole org and of each region, in
 * the org's currency. The first run backfills them all from the ledger; later runs add the week
 * just ended (and any week a stopped worker missed).
 */
export async function recordKpiSnapshots(db: Db, orgId: number, today: IsoDate, weeks = 12): Promise<number> {
  const org = await db.selectFrom('orgs').select('currency').where('id', '=', orgId).executeTakeFirstOrThrow();
  const ends = weekEndings(today, weeks);
  const latest = ends.at(-1)!;
  const regions = [WHOLE_ORG, ...await orgRegions(db, orgId, org.currency)];
  // The week just ended is the job's own snapshot; older missing weeks are backfill.
  const own = await ensureKpiSnapshots(db, orgId, org.currency, regions, [latest], 'job');
  return own + await ensureKpiSnapshots(db, orgId, org.currency, regions, ends.slice(0, -1), 'backfill');
}
