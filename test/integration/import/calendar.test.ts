import { beforeAll, describe, expect, it } from 'vitest';
import { addOrg } from '../../../src/services/orgs.js';
import { importFile } from '../../../src/services/import/index.js';
import { testDatabase } from '../../support/db.js';
import { csv, importOk } from './import-fixtures.js';

const t = testDatabase();
let orgId: number;

// An org outside China starts with an empty calendar (issue 15).
beforeAll(async () => { orgId = (await addOrg(t.db, { slug: 'berlin', timezone: 'Europe/Berlin' })).org.id; });

const days = () => t.db.selectFrom('calendar_days').select(['day', 'kind', 'name']).where('org_id', '=', orgId).orderBy('day').execute();

const FILE = [
  '# Company calendar 2027 (a comment line, as in the shipped files)',
  'date,kind,name',
  '2027-10-01,holiday,国庆节 National Day',
  '2027-10-02,Holiday,"Day off, with a comma"',
  '2027-10-09,workday,调休上班 make-up workday',
  '',
].join('\n');

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the org starts empty, the file writes its days, the re-import changes nothing and the next file changes them.
describe('importing a business calendar', { shuffle: false }, () => {
  it('starts empty outside Asia/Shanghai', async () => {
    expect(await days()).toEqual([]);
  });

  it('writes the holidays and make-up workdays of the file', async () => {
    const r = await importOk(t.db, orgId, 'calendar', csv(FILE));
    expect(r).toMatchObject({ kind: 'calendar', rows: 3, inserted: 3, updated: 0, unchanged: 0 });
    expect(await days()).toEqual([
      { day: '2027-10-01', kind: 'holiday', name: '国庆节 National Day' },
      { day: '2027-10-02', kind: 'holiday', name: 'Day off, with a comma' },
      { day: '2027-10-09', kind: 'workday', name: '调休上班 make-up workday' },
    ]);
  });

  it('changes nothing when the same file is imported again, and updates a day whose kind or name changed', async () => {
    expect(await importOk(t.db, orgId, 'calendar', csv(FILE))).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    const r = await importOk(t.db, orgId, 'calendar', csv('date,kind,name\n2027-10-02,workday,调休\n2027-12-25,holiday,Christmas\n'));
    expect(r).toMatchObject({ inserted: 1, updated: 1, unchanged: 0 });
    expect((await days()).map((d) => `${d.day} ${d.kind}`)).toEqual(
      ['2027-10-01 holiday', '2027-10-02 workday', '2027-10-09 workday', '2027-12-25 holiday']);
  });

  it('refuses a bad file with every problem by line and column, and writes nothing', async () => {
    const before = await days();
    const r = await importFile(t.db, { orgId, kind: 'calendar', input: csv([
      'date,kind,name',
      '2027-02-30,holiday,Not a day',
      '2027-05-01,vacation,Labour Day',
      '2027-05-02,holiday,',
      '2027-05-03,holiday,Labour Day',
      '2027-05-03,workday,Labour Day again',
    ].join('\n')) });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      { line: 2, column: 'date', message: 'not a date: use YYYY-MM-DD' },
      { line: 3, column: 'kind', message: 'must be holiday or workday' },
      { line: 4, column: 'name', message: 'required' },
      { line: 6, column: 'date', message: 'duplicate date 2027-05-03: first on line 5' },
    ]);
    expect(await days()).toEqual(before);
  });

  it('counts comment lines, so a problem after them names its real line', async () => {
    const r = await importFile(t.db, { orgId, kind: 'calendar', input: csv('# one\n# two\ndate,kind,name\n2027-01-01,holiday,\n') });
    expect(r.errors).toEqual([{ line: 4, column: 'name', message: 'required' }]);
  });

  it('names an unknown column', async () => {
    const r = await importFile(t.db, { orgId, kind: 'calendar', input: csv('date,kind,name,region\n') });
    expect(r.errors).toEqual([{ line: 1, column: 'region', message: 'unknown column (a calendar file has date, kind, name)' }]);
  });
});
