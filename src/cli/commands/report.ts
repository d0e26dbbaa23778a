// duebot report <aging|kpi|provision|agencies|holds> --org <slug> [--by …] [--as-of …] [--period …]
//   [--format …|png --out f.png] [--currency …] [--locale …] [--history 12w]
import { LOCALES } from '../../domain/locale.js';
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isIsoDate } from '../../domain/calendar.js';
import { parsePeriod, type PeriodSpec } from '../../domain/period.js';
import { DuebotError } from '../../errors.js';
import { getOrg } from '../../services/orgs.js';
import { agingChart, kpiTrendChart } from '../../services/charts/index.js';
import {
  agingReport, kpiHistory, kpiReport, parseHistory, renderKpiHistory, MAX_HISTORY_WEEKS, provisionReport, renderReport, GROUP_BYS, REPORT_FORMATS, REPORT_KINDS,
  type GroupBy, type Report, type ReportOptions, type ReportFormat, type ReportKind, type ReportLocale,
} from '../../services/reports/index.js';
import { limitationSection } from '../../services/legal/limitation.js';
import { reportAgencies } from './legal.js';
import type { Db } from '../../store/connection.js';
import { withDatabase, out } from '../context.js';
import { holdsReport, renderHoldsReport } from '../../services/credit/holds-report.js';

interface ReportCliOptions {
  org: string; by?: string; asOf?: string; format: string; currency?: string; locale?: string; periodDays?: string; period?: string;
  history?: string; out?: string;
}

type CliFormat = ReportFormat | 'png';
const CLI_FORMATS: readonly CliFormat[] = [...REPORT_FORMATS, 'png'];
/** A PNG trend without --history shows this many weeks. */
const DEFAULT_CHART_WEEKS = 12;


function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new DuebotError('invalid', `${option} must be one of ${allowed.join(', ')} (got "${value}")`, { option });
  }
  return value as T;
}

/** JSON aging reports carry the limitation section (DOMAIN "Limitation period"); tables stay as they were. */
async function agingWithLimitation(db: Db, opts: ReportOptions, format: ReportFormat): Promise<Report> {
  const report = await agingReport(db, opts);
  if (format === 'json') report.limitation = await limitationSection(db, { orgId: opts.orgId, asOf: report.asOf, currency: report.currency });
  return report;
}

