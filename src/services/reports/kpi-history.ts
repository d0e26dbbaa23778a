// The KPI history (duebot report kpi --history 12w): the weekly snapshots of the weeks ended
// before the report date, oldest first; weeks without a snapshot are computed from the ledger
// and stored first, so the first run backfills them and later runs only read.
import { dateIn, type IsoDate } from '../../domain/calendar.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import { getOrgById } from '../orgs.js';
import { DEFAULT_PERIOD_DAYS } from './kpi-report.js';
import { ensureKpiSnapshots, orgRegions, readKpiSnapshots, weekEndings, WHOLE_ORG, type KpiSnapshot } from './kpi-snapshots.js';

export const MAX_HISTORY_WEEKS = 104;

export interface KpiHistoryOptions {
  orgId: number;
  weeks: number;
  /** The weeks ended before this day; default today in the org's time zone. */
  asOf?: IsoDate;
  currency?: string;
  /** One line per region beside the whole org's. */
  by?: 'region';
}

export interface KpiHistory {
  kind: 'kpi_history';
  org: string;
  currency: string;
  asOf: IsoDate;
  periodDays: number;
  points: KpiSnapshot[];
  by?: 'region';
  groups?: { key: string; points: KpiSnapshot[] }[];
}

/** "12w" → 12 (1–104 weeks); null for anything else. */
export function parseHistory(text: string): number | null {
  const m = /^(\d{1,3})w$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= MAX_HISTORY_WEEKS ? n : null;
}

export async function kpiHistory(db: Db, opts: KpiHistoryOptions): Promise<KpiHistory> {
  if (!Number.isInteger(opts.weeks) || opts.weeks < 1 || opts.weeks > MAX_HISTORY_WEEKS) {
    throw new DuebotError('invalid', `history of ${opts.weeks} weeks: expected 1 to ${MAX_HISTORY_WEEKS} weeks, such as 12w`, { field: 'history' });
  }
  const org = await getOrgById(db, opts.orgId);
  const currency = (opts.currency ?? org.currency).toUpperCase();
  const asOf = opts.asOf ?? dateIn(org.timezone);
  const weeks = weekEndings(asOf, opts.weeks);
  const regions = opts.by === 'region' ? await orgRegions(db, org.id, currency) : [];
  await ensureKpiSnapshots(db, org.id, currency, [WHOLE_ORG, ...regions], weeks, 'backfill');
  const points = await readKpiSnapshots(db, org.id, currency, WHOLE_ORG, weeks);
  const history: KpiHistory = { kind: 'kpi_history', org: org.slug, currency, asOf, periodDays: points[0]?.periodDays ?? DEFAULT_PERIOD_DAYS, points };
  if (opts.by === 'region') {
    history.by = 'region';
    history.groups = await Promise.all(regions.map(async (key) => ({ key, points: await readKpiSnapshots(db, org.id, currency, key, weeks) })));
  }
  return history;
}
