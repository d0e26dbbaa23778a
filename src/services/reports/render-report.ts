// Reports as text: the JSON of DESIGN.md "Data formats" (key order fixed), CSV (machine values,
// one row per bucket, groups as extra rows with their key) and aligned tables for people.
import { BUCKETS } from '../../domain/aging.js';
import { displayMinor, formatMinor } from '../../domain/money.js';
import { reportLabels, type ReportLabels, type ReportLocale } from './report-labels.js';
import { textTable } from './text-table.js';
import type { AgingReport, CollectionFigures, KpiFigures, KpiReport, ProvisionReport, Report } from './types.js';

export type ReportFormat = 'table' | 'json' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'csv'];

export interface RenderOptions { format: ReportFormat; locale: ReportLocale }

export function renderReport(report: Report, opts: RenderOptions): string {
  switch (opts.format) {
    case 'json': return JSON.stringify(reportJson(report));
    case 'csv': return reportCsv(report);
    case 'table': return reportTable(report, reportLabels(opts.locale), opts.locale);
  }
}

// ---------------------------------------------------------------------------------------- JSON

/** The report as the plain object DESIGN.md fixes (keys in that order; amounts as decimal strings). */
export function reportJson(report: Report): Record<string, unknown> {
  const money = (minor: bigint) => formatMinor(minor, report.currency);
  const head = { org: report.org, asOf: report.asOf, currency: report.currency };
  switch (report.kind) {
    case 'aging': {
      const buckets = (b: AgingReport['buckets']) =>
        Object.fromEntries(BUCKETS.map((k) => [k, { amount: money(b[k].amountMinor), count: b[k].count }]));
      return {
        ...head, total: money(report.totalMinor), buckets: buckets(report.buckets),
        ...(report.groups ? { groups: report.groups.map((g) => ({ key: g.key, total: money(g.totalMinor), buckets: buckets(g.buckets) })) } : {}),
        ...(report.limitation ? {
          limitation: Object.fromEntries(Object.entries(report.limitation).map(([w, lines]) => [w, lines.map((l) => ({
            invoice: l.invoice, customer: l.customer, dueOn: l.dueOn, endsOn: l.endsOn, daysLeft: l.daysLeft, balance: money(l.balanceMinor),
          }))])),
        } : {}),
      };
    }
    case 'provision':
      return {
        ...head, total: money(report.totalMinor),
        buckets: Object.fromEntries(BUCKETS.map((k) => {
          const l = report.buckets[k];
          return [k, { balance: money(l.balanceMinor), rate: l.rate, provision: money(l.provisionMinor) }];
        })),
        ...(report.groups ? { groups: report.groups.map((g) => ({ key: g.key, balance: money(g.balanceMinor), provision: money(g.provisionMinor) })) } : {}),
      };
    case 'kpi': {
      const figures = (f: KpiFigures & CollectionFigures) => ({
        arBalance: money(f.arBalanceMinor), overdueBalance: money(f.overdueBalanceMinor), dso: f.dso, cei: f.cei,
        recoveryRate: f.recoveryRate, badDebtRate: f.badDebtRate, promiseKeptRate: f.promiseKeptRate,
        ratingCoverage: f.ratingCoverage, collectionCycleDays: f.collectionCycleDays, timeToClaimHours: f.timeToClaimHours,
      });
      // DESIGN.md: with --by, "groups":[{"key", …the same fields as the totals}].
      return {
        ...head, periodDays: report.periodDays, ...figures(report),
        ...(report.groups ? { groups: report.groups.map((g) => ({ key: g.key, ...figures(g) })) } : {}),
      };
    }
  }
}

// ----------------------------------------------------------------------------------------- CSV

/**
 * RFC 4180: quote a cell holding a comma, quote or line break; double the quotes. A text cell a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR: a customer named
 * `=HYPERLINK(…)`) gets a leading `'` (OWASP "CSV Injection"); plain numbers such as -12.50 stay.
 */
