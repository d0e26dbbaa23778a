// The weekly KPI post (001 targets): recovery, DSO, CEI and the aging structure against last
// week, and the targets under 80% achieved (exact decimals: services/reports/target-checks.ts). The figures come
// from the reports service (kpiReport, agingReport), so the post and `duebot report` agree.
import { addDays, type IsoDate } from '../src/domain/calendar.js';
import { agingStructure } from '../src/domain/kpi.js';
import { OVERDUE_BUCKETS, type Bucket } from '../src/domain/aging.js';
import { agingReport, kpiReport } from '../src/services/reports/index.js';
import { checkTargets, type TargetCheck } from '../src/services/reports/target-checks.js';
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

/** Each flagged target with the remediation plan recorded on its flag for the period (issue 10), if any. */
async function withPlans(db: Db, orgId: number, flagged: TargetCheck[]): Promise<KpiPostData['flagged']> {
  const flags = flagged.length === 0 ? [] : await db.selectFrom('target_flags as f')
    .leftJoin('users as o', (j) => j.onRef('o.id', '=', 'f.plan_owner_user_id').onRef('o.org_id', '=', 'f.org_id'))
    .select(['f.target_id', 'f.period_start', 'f.plan_action', 'f.plan_due_on', 'o.id as oid', 'o.name as oname'])
    .where('f.org_id', '=', orgId).where('f.target_id', 'in', flagged.map((t) => t.targetId)).execute();
  return flagged.map((t) => {
    const f = flags.find((x) => x.target_id === t.targetId && x.period_start === t.periodStart);
    const plan = f && f.plan_action !== null && f.plan_due_on !== null
      ? { action: f.plan_action, dueOn: f.plan_due_on, owner: f.oid !== null && f.oname !== null ? { id: f.oid, name: f.oname } : null } : null;
    return { scope: t.scope, metric: t.metric, value: t.value, actual: t.actual, achievement: t.achievement, owner: t.owner, plan };
  });
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
    flagged: await withPlans(db, orgId, targets.filter((t) => t.flagged)),
  };
}
