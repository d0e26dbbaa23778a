// `/ar report kpi`: the collection KPIs (DOMAIN.md, 001/002) as a two-column table.
import { formatDecimal, formatPercent, t, type Locale } from '../i18n.js';
import type { Message } from '../message.js';
import { reportContext, reportTitle, type ReportHeading } from './report-table.js';

/** The JSON of `duebot report kpi --format json`: balances as decimals, rates as ratios. */
export interface KpiReportInput extends ReportHeading {
  periodDays: number;
  arBalance: string;
  overdueBalance: string;
  dso: number | null;
  /** Already × 100 (DOMAIN.md formula). */
  cei: number | null;
  recoveryRate: number | null;
  badDebtRate: number | null;
  promiseKeptRate: number | null;
  /** Issue 10 (DOMAIN.md "More KPIs"): absent from an older report's JSON. */
  ratingCoverage?: number | null;
  collectionCycleDays?: number | null;
  timeToClaimHours?: number | null;
  /** 'month' | 'quarter' | 'year' | '<N>d' (absent: the last periodDays days). */
  period?: string;
  /** With `by`: the same figures per group, largest AR first. */
  groups?: (Omit<KpiReportInput, 'org' | 'asOf' | 'currency' | 'periodDays' | 'groups' | 'by' | 'period'> & { key: string })[];
}

/** Groups shown in chat (the CLI's --format csv has them all). */
const GROUPS_SHOWN = 15;

export function kpiReportView(r: KpiReportInput, locale: Locale): Message {
  const money = (d: string) => formatDecimal(d, r.currency, locale);
  const none = t(locale, 'value.none');
  const rows: string[][] = [
    [t(locale, 'kpi.ar_balance'), money(r.arBalance)],
    [t(locale, 'kpi.overdue_balance'), money(r.overdueBalance)],
    [t(locale, 'kpi.dso'), r.dso === null ? none : t(locale, 'unit.days', { n: Math.round(r.dso * 10) / 10 })],
    [t(locale, 'kpi.cei'), r.cei === null ? none : formatPercent(r.cei / 100, locale)],
    [t(locale, 'kpi.recovery_rate'), formatPercent(r.recoveryRate, locale)],
    [t(locale, 'kpi.bad_debt_rate'), formatPercent(r.badDebtRate, locale)],
    [t(locale, 'kpi.promise_kept_rate'), formatPercent(r.promiseKeptRate, locale)],
    [t(locale, 'kpi.rating_coverage'), formatPercent(r.ratingCoverage ?? null, locale)],
    [t(locale, 'kpi.collection_cycle'), r.collectionCycleDays == null ? none : t(locale, 'unit.days', { n: Math.round(r.collectionCycleDays * 10) / 10 })],
    [t(locale, 'kpi.time_to_claim'), r.timeToClaimHours == null ? none : t(locale, 'unit.hours', { n: Math.round(r.timeToClaimHours * 10) / 10 })],
  ];
  const title = reportTitle('kpi', { ...r, by: r.groups ? r.by : null }, locale);
  const calendar = r.period === 'month' || r.period === 'quarter' || r.period === 'year' ? r.period : null;
  const blocks: Message['blocks'] = [
    reportContext(r, locale),
    { type: 'table', columns: [t(locale, 'col.metric'), t(locale, 'col.value')], rows, align: ['left', 'right'] },
    { type: 'context', text: calendar ? t(locale, `kpi.period_${calendar}`, { days: r.periodDays }) : t(locale, 'kpi.period', { days: r.periodDays }) },
  ];
  if (r.groups && r.by) {
    const groupRows = r.groups.slice(0, GROUPS_SHOWN).map((g) => [g.key, money(g.arBalance), money(g.overdueBalance),
      formatPercent(g.recoveryRate, locale), g.dso === null ? none : t(locale, 'unit.days', { n: Math.round(g.dso * 10) / 10 }),
      formatPercent(g.promiseKeptRate, locale)]);
    blocks.push({ type: 'table', columns: [t(locale, `by.${r.by}`), t(locale, 'kpi.ar_balance'), t(locale, 'kpi.overdue_balance'),
      t(locale, 'kpi.recovery_rate'), t(locale, 'kpi.dso'), t(locale, 'kpi.promise_kept_rate')], rows: groupRows,
      align: ['left', 'right', 'right', 'right', 'right', 'right'] });
    if (r.groups.length > GROUPS_SHOWN) blocks.push({ type: 'context', text: t(locale, 'report.more', { count: r.groups.length - GROUPS_SHOWN, report: 'kpi', org: r.org, by: r.by }) });
  }
  return { title, blocks, summary: `${title}: ${rows.map((row) => row.join(' ')).join(' · ')}` };
}
