// What the report tables say, in zh-CN and en-US.
import type { Bucket } from '../../domain/aging.js';
import { domainLabels } from '../../domain/labels.js';
import type { GroupBy, ReportKind } from './types.js';

import type { Locale } from '../../domain/locale.js';
export type ReportLocale = Locale;

export interface ReportLabels {
  title: Record<ReportKind, string>;
  asOf: string;
  period: (days: number) => string;
  periodName: Record<'month' | 'quarter' | 'year', string>;
  bucketHeader: string;
  bucket: Record<Bucket, string>;
  by: Record<GroupBy, string>;
  byHeading: (by: string) => string;
  amount: string; count: string; share: string; total: string;
  balance: string; rate: string; provision: string; rateNote: string;
  metric: string; value: string; days: (n: string) => string; hours: (n: string) => string; none: string; empty: string;
  weekEnding: string; historyTitle: (weeks: number) => string;
  kpi: {
    arBalance: string; overdueBalance: string; dso: string; cei: string;
    recoveryRate: string; badDebtRate: string; promiseKeptRate: string;
    ratingCoverage: string; collectionCycle: string; timeToClaim: string;
  };
}

const zh: ReportLabels = {
  title: { aging: '账龄分析', provision: '坏账准备', kpi: '回款指标' },
  asOf: '截至',
  period: (d) => `近${d}天`,
  periodName: { month: '本月至今', quarter: '本季度至今', year: '本年至今' },
  bucketHeader: '账龄段',
  bucket: domainLabels('zh-CN').bucket,
  by: domainLabels('zh-CN').groupBy,
  byHeading: (by) => `按${by}`,
  amount: '金额', count: '笔数', share: '占比', total: '合计',
  balance: '余额', rate: '计提比例', provision: '计提金额', rateNote: '计提比例为基础比例；高风险行业在此基础上上浮，封顶100%。',
  metric: '指标', value: '数值', days: (n) => `${n}天`, hours: (n) => `${n}小时`, none: '—', empty: '(无)',
  weekEnding: '周末日期', historyTitle: (w) => `回款指标 近${w}周`,
  kpi: {
    arBalance: '应收余额', overdueBalance: '逾期余额', dso: '应收账款周转天数 (DSO)', cei: '回款效率指数 (CEI)',
    recoveryRate: '回收率', badDebtRate: '坏账率', promiseKeptRate: '承诺兑现率',
    ratingCoverage: '信用评级覆盖率', collectionCycle: '回款周期', timeToClaim: '红色案件认领时长（中位数）',
  },
};

const en: ReportLabels = {
  title: { aging: 'Aging report', provision: 'Bad-debt provision', kpi: 'Collection KPIs' },
  asOf: 'as of',
  period: (d) => `last ${d} days`,
  periodName: { month: 'month to date', quarter: 'quarter to date', year: 'year to date' },
  bucketHeader: 'Bucket',
  bucket: domainLabels('en-US').bucket,
  by: domainLabels('en-US').groupBy,
  byHeading: (by) => `By ${by.toLowerCase()}`,
  amount: 'Amount', count: 'Count', share: 'Share', total: 'Total',
  balance: 'Balance', rate: 'Rate', provision: 'Provision',
  rateNote: 'Rates are base rates; high-risk industries get an uplift on top, capped at 100%.',
  metric: 'Metric', value: 'Value', days: (n) => `${n} days`, hours: (n) => `${n} h`, none: '—', empty: '(none)',
  weekEnding: 'Week ending', historyTitle: (w) => `Collection KPIs, last ${w} weeks`,
  kpi: {
    arBalance: 'AR balance', overdueBalance: 'Overdue balance', dso: 'Days sales outstanding (DSO)',
    cei: 'Collection effectiveness (CEI)', recoveryRate: 'Recovery rate', badDebtRate: 'Bad-debt rate',
    promiseKeptRate: 'Promise-kept rate', ratingCoverage: 'Rating coverage', collectionCycle: 'Collection cycle',
    timeToClaim: 'Time to claim a red case (median)',
  },
};

export function reportLabels(locale: ReportLocale): ReportLabels {
  return locale === 'zh-CN' ? zh : en;
}
