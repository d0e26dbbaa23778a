// The stacked aging chart by region, owner, product line or customer: one horizontal bar per group,
// largest first, split into buckets coloured as their level. Beyond the largest few, one "other" bar.
import type { EChartsOption } from 'echarts';
import { BUCKETS, type Bucket } from '../../domain/aging.js';
import { reportLabels, type AgingGroup, type AgingReport, type ReportLocale } from '../reports/index.js';
import { AXIS_LABEL, SPLIT_LINE, titleOption } from './chart-frame.js';
import { chartLabels } from './chart-labels.js';
import { BUCKET_COLOURS } from './chart-palette.js';
import { compactNumber, plotAmount } from './chart-values.js';

/** Bars a phone screen holds legibly. */
export const MAX_GROUP_BARS = 8;

interface Bar { name: string; buckets: Record<Bucket, bigint> }

function bars(report: AgingReport, other: string, empty: string): Bar[] {
  const groups = report.groups ?? [];
  const name = (g: AgingGroup) => (g.key === '' ? empty : g.label && report.by === 'customer' ? `${g.key} ${g.label}` : g.key);
  const amounts = (g: AgingGroup) => Object.fromEntries(BUCKETS.map((b) => [b, g.buckets[b].amountMinor])) as Record<Bucket, bigint>;
  const shown = groups.length > MAX_GROUP_BARS ? groups.slice(0, MAX_GROUP_BARS - 1) : groups;
  const out = shown.map((g) => ({ name: name(g), buckets: amounts(g) }));
  if (groups.length > shown.length) {
    const rest = Object.fromEntries(BUCKETS.map((b) => [b, 0n])) as Record<Bucket, bigint>;
    for (const g of groups.slice(shown.length)) for (const b of BUCKETS) rest[b] += g.buckets[b].amountMinor;
    out.push({ name: other, buckets: rest });
  }
  return out;
}

export function agingByGroupChartOption(report: AgingReport, locale: ReportLocale): EChartsOption {
  const l = reportLabels(locale);
  const c = chartLabels(locale);
  const by = report.by ?? 'region';
  // Largest at the top: a category y axis draws its first item at the bottom.
  const rows = bars(report, c.other, l.empty).reverse();
  return {
    title: titleOption(c.agingByTitle(l.by[by]), [report.org, `${l.asOf} ${report.asOf}`, report.currency].join(' · ')),
    legend: { top: 58, left: 24, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } },
    grid: { left: 24, right: 32, top: 92, bottom: 24, containLabel: true },
    xAxis: { type: 'value', axisLabel: { ...AXIS_LABEL, formatter: (v: number) => compactNumber(v, locale) }, splitLine: SPLIT_LINE },
    yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { ...AXIS_LABEL, width: 140, overflow: 'truncate' }, axisTick: { show: false } },
    series: BUCKETS.map((b) => ({
      type: 'bar' as const, name: l.bucket[b], stack: 'aging', barMaxWidth: 28,
      itemStyle: { color: BUCKET_COLOURS[b] },
      data: rows.map((r) => plotAmount(r.buckets[b], report.currency)),
    })),
  };
}
