// The KPI history as JSON (one object, weeks oldest first), CSV (one row per scope and week) and
// an aligned table, with the conventions of render-report.ts: amounts as decimal strings with the
// currency's minor digits, rates as numbers, null where a KPI is undefined; CSV cells quoted as
// render-report.ts quotes them (a region named like a formula stays text).
import { displayMinor, formatMinor } from '../../domain/money.js';
import type { KpiHistory } from './kpi-history.js';
import type { KpiSnapshot } from './kpi-snapshots.js';
import { reportLabels, type ReportLocale } from './report-labels.js';
import { textTable } from './text-table.js';
import { csvCell, type ReportFormat } from './render-report.js';

const FIELDS = ['weekEnding', 'arBalance', 'overdueBalance', 'dso', 'cei', 'recoveryRate', 'badDebtRate', 'promiseKeptRate'] as const;

function week(p: KpiSnapshot, currency: string): Record<(typeof FIELDS)[number], string | number | null> {
  return {
    weekEnding: p.weekEnding, arBalance: formatMinor(p.arBalanceMinor, currency),
    overdueBalance: formatMinor(p.overdueBalanceMinor, currency), dso: p.dso, cei: p.cei,
    recoveryRate: p.recoveryRate, badDebtRate: p.badDebtRate, promiseKeptRate: p.promiseKeptRate,
  };
}

export function kpiHistoryJson(h: KpiHistory): Record<string, unknown> {
  return {
    org: h.org, asOf: h.asOf, currency: h.currency, periodDays: h.periodDays,
    weeks: h.points.map((p) => week(p, h.currency)),
    ...(h.groups ? { groups: h.groups.map((g) => ({ key: g.key, weeks: g.points.map((p) => week(p, h.currency)) })) } : {}),
  };
}

export function kpiHistoryCsv(h: KpiHistory): string {
  const rows: (string | number | null)[][] = [['key', ...FIELDS]];
  const block = (key: string, points: KpiSnapshot[]) => {
    for (const p of points) rows.push([key, ...FIELDS.map((f) => week(p, h.currency)[f])]);
  };
  block('', h.points);
  for (const g of h.groups ?? []) block(g.key, g.points);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export function kpiHistoryTable(h: KpiHistory, locale: ReportLocale): string {
  const l = reportLabels(locale);
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const pct = (v: number | null) => (v === null ? l.none : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(v));
  const header = [l.weekEnding, l.kpi.arBalance, l.kpi.overdueBalance, 'DSO', 'CEI', l.kpi.recoveryRate, l.kpi.promiseKeptRate];
  const table = (points: KpiSnapshot[]) => textTable(header, points.map((p) => [
    p.weekEnding, displayMinor(p.arBalanceMinor, h.currency), displayMinor(p.overdueBalanceMinor, h.currency),
    p.dso === null ? l.none : num.format(p.dso), p.cei === null ? l.none : pct(p.cei / 100), pct(p.recoveryRate), pct(p.promiseKeptRate),
  ]), ['left', 'right', 'right', 'right', 'right', 'right', 'right']);
  const parts = [[l.historyTitle(h.points.length), h.org, `${l.asOf} ${h.asOf}`, h.currency, l.period(h.periodDays)].join(' · '), '', table(h.points)];
  for (const g of h.groups ?? []) parts.push('', `${l.by.region}: ${g.key}`, table(g.points));
  return parts.join('\n') + '\n';
}

export function renderKpiHistory(h: KpiHistory, opts: { format: ReportFormat; locale: ReportLocale }): string {
  switch (opts.format) {
    case 'json': return JSON.stringify(kpiHistoryJson(h));
    case 'csv': return kpiHistoryCsv(h);
    case 'table': return kpiHistoryTable(h, opts.locale);
  }
}
