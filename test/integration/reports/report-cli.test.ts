// `duebot report …` end to end in process: options parsed by commander, database from DATABASE_URL.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { AS_OF, seedLedger } from './ledger-fixture.js';
import { duebot } from '../../support/cli.js';

const t = testDatabase();

beforeAll(async () => {
  await seedLedger(t.db);
  process.env.DATABASE_URL = t.url;
});

afterEach(() => { vi.restoreAllMocks(); });

describe('duebot report', () => {
  it('prints the aging report as one JSON object', async () => {
    const text = await duebot('report', 'aging', '--org', 'acme', '--as-of', AS_OF, '--format', 'json');
    expect(text.endsWith('\n')).toBe(true);
    const j = JSON.parse(text);
    expect(j.total).toBe('69379.69');
    expect(j.groups).toBeUndefined();
    expect(Object.keys(j.limitation)).toEqual(['lapsed', 'd30', 'd90', 'd180']);
  });

  it('groups with --by and reports another currency with --currency', async () => {
    const byOwner = JSON.parse(await duebot('report', 'provision', '--org', 'acme', '--as-of', AS_OF, '--by', 'owner', '--format', 'json'));
    expect(byOwner.groups.map((g: { key: string }) => g.key)).toEqual(['alice@acme.test', 'bob@acme.test', '(unassigned)']);
    const usd = JSON.parse(await duebot('report', 'aging', '--org', 'acme', '--as-of', AS_OF, '--currency', 'USD', '--format', 'json'));
    expect([usd.currency, usd.total]).toEqual(['USD', '1000.00']);
  });

  it("prints a table in the org's language unless --locale says otherwise", async () => {
    expect(await duebot('report', 'aging', '--org', 'acme', '--as-of', AS_OF)).toContain('账龄段');
    expect(await duebot('report', 'aging', '--org', 'acme', '--as-of', AS_OF, '--locale', 'en-US')).toContain('Over 180 days');
  });

  it('takes the KPI period from --period-days', async () => {
    const text = await duebot('report', 'kpi', '--org', 'acme', '--as-of', AS_OF, '--format', 'csv', '--period-days', '90');
    expect(text.split('\n')[1]).toBe('acme,2026-06-30,CNY,90,69379.69,53679.69,142.08,26.65,0.1335,0.182,1,0,16,');
  });

  it.each([
    [['report', 'ages', '--org', 'acme'], /report kind must be one of aging, kpi, provision/],
    [['report', 'aging', '--org', 'acme', '--by', 'colour'], /--by must be one of customer, region, product, owner/],
    [['report', 'aging', '--org', 'acme', '--format', 'xml'], /--format must be one of table, json, csv/],
    [['report', 'aging', '--org', 'acme', '--as-of', '2026-02-30'], /--as-of must be a date YYYY-MM-DD/],
    [['report', 'aging', '--org', 'acme', '--locale', 'fr-FR'], /--locale must be one of zh-CN, en-US/],
    [['report', 'aging', '--org', 'acme', '--currency', 'dollars'], /--currency must be a 3-letter code/],
    [['report', 'kpi', '--org', 'acme', '--period-days', 'ninety'], /--period-days must be a whole number/],
    [['report', 'kpi', '--org', 'acme', '--period', 'week'], /--period must be month, quarter, year or <N>d/],
  ])('refuses %j with an error naming the option', async (args, message) => {
    await expect(duebot(...args)).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(message) });
  });

  it('names the org it cannot find', async () => {
    await expect(duebot('report', 'aging', '--org', 'nope')).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('nope') });
  });
});

describe('duebot report agencies', () => {
  it('prints cases, recovered and fees per agency in each format', async () => {
    await duebot('agency', 'set', 'Dragon Recovery', '12.5', '--org', 'acme');
    const j = JSON.parse(await duebot('report', 'agencies', '--org', 'acme', '--as-of', AS_OF, '--format', 'json'));
    expect(j).toMatchObject({ org: 'acme', asOf: AS_OF, recovered: expect.stringMatching(/^\d+\.\d{2}$/),
      agencies: [{ agency: 'Dragon Recovery', feeShare: '0.1250', cases: 0, openCases: 0 }] });
    expect(await duebot('report', 'agencies', '--org', 'acme', '--as-of', AS_OF, '--format', 'csv'))
      .toMatch(/^agency,fee_share,cases,open_cases,recovered,fee\nDragon Recovery,0\.1250,0,0,/);
    expect(await duebot('report', 'agencies', '--org', 'acme', '--as-of', AS_OF, '--locale', 'en-US')).toContain('12.5%');
    await expect(duebot('report', 'agencies', '--org', 'acme', '--by', 'region')).rejects.toMatchObject({ code: 'invalid' });
  });
});
