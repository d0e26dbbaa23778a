// Targets that bite (DOMAIN.md "Targets"; 001: 目标分解至区域、团队及个人, 低于目标值80%…提交整改方案并限期跟进):
// each target measured over its calendar month or quarter to date, for its own scope (the org, a
// region's invoices, an owner's customers, a product line's invoices), on its own metric (recovery,
// collected, DSO, CEI, overdue balance), judged in exact decimal arithmetic by
// src/domain/target-achievement.ts — a float says 0.9 × 0.8 > 0.72 and flags exactly 80%.
import { periodEnding } from '../../domain/period.js';
import { achievement, percentText, type Fraction, type TargetMetric } from '../../domain/target-achievement.js';
import { figureOf, targetActual, targetValue, type TargetFigure } from '../../domain/target-measure.js';
import type { IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { kpiSumsByKey, type KpiSums } from './kpi-report.js';

export interface TargetCheck {
  targetId: number;
  /** 'org', 'region:<r>', 'owner:<name>' or 'product:<p>'. */
  scope: string;
  metric: TargetMetric;
  /** The target's figure as set, an exact decimal ("85", "45.5", "1200000"): percent, days or major units. */
  value: string;
  period: 'month' | 'quarter';
  /** First day of the month or quarter measured. */
  periodStart: IsoDate;
  currency: string;
  /** The figure so far, rounded for display; null when there is nothing to measure (nothing fell due, no sales). */
  actual: TargetFigure | null;
  /** Achievement as a percent rounded to 2 decimals for display ("79.99"); null when unmeasured. */
  achievement: string | null;
  /** The exact achievement, for the flag's record; null when unmeasured. */
  achievementExact: Fraction | null;
  flagged: boolean;
  owner: { id: number; name: string } | null;
  /** Who is asked for a remediation plan: the target's owner, else the region's managers, else the org's managers. */
  recipientIds: number[];
}

/** Every target of the org and how far it is achieved on `asOf` (its month or quarter to date). */
export async function checkTargets(db: Db, orgId: number, asOf: IsoDate, only?: { targetId: number }): Promise<TargetCheck[]> {
  let q = db.selectFrom('targets as t').leftJoin('users as u', (j) => j.onRef('u.id', '=', 't.owner_user_id').onRef('u.org_id', '=', 't.org_id'))
    .select(['t.id', 't.scope', 't.scope_value', 't.metric', 't.percent', 't.value', 't.period', 'u.id as uid', 'u.name', 'u.email'])
    .where('t.org_id', '=', orgId);
  if (only) q = q.where('t.id', '=', only.targetId);
  const [org, targets, managers] = await Promise.all([
    db.selectFrom('orgs').select('currency').where('id', '=', orgId).executeTakeFirstOrThrow(),
    q.orderBy('t.id').execute(),
    db.selectFrom('users').select(['id', 'region']).where('org_id', '=', orgId).where('role', '=', 'manager').where('active', '=', true)
      .orderBy('id').execute(),
  ]);
  const currency = org.currency.trim();
  const out: TargetCheck[] = [];
  for (const t of targets) {
    const period = periodEnding(t.period, asOf);
    let sums: KpiSums | undefined;
    if (t.scope === 'org') sums = (await kpiSumsByKey(db, orgId, currency, asOf, period.days)).totals;
    else if (t.scope === 'region') sums = (await kpiSumsByKey(db, orgId, currency, asOf, period.days, { filter: { region: t.scope_value } })).totals;
    else if (t.scope === 'product') sums = (await kpiSumsByKey(db, orgId, currency, asOf, period.days, { filter: { product: t.scope_value } })).totals;
    else {
      // An owner's customers: the report's owner cut, keyed by the owner's email (report-sql.ts).
      const { groups } = await kpiSumsByKey(db, orgId, currency, asOf, period.days, { by: 'owner' });
      sums = groups.find((g) => g.key === t.email)?.sums;
    }
    const metric = t.metric;
    const value = normaliseDecimal(t.value ?? t.percent ?? '0');
    const actual = sums ? targetActual(metric, sums, period.days) : null;
    const target = targetValue(metric, value, currency);
    const judged = target.ok ? achievement(metric, actual, target.value) : { status: 'unmeasured' as const };
    const owner = t.uid !== null && t.name !== null ? { id: t.uid, name: t.name } : null;
    const regionManagers = t.scope === 'region'
      ? managers.filter((m) => (m.region ?? '').toLowerCase() === t.scope_value.toLowerCase()).map((m) => m.id) : [];
    const recipientIds = owner ? [owner.id] : regionManagers.length ? regionManagers : managers.map((m) => m.id);
    out.push({
      targetId: t.id, scope: t.scope === 'org' ? 'org' : `${t.scope}:${t.scope === 'owner' ? t.name ?? t.scope_value : t.scope_value}`,
      metric, value, period: t.period, periodStart: period.from, currency,
      actual: actual === null ? null : figureOf(metric, actual), owner, recipientIds,
      achievement: judged.status === 'measured' ? percentText(judged.achievement) : null,
      achievementExact: judged.status === 'measured' ? judged.achievement : null,
      flagged: judged.status === 'measured' && judged.flagged,
    });
  }
  return out;
}

/** numeric arrives as "85.00": shown as "85". */
export function normaliseDecimal(p: string): string {
  return p.includes('.') ? p.replace(/\.?0+$/, '') : p;
}
