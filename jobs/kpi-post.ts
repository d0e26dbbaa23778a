// The weekly KPI post (001 targets): recovery, DSO, CEI and the aging structure against last
// week, and the targets under 80% achieved (targetFlagged, src/domain/kpi.ts). The figures come
// from the reports service (kpiReport, agingReport), so the post and `duebot report` agree.
import { addDays, type IsoDate } from '../src/domain/calendar.js';
import { agingStructure, targetFlagged } from '../src/domain/kpi.js';
import { OVERDUE_BUCKETS, type Bucket } from '../src/domain/aging.js';
import { agingReport, kpiReport } from '../src/services/reports/index.js';
import type { Db } from '../src/store/connection.js';
import type { KpiPostData, PersonRef } from './views.js';

const PERIOD_DAYS: Record<string, number> = { month: 30, quarter: 90 };

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

export interface TargetCheck { targetId: number; scope: string; percent: string; actual: number | null; owner: PersonRef | null }

/**
 * Recovery targets and how far each is achieved as of `asOf` (recovery over the target's period).
 * Only org-wide targets can be measured until the reports service cuts KPIs by region and owner;
 * the others are listed with `actual: null` and not flagged.
 */
export async function checkTargets(db: Db, orgId: number, asOf: IsoDate): Promise<(TargetCheck & { flagged: boolean })[]> {
  const targets = await db.selectFrom('targets as t').leftJoin('users as u', 'u.id', 't.owner_user_id')
    .select(['t.id', 't.scope', 't.scope_value', 't.percent', 't.period', 'u.id as uid', 'u.name'])
    .where('t.org_id', '=', orgId).where('t.metric', '=', 'recovery').orderBy('t.id').execute();
  const out: (TargetCheck & { flagged: boolean })[] = [];
  for (const t of targets) {
    const owner = t.uid ? { id: t.uid, name: t.name! } : null;
    const scope = t.scope === 'org' ? 'org' : `${t.scope}:${t.scope_value}`;
    if (t.scope !== 'org') { out.push({ targetId: t.id, scope, percent: t.percent, actual: null, owner, flagged: false }); continue; }
    const k = await kpiReport(db, { orgId, asOf, periodDays: PERIOD_DAYS[t.period] ?? 30 });
    out.push({ targetId: t.id, scope, percent: t.percent, actual: k.recoveryRate, owner,
      flagged: targetFlagged(k.recoveryRate, Number(t.percent) / 100) });
  }
  return out;
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
    flagged: targets.filter((t) => t.flagged).map((t) => ({ scope: t.scope, percent: t.percent, actual: t.actual, owner: t.owner })),
  };
}
