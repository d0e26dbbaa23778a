// The weekly trend of DSO, CEI, recovery rate and overdue balance: four small panels sharing the
// week axis (their units differ, so one axis each rather than four lines on one scale).
import type { EChartsOption } from 'echarts';
import { reportLabels, type ReportLocale } from '../reports/index.js';
import { AXIS_LABEL, SPLIT_LINE, titleOption } from './chart-frame.js';
import { chartLabels } from './chart-labels.js';
import { LEVEL_COLOURS, LINE_COLOUR } from './chart-palette.js';
import { compactNumber, plotAmount } from './chart-values.js';

/** One week of the KPI history (a snapshot as of the week's last day). */
export interface KpiTrendPoint {
  weekEnding: string;
  dso: number | null;
  /** Percent 0–100. */
  cei: number | null;
  /** Ratio 0–1. */
  recoveryRate: number | null;
  overdueBalanceMinor: bigint;
}

export interface KpiTrend { org: string; currency: string; region?: string; points: KpiTrendPoint[] }

const PANELS = [
  { left: '7%', top: 96 }, { left: '57%', top: 96 },
  { left: '7%', top: 276 }, { left: '57%', top: 276 },
] as const;

export function kpiTrendChartOption(trend: KpiTrend, locale: ReportLocale): EChartsOption {
  const l = reportLabels(locale);
  const c = chartLabels(locale);
  const weeks = trend.points.map((p) => p.weekEnding.slice(5));
  const series: { name: string; colour: string; data: (number | null)[] }[] = [
    { name: c.dsoDays, colour: LINE_COLOUR, data: trend.points.map((p) => p.dso) },
    { name: c.ceiPercent, colour: '#2EB67D', data: trend.points.map((p) => p.cei) },
    { name: c.recoveryPercent, colour: '#36A2C5', data: trend.points.map((p) => (p.recoveryRate === null ? null : Math.round(p.recoveryRate * 10_000) / 100)) },
    { name: c.overdueBalance(trend.currency), colour: LEVEL_COLOURS.red, data: trend.points.map((p) => plotAmount(p.overdueBalanceMinor, trend.currency)) },
  ];
  const last = trend.points.at(-1)?.weekEnding;
  const subtitle = [trend.org, ...(trend.region ? [trend.region] : []), ...(last ? [`${l.asOf} ${last}`] : [c.noData]), trend.currency];
  return {
    title: [
      titleOption(c.trendTitle(trend.points.length), subtitle.join(' · ')),
      ...series.map((s, i) => ({ text: s.name, left: PANELS[i]!.left, top: PANELS[i]!.top - 26, textStyle: { fontSize: 13, fontWeight: 'normal' as const, color: s.colour } })),
    ],
    grid: PANELS.map((p) => ({ left: p.left, top: p.top, width: '38%', height: 128, containLabel: true })),
    xAxis: PANELS.map((_, i) => ({ type: 'category' as const, gridIndex: i, data: weeks, boundaryGap: false, axisLabel: { ...AXIS_LABEL, fontSize: 10 }, axisTick: { show: false } })),
    yAxis: PANELS.map((_, i) => ({
      type: 'value' as const, gridIndex: i, scale: true, splitNumber: 3, splitLine: SPLIT_LINE,
      axisLabel: { ...AXIS_LABEL, fontSize: 10, formatter: (v: number) => compactNumber(v, locale) },
    })),
    series: series.map((s, i) => ({
      type: 'line' as const, xAxisIndex: i, yAxisIndex: i, name: s.name, data: s.data,
      // A week without a value (no credit sales: no DSO) is a gap, not a zero.
      connectNulls: false, symbol: 'circle', symbolSize: 5,
      lineStyle: { color: s.colour, width: 2 }, itemStyle: { color: s.colour },
    })),
  };
}
