// duebot calendar import <file.csv> --org <slug> [--dry-run] | calendar show --org <slug> [--year YYYY]
import type { Command } from 'commander';
import { DuebotError } from '../../errors.js';
import { importFile } from '../../services/import/index.js';
import { getOrg } from '../../services/orgs.js';
import { showCalendar, type CalendarYear } from '../../services/calendars/show-calendar.js';
import { out, withDatabase } from '../context.js';
import { renderImportResult } from './import.js';

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function registerCalendar(program: Command): void {
  const calendar = program.command('calendar')
    .description("the org's business calendar: public holidays and make-up workdays (reminders and digests follow it)");

  calendar.command('import <file>')
    .description('import holidays and make-up workdays from a CSV file (date, kind holiday|workday, name): every row or none')
    .requiredOption('--org <slug>', 'org slug')
    .option('--dry-run', 'check the file and count what would change, write nothing')
    .action(async (file: string, o: { org: string; dryRun?: boolean }) => {
      await withDatabase(async ({ database }) => {
        const org = await getOrg(database.db, o.org);
        const result = await importFile(database.db, { orgId: org.id, kind: 'calendar', input: file, dryRun: o.dryRun === true });
        out(renderImportResult(result, o.dryRun === true));
        if (!result.ok) process.exitCode = 1;
      });
    });

  calendar.command('show')
    .description("list one year's holidays and make-up workdays")
    .requiredOption('--org <slug>', 'org slug')
    .option('--year <YYYY>', "the year (default: this year in the org's time zone)")
    .option('--format <format>', 'table or json', 'table')
    .action(async (o: { org: string; year?: string; format: string }) => {
      if (o.year !== undefined && !/^\d{4}$/.test(o.year)) throw new DuebotError('invalid', `--year must be written YYYY, such as 2027 (got "${o.year}")`);
      if (o.format !== 'table' && o.format !== 'json') throw new DuebotError('invalid', `--format must be table or json (got "${o.format}")`);
      await withDatabase(async ({ database }) => {
        const org = await getOrg(database.db, o.org);
        const year = await showCalendar(database.db, org.id, o.year === undefined ? undefined : Number(o.year));
        out(o.format === 'json' ? JSON.stringify(year) : renderCalendarYear(year));
      });
    });
}

/** One line per day, then the counts; an empty year says how to fill it. */
export function renderCalendarYear(c: CalendarYear): string {
  if (c.days.length === 0) {
    return `${c.org} ${c.year}: no holidays or make-up workdays (only the working week counts); `
      + `add them with \`duebot calendar import <file.csv> --org ${c.org}\``;
  }
  const lines = c.days.map((d) => `${d.date}  ${WEEKDAYS[d.weekday]}  ${d.kind.padEnd(7)}  ${d.name}`);
  lines.push(`${c.org} ${c.year}: ${c.holidays} ${c.holidays === 1 ? 'holiday' : 'holidays'}, `
    + `${c.workdays} make-up ${c.workdays === 1 ? 'workday' : 'workdays'} (${c.timezone})`);
  return lines.join('\n');
}