export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^[-+]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n\t]/.test(s) || s.startsWith("'") ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(rows: (string | number | null)[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** Bucket rows then a `total` row; with --by, the same per group with the group's key first. */
export function reportCsv(report: Report): string {
  const money = (minor: bigint) => formatMinor(minor, report.currency);
  switch (report.kind) {
    case 'aging': {
      const rows: (string | number)[][] = [['key', 'bucket', 'amount', 'count']];
      const block = (key: string, b: AgingReport['buckets'], total: bigint, count: number) => {
        for (const k of BUCKETS) rows.push([key, k, money(b[k].amountMinor), b[k].count]);
        rows.push([key, 'total', money(total), count]);
      };
      block('', report.buckets, report.totalMinor, report.count);
      for (const g of report.groups ?? []) block(g.key, g.buckets, g.totalMinor, g.count);
      return csv(rows);
    }
    case 'provision': {
      const rows: (string | number)[][] = [['key', 'bucket', 'balance', 'rate', 'provision']];
      for (const k of BUCKETS) {
        const l = report.buckets[k];
        rows.push(['', k, money(l.balanceMinor), l.rate, money(l.provisionMinor)]);
      }
      rows.push(['', 'total', money(report.balanceMinor), '', money(report.totalMinor)]);
      for (const g of report.groups ?? []) rows.push([g.key, 'total', money(g.balanceMinor), '', money(g.provisionMinor)]);
      return csv(rows);
    }
    case 'kpi': {
      // One row for the totals (empty key), then one per group.
      const { groups, ...j } = reportJson(report) as Record<string, unknown> & { groups?: Record<string, unknown>[] };
      const cols = Object.keys(j);
      const rows: (string | number | null)[][] = [['key', ...cols], ['', ...cols.map((c) => j[c] as string | number | null)]];
      for (const g of groups ?? []) rows.push([g.key as string, ...cols.map((c) => (c in g ? g[c] : j[c]) as string | number | null)]);
      return groups ? csv(rows) : csv([cols, cols.map((c) => j[c] as string | number | null)]);
    }
  }
}

// --------------------------------------------------------------------------------------- table

function percent(value: number, locale: ReportLocale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(value);
}

function share(part: bigint, whole: bigint, locale: ReportLocale): string {
  if (whole === 0n) return percent(0, locale);
  return percent(Number((part * 1_000_000n) / whole) / 1_000_000, locale);
}

function title(report: Report, l: ReportLabels): string {
  const parts = [l.title[report.kind], report.org, `${l.asOf} ${report.asOf}`, report.currency];
  if (report.kind === 'kpi') {
    const name = report.period === 'month' || report.period === 'quarter' || report.period === 'year' ? l.periodName[report.period] : null;
    parts.push(name ? `${name} (${l.period(report.periodDays)})` : l.period(report.periodDays));
  }
  return parts.join(' · ');
}

function groupName(g: { key: string; label?: string }, l: ReportLabels): string {
  const key = g.key === '' ? l.empty : g.key;
  return g.label ? `${key} ${g.label}` : key;
}

function agingTable(r: AgingReport, l: ReportLabels, locale: ReportLocale): string {
  const money = (m: bigint) => displayMinor(m, r.currency);
  const parts = [title(r, l), ''];
  const rows = BUCKETS.map((b) => [l.bucket[b], money(r.buckets[b].amountMinor), String(r.buckets[b].count),
    share(r.buckets[b].amountMinor, r.totalMinor, locale)]);
  rows.push([l.total, money(r.totalMinor), String(r.count), share(r.totalMinor, r.totalMinor, locale)]);
  parts.push(textTable([l.bucketHeader, l.amount, l.count, l.share], rows,
    ['left', 'right', 'right', 'right'], [BUCKETS.length]));
  if (r.by && r.groups) {
    const groupRows = r.groups.map((g) => [groupName(g, l), money(g.totalMinor), ...BUCKETS.map((b) => money(g.buckets[b].amountMinor)), String(g.count)]);
    groupRows.push([l.total, money(r.totalMinor), ...BUCKETS.map((b) => money(r.buckets[b].amountMinor)), String(r.count)]);
    parts.push('', l.byHeading(l.by[r.by]), textTable([l.by[r.by], l.total, ...BUCKETS.map((b) => l.bucket[b]), l.count], groupRows,
      ['left', ...Array<'right'>(BUCKETS.length + 2).fill('right')], [r.groups.length]));
  }
  return parts.join('\n') + '\n';
}

function provisionTable(r: ProvisionReport, l: ReportLabels, locale: ReportLocale): string {
  const money = (m: bigint) => displayMinor(m, r.currency);
  const parts = [title(r, l), ''];
  const rows = BUCKETS.map((b) => {
    const line = r.buckets[b];
    return [l.bucket[b], money(line.balanceMinor), percent(line.rate, locale), money(line.provisionMinor)];
  });
  rows.push([l.total, money(r.balanceMinor), '', money(r.totalMinor)]);
  parts.push(textTable([l.bucketHeader, l.balance, l.rate, l.provision], rows,
    ['left', 'right', 'right', 'right'], [BUCKETS.length]));
  parts.push(l.rateNote);
  if (r.by && r.groups) {
    const groupRows = r.groups.map((g) => [groupName(g, l), money(g.balanceMinor), money(g.provisionMinor)]);
    groupRows.push([l.total, money(r.balanceMinor), money(r.totalMinor)]);
    parts.push('', l.byHeading(l.by[r.by]), textTable([l.by[r.by], l.balance, l.provision], groupRows,
      ['left', 'right', 'right'], [r.groups.length]));
  }
  return parts.join('\n') + '\n';
}

function kpiTable(r: KpiReport, l: ReportLabels, locale: ReportLocale): string {
  const money = (m: bigint) => displayMinor(m, r.currency);
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const pct = (v: number | null) => (v === null ? l.none : percent(v, locale));
  const cells = (f: KpiFigures & CollectionFigures) => [money(f.arBalanceMinor), money(f.overdueBalanceMinor),
    f.dso === null ? l.none : l.days(num.format(f.dso)),
    // cei is already a percentage (× 100).
    f.cei === null ? l.none : percent(f.cei / 100, locale),
    pct(f.recoveryRate), pct(f.badDebtRate), pct(f.promiseKeptRate),
    pct(f.ratingCoverage), f.collectionCycleDays === null ? l.none : l.days(num.format(f.collectionCycleDays)),
    f.timeToClaimHours === null ? l.none : l.hours(num.format(f.timeToClaimHours))];
  const names = [l.kpi.arBalance, l.kpi.overdueBalance, l.kpi.dso, l.kpi.cei, l.kpi.recoveryRate, l.kpi.badDebtRate, l.kpi.promiseKeptRate,
    l.kpi.ratingCoverage, l.kpi.collectionCycle, l.kpi.timeToClaim];
  const totals = cells(r);
  const parts = [title(r, l), '', textTable([l.metric, l.value], names.map((n, i) => [n, totals[i]!]), ['left', 'right'])];
  if (r.by && r.groups) {
    const rows = r.groups.map((g) => [groupName(g, l), ...cells(g)]);
    rows.push([l.total, ...totals]);
    parts.push('', l.byHeading(l.by[r.by]), textTable([l.by[r.by], ...names], rows,
      ['left', ...Array<'right'>(names.length).fill('right')], [r.groups.length]));
  }
  return parts.join('\n') + '\n';
}

export function reportTable(report: Report, l: ReportLabels, locale: ReportLocale): string {
  switch (report.kind) {
    case 'aging': return agingTable(report, l, locale);
    case 'provision': return provisionTable(report, l, locale);
    case 'kpi': return kpiTable(report, l, locale);
  }
}
