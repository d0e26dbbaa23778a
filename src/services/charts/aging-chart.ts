// The aging bar chart: the open balance in each bucket, overdue buckets coloured as their level.
import type { EChartsOption } from 'echarts';
import { BUCKETS } from '../../domain/aging.js';
import { displayMinor } from '../../domain/money.js';
import { reportLabels, type AgingReport, type ReportLocale } from '../reports/index.js';
import { AXIS_LABEL, SPLIT_LINE, titleOption } from './chart-frame.js';
import { chartLabels } from './chart-labels.js';
import { BUCKET_COLOURS } from './chart-palette.js';
import { compactNumber, plotAmount } from './chart-values.js';

export function agingChartOption(report: AgingReport, locale: ReportLocale): EChartsOption {
  const l = reportLabels(locale);
  const c = chartLabels(locale);
  return {
    title: titleOption(c.agingTitle,
      [report.org, `${l.asOf} ${report.asOf}`, `${l.total} ${displayMinor(report.totalMinor, report.currency)} ${report.currency}`].join(' · ')),
    grid: { left: 72, right: 32, top: 84, bottom: 48 },
    xAxis: { type: 'category', data: BUCKETS.map((b) => l.bucket[b]), axisLabel: { ...AXIS_LABEL, interval: 0 }, axisTick: { show: false } },
    yAxis: { type: 'value', axisLabel: { ...AXIS_LABEL, formatter: (v: number) => compactNumber(v, locale) }, splitLine: SPLIT_LINE },
    series: [{
      type: 'bar',
      barMaxWidth: 72,
      data: BUCKETS.map((b) => ({ value: plotAmount(report.buckets[b].amountMinor, report.currency), itemStyle: { color: BUCKET_COLOURS[b] } })),
      label: {
        show: true, position: 'top', color: '#1D1C1D', fontSize: 12,
        formatter: (p) => (typeof p.value === 'number' && p.value > 0 ? compactNumber(p.value, locale) : ''),
      },
    }],
  };
}