export function registerReport(program: Command): void {
  program.command('report <kind>').description('aging, kpi, provision, agencies or holds report for an org')
    .requiredOption('--org <slug>', 'org slug')
    .option('--by <dimension>', `group by ${GROUP_BYS.join('|')}`)
    .option('--as-of <date>', "report date YYYY-MM-DD (default: today in the org's time zone)")
    .option('--format <format>', `${CLI_FORMATS.join('|')} (png: a chart, needs --out)`, 'table')
    .option('--out <file>', 'write to this file instead of printing (required with --format png)')
    .option('--history <weeks>', `kpi: the weekly snapshots of the last N weeks, such as 12w (at most ${MAX_HISTORY_WEEKS}w)`)
    .option('--currency <code>', "currency to report (default: the org's)")
    .option('--locale <locale>', "zh-CN|en-US (default: the org's)")
    .option('--period <period>', "kpi period ending on the report date: month|quarter|year (calendar, to date, in the org's time zone) or <N>d")
    .option('--period-days <days>', 'kpi period in days ending on the report date (same as --period <N>d)', '90')
    .action(async (kindArg: string, o: ReportCliOptions) => {
      // Every option is checked before the database is opened.
      const kindOrAgencies = oneOf<ReportKind | 'agencies' | 'holds'>(kindArg, [...REPORT_KINDS, 'agencies', 'holds'], 'report kind');
      const format = oneOf<CliFormat>(o.format, CLI_FORMATS, '--format');
      if (kindOrAgencies === 'holds') {
        if (o.by !== undefined) throw new DuebotError('invalid', '--by does not apply to the holds report', { option: '--by' });
        if (format === 'png') throw new DuebotError('invalid', '--format png applies to aging and kpi', { option: '--format' });
        return withDatabase(async ({ database }) => {
          const org = await getOrg(database.db, o.org);
          out(renderHoldsReport(await holdsReport(database.db, org.id), format));
        });
      }
      if (kindOrAgencies === 'agencies') {
        if (format === 'png') throw new DuebotError('invalid', '--format png applies to aging and kpi', { option: '--format' });
        const locale = o.locale === undefined ? undefined : oneOf<ReportLocale>(o.locale, LOCALES, '--locale');
        return reportAgencies({ org: o.org, asOf: o.asOf, format, locale, by: o.by });
      }
      const kind = kindOrAgencies;
      const by = o.by === undefined ? undefined : oneOf<GroupBy>(o.by, GROUP_BYS, '--by');
      const weeks = o.history === undefined ? undefined : parseHistory(o.history);
      if (weeks === null) {
        throw new DuebotError('invalid', `--history must be a number of weeks from 1w to ${MAX_HISTORY_WEEKS}w, such as 12w (got "${o.history}")`, { option: '--history' });
      }
      if (weeks !== undefined && kind !== 'kpi') throw new DuebotError('invalid', '--history applies to kpi only', { option: '--history' });
      const history = kind === 'kpi' && (weeks !== undefined || format === 'png');
      if (by && history && !(by === 'region' && format !== 'png')) {
        throw new DuebotError('invalid', 'the KPI history takes --by region only (and no --by with --format png)', { option: '--by' });
      }
      if (format === 'png' && kind === 'provision') throw new DuebotError('invalid', '--format png applies to aging and kpi', { option: '--format' });
      if (format === 'png' && !o.out) throw new DuebotError('invalid', '--format png needs --out <file.png>', { option: '--out' });
      let period: PeriodSpec | undefined;
      if (o.period !== undefined) {
        if (kind !== 'kpi') throw new DuebotError('invalid', '--period applies to kpi reports only', { option: '--period' });
        if (history) throw new DuebotError('invalid', '--period does not apply to the weekly KPI history', { option: '--period' });
        const p = parsePeriod(o.period);
        if (!p.ok) throw new DuebotError('invalid', `--period must be month, quarter, year or <N>d with N from 1 to 3660 (got "${o.period}")`, { option: '--period' });
        period = p.spec;
      }
      const locale = o.locale === undefined ? undefined : oneOf<ReportLocale>(o.locale, LOCALES, '--locale');
      if (o.asOf !== undefined && !isIsoDate(o.asOf)) {
        throw new DuebotError('invalid', `--as-of must be a date YYYY-MM-DD (got "${o.asOf}")`, { option: '--as-of' });
      }
      if (o.currency !== undefined && !/^[A-Za-z]{3}$/.test(o.currency)) {
        throw new DuebotError('invalid', `--currency must be a 3-letter code such as CNY (got "${o.currency}")`, { option: '--currency' });
      }
      const periodDays = Number(o.periodDays);
      if (!/^\d+$/.test(o.periodDays ?? '') || periodDays < 1 || periodDays > 3660) {
        throw new DuebotError('invalid', `--period-days must be a whole number of days from 1 to 3660 (got "${o.periodDays}")`, { option: '--period-days' });
      }
      await withDatabase(async ({ database }) => {
        const db = database.db;
        const org = await getOrg(db, o.org);
        const opts = { orgId: org.id, asOf: o.asOf, by, currency: o.currency?.toUpperCase() };
        const lang = locale ?? org.locale;
        const write = (data: string | Buffer) => {
          if (!o.out) return out(String(data));
          writeFileSync(o.out, typeof data === 'string' && !data.endsWith('\n') ? `${data}\n` : data);
        };
        if (history) {
          const h = await kpiHistory(db, { ...opts, by: by === 'region' ? 'region' : undefined, weeks: weeks ?? DEFAULT_CHART_WEEKS });
          write(format === 'png' ? (await kpiTrendChart(h, lang)).png : renderKpiHistory(h, { format, locale: lang }));
          return;
        }
        if (format === 'png') {
          // Only aging reaches here (kpi is the history's trend; provision was refused above).
          write((await agingChart(await agingReport(db, opts), lang)).png);
          return;
        }
        const report: Report = kind === 'aging' ? await agingWithLimitation(db, opts, format)
          : kind === 'provision' ? await provisionReport(db, opts)
          : await kpiReport(db, { ...opts, periodDays, ...(period ? { period } : {}) });
        write(renderReport(report, { format, locale: lang }));
      });
    });
}
