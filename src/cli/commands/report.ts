// duebot report <aging|kpi|provision> --org <slug> [--by …] [--as-of …] [--period …] [--format …] [--currency …] [--locale …]
import type { Command } from 'commander';
import { isIsoDate } from '../../domain/calendar.js';
import { parsePeriod, type PeriodSpec } from '../../domain/period.js';
import { DuebotError } from '../../errors.js';
import { getOrg } from '../../services/orgs.js';
import {
  agingReport, kpiReport, provisionReport, renderReport, GROUP_BYS, REPORT_FORMATS, REPORT_KINDS,
  type GroupBy, type Report, type ReportOptions, type ReportFormat, type ReportKind, type ReportLocale,
} from '../../services/reports/index.js';
import { limitationSection } from '../../services/legal/limitation.js';
import { reportAgencies } from './legal.js';
import type { Db } from '../../store/connection.js';
import { withDatabase, out } from '../context.js';
import { holdsReport, renderHoldsReport } from '../../services/credit/holds-report.js';

interface ReportCliOptions {
  org: string; by?: string; asOf?: string; format: string; currency?: string; locale?: string; periodDays?: string; period?: string;
}

const LOCALES: readonly ReportLocale[] = ['zh-CN', 'en-US'];

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
    .option('--format <format>', REPORT_FORMATS.join('|'), 'table')
    .option('--currency <code>', "currency to report (default: the org's)")
    .option('--locale <locale>', "zh-CN|en-US (default: the org's)")
    .option('--period <period>', "kpi period ending on the report date: month|quarter|year (calendar, to date, in the org's time zone) or <N>d")
    .option('--period-days <days>', 'kpi period in days ending on the report date (same as --period <N>d)', '90')
    .action(async (kindArg: string, o: ReportCliOptions) => {
      // Every option is checked before the database is opened.
      const kindOrAgencies = oneOf<ReportKind | 'agencies' | 'holds'>(kindArg, [...REPORT_KINDS, 'agencies', 'holds'], 'report kind');
      const format = oneOf<ReportFormat>(o.format, REPORT_FORMATS, '--format');
      if (kindOrAgencies === 'holds') {
        if (o.by !== undefined) throw new DuebotError('invalid', '--by does not apply to the holds report', { option: '--by' });
        return withDatabase(async ({ database }) => {
          const org = await getOrg(database.db, o.org);
          out(renderHoldsReport(await holdsReport(database.db, org.id), format));
        });
      }
      if (kindOrAgencies === 'agencies') {
        const locale = o.locale === undefined ? undefined : oneOf<ReportLocale>(o.locale, LOCALES, '--locale');
        return reportAgencies({ org: o.org, asOf: o.asOf, format, locale, by: o.by });
      }
      const kind = kindOrAgencies;
      const by = o.by === undefined ? undefined : oneOf<GroupBy>(o.by, GROUP_BYS, '--by');
      let period: PeriodSpec | undefined;
      if (o.period !== undefined) {
        if (kind !== 'kpi') throw new DuebotError('invalid', '--period applies to kpi reports only', { option: '--period' });
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
        const report: Report = kind === 'aging' ? await agingWithLimitation(db, opts, format)
          : kind === 'provision' ? await provisionReport(db, opts)
          : await kpiReport(db, { ...opts, periodDays, ...(period ? { period } : {}) });
        out(renderReport(report, { format, locale: locale ?? org.locale }));
      });
    });
}
