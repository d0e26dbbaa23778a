// What the charts say beyond the report labels (titles, axis names, the trend panels), in zh-CN
// and en-US.
import type { ReportLocale } from '../reports/index.js';

export interface ChartLabels {
  agingTitle: string;
  agingByTitle: (by: string) => string;
  trendTitle: (weeks: number) => string;
  other: string;
  weekEnding: string;
  dsoDays: string;
  ceiPercent: string;
  recoveryPercent: string;
  overdueBalance: (currency: string) => string;
  noData: string;
}

const zh: ChartLabels = {
  agingTitle: '账龄结构',
  agingByTitle: (by) => `按${by}的账龄结构`,
  trendTitle: (w) => `近${w}周趋势`,
  other: '其他',
  weekEnding: '周末日期',
  dsoDays: 'DSO(天)',
  ceiPercent: 'CEI(%)',
  recoveryPercent: '回收率(%)',
  overdueBalance: (c) => `逾期余额(${c})`,
  noData: '暂无数据',
};

const en: ChartLabels = {
  agingTitle: 'Aging structure',
  agingByTitle: (by) => `Aging by ${by.toLowerCase()}`,
  trendTitle: (w) => `${w}-week trend`,
  other: 'Other',
  weekEnding: 'Week ending',
  dsoDays: 'DSO (days)',
  ceiPercent: 'CEI (%)',
  recoveryPercent: 'Recovery rate (%)',
  overdueBalance: (c) => `Overdue balance (${c})`,
  noData: 'No data yet',
};

export function chartLabels(locale: ReportLocale): ChartLabels {
  return locale === 'zh-CN' ? zh : en;
}
