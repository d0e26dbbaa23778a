// The names of the domain's own words, in each language, defined once: chat (src/chat/i18n),
// report tables (services/reports/report-labels.ts) and statements and letters
// (services/documents/document-labels.ts) all take them from here, so a bucket or a stage reads the
// same in a chat card, a CLI report and a PDF.
import type { Bucket, Level, Stage } from './aging.js';
import type { LegalStage } from './legal-stages.js';
import type { Locale } from './locale.js';
import type { GroupBy } from './report-groups.js';

export interface DomainLabels {
  /** Levels, and the band below yellow (DOMAIN.md "Levels"). */
  level: Record<Level | 'none', string>;
  /** Collection stages (DOMAIN.md "Stages"); `legal` is the stage a case takes on escalation. */
  stage: Record<Stage | 'legal', string>;
  legalStage: Record<LegalStage, string>;
  bucket: Record<Bucket, string>;
  /** The same buckets where space is short (chart axes, card columns). */
  bucketShort: Record<Bucket, string>;
  groupBy: Record<GroupBy, string>;
}

const zh: DomainLabels = {
  level: { yellow: '黄色', orange: '橙色', red: '红色', none: '逾期1–30天' },
  stage: { pre: '预催收', primary: '初级催收', intermediate: '中级催收', advanced: '高级催收', legal: '法律催收' },
  legalStage: {
    letter: '律师函', mediation: '诉前调解', filed: '已起诉', preservation: '财产保全',
    judgment: '判决', enforcement: '强制执行', closed: '结案',
  },
  bucket: { not_due: '未到期', d1_30: '1–30天', d31_60: '31–60天', d61_90: '61–90天', d91_180: '91–180天', d180_plus: '180天以上' },
  bucketShort: { not_due: '未到期', d1_30: '1–30', d31_60: '31–60', d61_90: '61–90', d91_180: '91–180', d180_plus: '>180' },
  groupBy: { customer: '客户', region: '区域', product: '产品线', owner: '负责人' },
};

const en: DomainLabels = {
  level: { yellow: 'Yellow', orange: 'Orange', red: 'Red', none: '1–30 days' },
  stage: { pre: 'Pre-collection', primary: 'Primary', intermediate: 'Intermediate', advanced: 'Advanced', legal: 'Legal' },
  legalStage: {
    letter: 'lawyer\'s letter', mediation: 'mediation', filed: 'filed in court', preservation: 'asset preservation',
    judgment: 'judgment', enforcement: 'enforcement', closed: 'closed',
  },
  bucket: {
    not_due: 'Not due', d1_30: '1–30 days', d31_60: '31–60 days', d61_90: '61–90 days', d91_180: '91–180 days',
    d180_plus: 'Over 180 days',
  },
  bucketShort: { not_due: 'Not due', d1_30: '1–30', d31_60: '31–60', d61_90: '61–90', d91_180: '91–180', d180_plus: '>180' },
  groupBy: { customer: 'Customer', region: 'Region', product: 'Product line', owner: 'Owner' },
};

const LABELS: Record<Locale, DomainLabels> = { 'zh-CN': zh, 'en-US': en };

export function domainLabels(locale: Locale): DomainLabels {
  return LABELS[locale];
}

type Prefixed<P extends string, K extends string> = { readonly [Key in `${P}.${K}`]: string };

function prefixed<P extends string, K extends string>(prefix: P, names: Record<K, string>): Prefixed<P, K> {
  return Object.fromEntries(Object.entries(names).map(([k, v]) => [`${prefix}.${k}`, v])) as Prefixed<P, K>;
}

/** The same names as chat catalogue entries (`level.red`, `bucket.d1_30`, `by.region`, …). */
export function domainLabelEntries(locale: Locale) {
  const l = LABELS[locale];
  return {
    ...prefixed('level', l.level),
    ...prefixed('stage', l.stage),
    ...prefixed('legal.stage', l.legalStage),
    ...prefixed('bucket', l.bucket),
    ...prefixed('bucket_short', l.bucketShort),
    ...prefixed('by', l.groupBy),
  };
}
