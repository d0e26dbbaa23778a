// The chart of each report: aging → the bucket bars (or, grouped, the stacked bars per group);
// KPI history → the weekly trend. What `duebot report … --format png` writes and the posts carry.
import type { AgingReport, KpiHistory, ReportLocale } from '../reports/index.js';
import { agingByGroupChartOption } from './aging-by-group-chart.js';
import { agingChartOption } from './aging-chart.js';
import { renderChart, type RenderedChart } from './chart-render.js';
import { kpiTrendChartOption, type KpiTrend } from './kpi-trend-chart.js';

export function agingChart(report: AgingReport, locale: ReportLocale): Promise<RenderedChart> {
  return renderChart(report.by && report.groups ? agingByGroupChartOption(report, locale) : agingChartOption(report, locale));
}

export function kpiTrend(history: KpiHistory): KpiTrend {
  return { org: history.org, currency: history.currency, points: history.points };
}

export function kpiTrendChart(history: KpiHistory, locale: ReportLocale): Promise<RenderedChart> {
  return renderChart(kpiTrendChartOption(kpiTrend(history), locale));
}
