// The weekly KPI post (001 targets): recovery, DSO, CEI and the aging structure against last
// week, and the targets under 80% achieved (exact decimals: services/reports/target-checks.ts). The figures come
// from the reports service (kpiReport, agingReport), so the post and `duebot report` agree.
import { addDays, type IsoDate } from '../src/domain/calendar.js';
import { agingStructure } from '../src/domain/kpi.js';
import { OVERDUE_BUCKETS, type Bucket } from '../src/domain/aging.js';
import { agingReport, kpiReport } from '../src/services/reports/index.js';
import { checkTargets } from '../src/services/reports/target-checks.js';
import type { Db } from '../src/store/connection.js';
import type { KpiPostData } from './views.js';

type Scope = { region?: string | null; product?: string | null };

/**
 * The figures of the post; a subscription filtered by region or product gets that region's or
 * product line's (issue 10: never the company's under the region's name).
 */
async function figures(db: Db, orgId: number, asOf: IsoDate, scope: Scope = {}) {
  const filter = { ...(scope.region ? { region: scope.region } : {}), ...(scope.product ? { product: scope.product } : {}) };
  const by = scope.region ? 'region' as const : scope.product ? 'product' as const : undefined;
  const [k, a] = await Promise.all([kpiReport(db, { orgId, asOf, filter }), agingReport(db, { orgId, asOf, ...(by ? { by } : {}) })]);
  const want = (scope.region ?? scope.product ?? '').toLowerCase();
  const buckets = by ? a.groups?.find((g) => g.key.toLowerCase() === want)?.buckets : a.buckets;
  const amounts: Partial<Record<Bucket, bigint>> = {};
  for (const b of OVERDUE_BUCKETS) amounts[b] = buckets?.[b].amountMinor ?? 0n;
  const structure = agingStructure(amounts) as Record<string, number>;
  return { recoveryRate: k.recoveryRate, dso: k.dso, cei: k.cei, structure, currency: k.currency };
}

export async function loadKpiPost(db: Db, orgId: number, asOf: IsoDate, scope: { region?: string | null; product?: string | null } = {}): Promise<KpiPostData> {
  const [current, lastWeek, targets] = await Promise.all([
    figures(db, orgId, asOf, scope), figures(db, orgId, addDays(asOf, -7), scope), checkTargets(db, orgId, asOf),
  ]);
  const strip = (f: Awaited<ReturnType<typeof figures>>) => ({ recoveryRate: f.recoveryRate, dso: f.dso, cei: f.cei, structure: f.structure });
  return {
    org: orgId, asOf, currency: current.currency,
    ...(scope.region || scope.product ? { scope } : {}),
    current: strip(current), lastWeek: strip(lastWeek),
    flagged: targets.filter((t) => t.flagged).map((t) => ({ scope: t.scope, percent: t.percent, actual: t.actual, achievement: t.achievement, owner: t.owner })),
  };
}
