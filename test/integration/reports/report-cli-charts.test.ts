// `duebot report … --format png --out f.png` and `duebot report kpi --history 12w`, in process.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabase } from '../../support/db.js';
import { pngSize } from '../../support/golden.js';
import { AS_OF, seedLedger } from './ledger-fixture.js';
import { duebot } from '../../support/cli.js';

const t = testDatabase();
const dir = mkdtempSync(join(tmpdir(), 'duebot-charts-'));

beforeAll(async () => {
  await seedLedger(t.db);
  process.env.DATABASE_URL = t.url;
});

afterEach(() => { vi.restoreAllMocks(); });

// Rasterising is CPU work a loaded machine slows a lot: a generous timeout, not a sleep.
describe('duebot report charts and history', { timeout: 240_000 }, () => {
  it('writes the aging chart, and the stacked one with --by, as PNG files', async () => {
    const plain = join(dir, 'aging.png');
    expect(await duebot('report', 'aging', '--org', 'acme', '--as-of', AS_OF, '--format', 'png', '--out', plain)).toBe('');
    expect(pngSize(readFileSync(plain))).toEqual({ width: 1600, height: 900 });
    const byRegion = join(dir, 'aging-by-region.png');
    await duebot('report', 'aging', '--org', 'acme', '--as-of', AS_OF, '--by', 'region', '--format', 'png', '--out', byRegion);
    expect(readFileSync(byRegion).equals(readFileSync(plain))).toBe(false);
    expect(pngSize(readFileSync(byRegion))).toEqual({ width: 1600, height: 900 });
  });

  it('writes the KPI trend as a PNG (12 weeks unless --history says otherwise)', async () => {
    const file = join(dir, 'kpi.png');
    await duebot('report', 'kpi', '--org', 'acme', '--as-of', '2026-07-01', '--format', 'png', '--out', file);
    expect(pngSize(readFileSync(file))).toEqual({ width: 1600, height: 900 });
    // The org's own weeks (region ''), the 12 ending before the as-of: the other tests store weeks by region too.
    const weeks = await t.db.selectFrom('kpi_snapshots').select('week_ending').where('region', '=', '').orderBy('week_ending').execute();
    expect(weeks.map((w) => w.week_ending)).toHaveLength(12);   // 2026-04-12 … 2026-06-28; the others store 4 of these
    expect(weeks[0]!.week_ending).toBe('2026-04-12');
    expect(weeks.at(-1)!.week_ending).toBe('2026-06-28');
  });

  it('prints the history as JSON and CSV, and writes it to --out', async () => {
    const j = JSON.parse(await duebot('report', 'kpi', '--org', 'acme', '--as-of', '2026-07-01', '--history', '4w', '--format', 'json'));
    expect(j.weeks.map((w: { weekEnding: string }) => w.weekEnding)).toEqual(['2026-06-07', '2026-06-14', '2026-06-21', '2026-06-28']);
    const csv = await duebot('report', 'kpi', '--org', 'acme', '--as-of', '2026-07-01', '--history', '4w', '--format', 'csv', '--by', 'region');
    expect(csv.split('\n')[0]).toBe('key,weekEnding,arBalance,overdueBalance,dso,cei,recoveryRate,badDebtRate,promiseKeptRate');
    expect(csv.trim().split('\n')).toHaveLength(1 + 4 * 4);
    const file = join(dir, 'history.json');
    await duebot('report', 'kpi', '--org', 'acme', '--as-of', '2026-07-01', '--history', '4w', '--format', 'json', '--out', file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(j);
  });

  it.each([
    [['report', 'aging', '--org', 'acme', '--format', 'png'], /--format png needs --out/],
    [['report', 'provision', '--org', 'acme', '--format', 'png', '--out', 'x.png'], /--format png applies to aging and kpi/],
    [['report', 'kpi', '--org', 'acme', '--history', '12'], /--history must be a number of weeks from 1w to 104w/],
    [['report', 'kpi', '--org', 'acme', '--history', '0w'], /--history must be a number of weeks/],
    [['report', 'aging', '--org', 'acme', '--history', '12w'], /--history applies to kpi only/],
    [['report', 'kpi', '--org', 'acme', '--history', '12w', '--by', 'owner'], /the KPI history takes --by region only/],
    [['report', 'kpi', '--org', 'acme', '--history', '12w', '--period', 'month'], /--period does not apply to the weekly KPI history/],
  ])('refuses %j with an error naming the option', async (args, message) => {
    await expect(duebot(...args)).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(message) });
  });
});
