// The weekly KPI post to channels subscribed to `kpi`: this week against last week, and the
// targets under 80% achieved (001: 低于目标值80%). Input shaped like the jobs' KpiPostData.
import { BUCKETS, type Bucket } from '../../domain/aging.js';
import type { IsoDate } from '../../domain/calendar.js';
import { formatDate, formatPercent, t, tr, type Locale } from '../i18n.js';
import type { Block, Message, Rich } from '../message.js';
import { mention, oneLine, type Person } from './parts.js';
import type { TargetMetric } from '../../domain/target-achievement.js';
import type { TargetFigure } from '../../domain/target-measure.js';
import { figureText, metricName, targetValueText } from './target-figure.js';

export interface KpiSnapshot { recoveryRate: number | null; dso: number | null; cei: number | null; structure: Record<string, number> }

export interface KpiPostInput {
  org: number;
  asOf: IsoDate;
  currency: string;
  scope?: { region?: string | null; product?: string | null };
  current: KpiSnapshot;
  lastWeek: KpiSnapshot;
  flagged: {
    scope: string; metric: TargetMetric; value: string; actual: TargetFigure | null; achievement: string | null; owner: Person | null;
    /** The remediation plan recorded for the period (DOMAIN.md "Targets"); null while none came. */
    plan: { owner: Person | null; action: string; dueOn: IsoDate } | null;
  }[];
}

const FLAGGED_SHOWN = 15;

export function kpiPostView(d: KpiPostInput, locale: Locale): Message {
  const pct = (r: number | null | undefined) => formatPercent(r ?? null, locale);
  const days = (n: number | null) => (n === null ? t(locale, 'value.none') : t(locale, 'unit.days', { n: Math.round(n * 10) / 10 }));
  const cei = (n: number | null) => (n === null ? t(locale, 'value.none') : formatPercent(n / 100, locale));
  const bucketName = (k: string) => ((BUCKETS as readonly string[]).includes(k) ? t(locale, `bucket.${k as Bucket}`) : oneLine(k, 30));
  const rows: string[][] = [
    [t(locale, 'kpi.recovery_rate'), pct(d.current.recoveryRate), pct(d.lastWeek.recoveryRate)],
    [t(locale, 'kpi.dso'), days(d.current.dso), days(d.lastWeek.dso)],
    [t(locale, 'kpi.cei'), cei(d.current.cei), cei(d.lastWeek.cei)],
    ...Object.keys(d.current.structure).map((b) => [t(locale, 'kpi.share_of', { bucket: bucketName(b) }), pct(d.current.structure[b]), pct(d.lastWeek.structure[b])]),
  ];
  const title = t(locale, 'kpi_post.title', { date: formatDate(d.asOf, locale) });
  const blocks: Block[] = [];
  const scope: string[] = [];
  if (d.scope?.region) scope.push(t(locale, 'scope.region', { region: d.scope.region }));
  if (d.scope?.product) scope.push(t(locale, 'scope.product', { product: d.scope.product }));
  if (scope.length) blocks.push({ type: 'context', text: scope.join(' · ') });
  blocks.push({ type: 'table', columns: [t(locale, 'col.metric'), t(locale, 'kpi_post.this_week'), t(locale, 'kpi_post.last_week')], rows, align: ['left', 'right', 'right'] });
  if (d.flagged.length) {
    blocks.push({ type: 'section', text: t(locale, 'kpi_post.flagged') });
    const items: Rich[] = d.flagged.slice(0, FLAGGED_SHOWN).map((f) => {
      const line = tr(locale, 'kpi_post.flagged_line', { scope: oneLine(f.scope, 80), metric: metricName(f.metric, locale),
        value: targetValueText(f.metric, f.value, d.currency, locale), actual: figureText(f.actual, d.currency, locale), achievement: f.achievement ?? '' });
      const withOwner = f.owner ? [...line, { text: ' · ' }, mention(f.owner)] : line;
      // 001: 提交整改方案 — the plan recorded for the period, or that none came yet.
      const plan = f.plan
        ? tr(locale, 'kpi_post.plan', { owner: f.plan.owner ? mention(f.plan.owner) : t(locale, 'value.none'), action: oneLine(f.plan.action, 200),
          date: formatDate(f.plan.dueOn, locale) })
        : [{ text: t(locale, 'kpi_post.no_plan') }];
      return [...withOwner, { text: ' — ' }, ...plan];
    });
    blocks.push({ type: 'list', items });
    if (d.flagged.length > FLAGGED_SHOWN) blocks.push({ type: 'context', text: t(locale, 'mine.more', { count: d.flagged.length - FLAGGED_SHOWN }) });
  }
  return { title, level: d.flagged.length ? 'orange' : 'blue', blocks, summary: title };
}
