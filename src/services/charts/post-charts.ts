// The chart a post carries (issue 13 "In the chat"): the digest shows the aging structure of its
// channel's scope, the KPI post the 12-week trend. Each comes with the words for what it shows
// (Slack's alt_text, Lark's img alt, the console's line): the text of the post stays beside it for
// notifications and screen readers, and the alt text says what only the picture would.
import type { IsoDate } from '../../domain/calendar.js';
import { BUCKETS, OVERDUE_BUCKETS } from '../../domain/aging.js';
import { displayMinor } from '../../domain/money.js';
import type { Db } from '../../store/connection.js';
import { agingReport, kpiHistory, reportLabels, type AgingReport, type ReportLocale } from '../reports/index.js';
import { agingChartOption } from './aging-chart.js';
import { agingByGroupChartOption } from './aging-by-group-chart.js';
import { chartLabels } from './chart-labels.js';
import { renderChart } from './chart-render.js';
import { kpiTrendChartOption, type KpiTrend } from './kpi-trend-chart.js';

/** A chart ready to upload: the PNG, its file name and title, and what it shows in words. */
export interface PostChart { png: Buffer; filename: string; title: string; alt: string }

/** A channel's filter (a region or product subscription sees only its own figures). */
export interface PostScope { region?: string | null; product?: string | null }

/** Weeks of the KPI post's trend (issue 13: "a 12-week trend"). */
export const POST_TREND_WEEKS = 12;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The aging chart of a scope as of a day, or null when nothing is open there (the post says so in
 * words; an empty chart would say nothing more). A region or product scope is that group's buckets
 * (never the company's under the region's name).
 */
export async function scopedAgingReport(db: Db, orgId: number, asOf: IsoDate, scope: PostScope = {}): Promise<AgingReport | null> {
  const by = scope.region ? 'region' as const : scope.product ? 'product' as const : undefined;
  const report = await agingReport(db, { orgId, asOf, ...(by ? { by } : {}) });
  if (!by) return report.totalMinor > 0n ? report : null;
  const want = (scope.region ?? scope.product)!;
  const group = report.groups?.find((g) => same(g.key, want));
  if (!group || group.totalMinor <= 0n) return null;
  return { kind: 'aging', org: `${report.org} · ${group.label ?? group.key}`, asOf, currency: report.currency,
    totalMinor: group.totalMinor, count: group.count, buckets: group.buckets };
}

export function agingAlt(report: AgingReport, locale: ReportLocale): string {
  const l = reportLabels(locale);
  const parts = BUCKETS.filter((b) => report.buckets[b].amountMinor > 0n)
    .map((b) => `${l.bucket[b]} ${displayMinor(report.buckets[b].amountMinor, report.currency)}`);
  return `${chartLabels(locale).agingTitle} · ${report.org} · ${l.asOf} ${report.asOf} (${report.currency}): ${parts.join('; ')}`;
}

export async function agingPostChart(report: AgingReport, locale: ReportLocale): Promise<PostChart> {
  const chart = await renderChart(report.by && report.groups ? agingByGroupChartOption(report, locale) : agingChartOption(report, locale));
  return { png: chart.png, filename: `aging-${report.asOf}.png`, title: chartLabels(locale).agingTitle, alt: agingAlt(report, locale) };
}

/** The digest's chart: the aging structure of the channel's scope today; none when nothing is overdue (the digest says so). */
export async function digestChart(db: Db, orgId: number, asOf: IsoDate, scope: PostScope, locale: ReportLocale): Promise<PostChart | null> {
  const report = await scopedAgingReport(db, orgId, asOf, scope);
  if (!report || OVERDUE_BUCKETS.every((b) => report.buckets[b].amountMinor === 0n)) return null;
  return agingPostChart(report, locale);
}

/**
 * The KPI post's chart: the trend of the weeks ended before `asOf` for the org or a region (the
 * weekly snapshots are kept per region). A product scope has no snapshots of its own: no chart
 * rather than the company's trend under the product's name.
 */
export async function kpiPostChart(db: Db, orgId: number, asOf: IsoDate, scope: PostScope, locale: ReportLocale): Promise<PostChart | null> {
  if (scope.product) return null;
  const history = await kpiHistory(db, { orgId, weeks: POST_TREND_WEEKS, asOf, ...(scope.region ? { by: 'region' as const } : {}) });
  const points = scope.region ? history.groups?.find((g) => same(g.key, scope.region!))?.points : history.points;
  if (!points?.length) return null;
  return kpiTrendPostChart({ org: history.org, currency: history.currency, ...(scope.region ? { region: scope.region } : {}), points }, locale);
}

export async function kpiTrendPostChart(trend: KpiTrend, locale: ReportLocale): Promise<PostChart> {
  const chart = await renderChart(kpiTrendChartOption(trend, locale));
  const c = chartLabels(locale);
  const title = c.trendTitle(trend.points.length);
  return { png: chart.png, filename: `kpi-trend-${trend.points.at(-1)?.weekEnding ?? 'empty'}.png`, title, alt: trendAlt(trend, locale) };
}

/** First and last week of each line, in words: what the trend did. */
export function trendAlt(trend: KpiTrend, locale: ReportLocale): string {
  const c = chartLabels(locale);
  const first = trend.points[0];
  const last = trend.points.at(-1);
  const head = [c.trendTitle(trend.points.length), trend.org, ...(trend.region ? [trend.region] : [])].join(' · ');
  if (!first || !last) return `${head}: ${c.noData}`;
  const num = (v: number | null, f: (x: number) => string) => (v === null ? '—' : f(v));
  const pct = (x: number) => String(Math.round(x * 10) / 10);
  const line = (name: string, a: string, b: string) => `${name} ${a} → ${b}`;
  return `${head} (${first.weekEnding} → ${last.weekEnding}): ${[
    line(c.dsoDays, num(first.dso, pct), num(last.dso, pct)),
    line(c.ceiPercent, num(first.cei, pct), num(last.cei, pct)),
    line(c.recoveryPercent, num(first.recoveryRate, (x) => pct(x * 100)), num(last.recoveryRate, (x) => pct(x * 100))),
    line(c.overdueBalance(trend.currency), displayMinor(first.overdueBalanceMinor, trend.currency), displayMinor(last.overdueBalanceMinor, trend.currency)),
  ].join('; ')}`;
}
