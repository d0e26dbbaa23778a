// Targets that bite (DOMAIN.md "Targets"; 001: 目标分解至区域、团队及个人, 低于目标值80%…提交整改方案并限期跟进):
// each recovery target measured over its calendar month or quarter to date, for its own scope (the
// org, a region's invoices, an owner's customers), judged in exact decimal arithmetic by
// src/domain/target-achievement.ts — a float says 0.9 × 0.8 > 0.72 and flags exactly 80%.
import { periodEnding } from '../../domain/period.js';
import { achievement, parseDecimal, percentText, type Fraction } from '../../domain/target-achievement.js';
import type { IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { kpiSumsByKey, type KpiSums } from './kpi-report.js';

export interface TargetCheck {
  targetId: number;
  /** 'org', 'region:<r>' or 'owner:<name>'. */
  scope: string;
  /** The target, an exact decimal percent ("85", "92.5"). */
  percent: string;
  period: 'month' | 'quarter';
  /** Recovery over the period to date, as a rate for display (0.72); null when nothing fell due. */
  actual: number | null;
  /** Achievement (actual ÷ target) as a percent rounded to 2 decimals for display ("79.99"); null when unmeasured. */
  achievement: string | null;
  flagged: boolean;
  owner: { id: number; name: string } | null;
  /** Who is asked for a remediation plan: the target's owner, else the region's managers, else the org's managers. */
  recipientIds: number[];
}

/** Recovery (collected ÷ what fell due) as an exact fraction; null when nothing fell due. */
function recoveryFraction(s: KpiSums): Fraction | null {
  const due = s.openingOverdue + s.newlyDue;
  return due === 0n ? null : { num: s.collected, den: due };
}

/** A rate for display, from the exact fraction (4 decimals, as the KPI report). */
function rateOf(f: Fraction | null): number | null {
  return f === null ? null : Number((f.num * 10_000n * 2n + f.den) / (f.den * 2n)) / 10_000;
}

/** Every recovery target of the org and how far it is achieved on `asOf` (its month or quarter to date). */
export async function checkTargets(db: Db, orgId: number, asOf: IsoDate): Promise<TargetCheck[]> {
  const [org, targets, managers] = await Promise.all([
    db.selectFrom('orgs').select('currency').where('id', '=', orgId).executeTakeFirstOrThrow(),
    db.selectFrom('targets as t').leftJoin('users as u', (j) => j.onRef('u.id', '=', 't.owner_user_id').onRef('u.org_id', '=', 't.org_id'))
      .select(['t.id', 't.scope', 't.scope_value', 't.percent', 't.period', 'u.id as uid', 'u.name', 'u.email'])
      .where('t.org_id', '=', orgId).where('t.metric', '=', 'recovery').orderBy('t.id').execute(),
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
    else {
      // An owner's customers: the report's owner cut, keyed by the owner's email (report-sql.ts).
      const { groups } = await kpiSumsByKey(db, orgId, currency, asOf, period.days, { by: 'owner' });
      sums = groups.find((g) => g.key === t.email)?.sums;
    }
    const actual = sums ? recoveryFraction(sums) : null;
    const target = parseDecimal(t.percent);
    const judged = target.ok ? achievement('recovery', actual, { num: target.value.num, den: target.value.den * 100n }) : { status: 'unmeasured' as const };
    const owner = t.uid !== null && t.name !== null ? { id: t.uid, name: t.name } : null;
    const regionManagers = t.scope === 'region'
      ? managers.filter((m) => (m.region ?? '').toLowerCase() === t.scope_value.toLowerCase()).map((m) => m.id) : [];
    const recipientIds = owner ? [owner.id] : regionManagers.length ? regionManagers : managers.map((m) => m.id);
    out.push({
      targetId: t.id, scope: t.scope === 'org' ? 'org' : `${t.scope}:${t.scope === 'owner' ? t.name ?? t.scope_value : t.scope_value}`, percent: normalisePercent(t.percent),
      period: t.period, actual: rateOf(actual), owner, recipientIds,
      achievement: judged.status === 'measured' ? percentText(judged.achievement) : null,
      flagged: judged.status === 'measured' && judged.flagged,
    });
  }
  return out;
}

/** numeric(6,2) arrives as "85.00": shown as "85". */
function normalisePercent(p: string): string {
  return p.includes('.') ? p.replace(/\.?0+$/, '') : p;
}
