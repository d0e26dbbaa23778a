// `duebot calendar …` in process: commander parses, the database comes from DATABASE_URL.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addOrg } from '../../../src/services/orgs.js';
import { testDatabase } from '../../support/db.js';
import { runCli as duebot } from '../../support/cli.js';

const t = testDatabase();

beforeAll(async () => {
  await addOrg(t.db, { slug: 'acme', timezone: 'Asia/Shanghai' });
  await addOrg(t.db, { slug: 'london', timezone: 'Europe/London' });
  process.env.DATABASE_URL = t.url;
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('duebot calendar', () => {
  it("shows one year of an Asia/Shanghai org's shipped calendar", async () => {
    const r = await duebot('calendar', 'show', '--org', 'acme', '--year', '2026');
    const lines = r.printed.trimEnd().split('\n');
    expect(lines).toContain('2026-10-03  Sat  holiday  国庆节 National Day');
    expect(lines).toContain('2026-10-10  Sat  workday  国庆节调休上班 National Day make-up workday');
    expect(lines.at(-1)).toBe('acme 2026: 33 holidays, 6 make-up workdays (Asia/Shanghai)');
  });

  it('says how to fill an empty year, imports a file, then shows it as JSON', async () => {
    const empty = await duebot('calendar', 'show', '--org', 'london', '--year', '2027');
    expect(empty.printed).toBe('london 2027: no holidays or make-up workdays (only the working week counts); add them with `duebot calendar import <file.csv> --org london`\n');
    const file = path.join(os.tmpdir(), `duebot-cal-${process.pid}.csv`);
    await writeFile(file, 'date,kind,name\n2027-12-25,holiday,Christmas Day\n2027-12-27,holiday,Boxing Day (substitute)\n');
    expect(await duebot('calendar', 'import', file, '--org', 'london', '--dry-run'))
      .toEqual({ printed: 'calendar: 2 rows, 2 inserted, 0 updated, 0 unchanged (dry run, nothing written)\n', exitCode: undefined });
    expect(await duebot('calendar', 'import', file, '--org', 'london'))
      .toEqual({ printed: 'calendar: 2 rows, 2 inserted, 0 updated, 0 unchanged\n', exitCode: undefined });
    const json = JSON.parse((await duebot('calendar', 'show', '--org', 'london', '--year', '2027', '--format', 'json')).printed);
    expect(json).toEqual({ org: 'london', timezone: 'Europe/London', year: 2027, holidays: 2, workdays: 0, days: [
      { date: '2027-12-25', weekday: 6, kind: 'holiday', name: 'Christmas Day' },
      { date: '2027-12-27', weekday: 1, kind: 'holiday', name: 'Boxing Day (substitute)' },
    ] });
  });

  it('refuses a bad file with its lines and exits with 1, and a bad year with a clear error', async () => {
    const file = path.join(os.tmpdir(), `duebot-cal-bad-${process.pid}.csv`);
    await writeFile(file, 'date,kind,name\n2027-13-01,holiday,X\n');
    const r = await duebot('calendar', 'import', file, '--org', 'london');
    expect(r).toEqual({ printed: 'line 2, column date: not a date: use YYYY-MM-DD\nimport refused: 1 problem, nothing written\n', exitCode: 1 });
    await expect(duebot('calendar', 'show', '--org', 'london', '--year', '27')).rejects.toThrow('--year must be written YYYY, such as 2027 (got "27")');
  });
});
