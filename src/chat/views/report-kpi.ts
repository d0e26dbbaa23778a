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
}

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
  ];
  const title = reportTitle('kpi', { ...r, by: null }, locale);
  return {
    title,
    blocks: [
      reportContext(r, locale),
      { type: 'table', columns: [t(locale, 'col.metric'), t(locale, 'col.value')], rows, align: ['left', 'right'] },
      { type: 'context', text: t(locale, 'kpi.period', { days: r.periodDays }) },
    ],
    summary: `${title}: ${rows.map((row) => row.join(' ')).join(' · ')}`,
  };
}
