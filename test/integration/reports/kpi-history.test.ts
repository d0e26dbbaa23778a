// The weekly KPI snapshots and `duebot report kpi --history`: backfilled from the ledger on first
// use, read afterwards, per org and per region, never across orgs.
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { seedLedger, type Ledger } from './ledger-fixture.js';
import { kpiHistory, kpiReport, kpiSums, parseHistory, recordKpiSnapshots, renderKpiHistory, weekEndings } from '../../../src/services/reports/index.js';

const t = testDatabase();
let ledger: Ledger;
beforeAll(async () => { ledger = await seedLedger(t.db); });

const count = async (orgId: number, region?: string) => {
  let q = t.db.selectFrom('kpi_snapshots').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId);
  if (region !== undefined) q = q.where('region', '=', region);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

describe('week endings', () => {
  it('are the Sundays before the day, oldest first; a Sunday that is today is not over', () => {
    expect(weekEndings('2026-07-01', 3)).toEqual(['2026-06-14', '2026-06-21', '2026-06-28']);   // Wednesday
    expect(weekEndings('2026-06-28', 1)).toEqual(['2026-06-21']);                               // Sunday
    expect(weekEndings('2026-06-29', 1)).toEqual(['2026-06-28']);                               // Monday
  });

  it('parses --history as 1w to 104w', () => {
    expect(parseHistory('12w')).toBe(12);
    for (const bad of ['0w', '105w', '12', 'w', '12d', '-1w']) expect(parseHistory(bad)).toBeNull();
  });
});

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the first step backfills the history the later ones read, print and keep.
describe('KPI history', { shuffle: false }, () => {
  it('backfills the missing weeks from the ledger on first use, then only reads', async () => {
    const h = await kpiHistory(t.db, { orgId: ledger.orgId, weeks: 12, asOf: '2026-07-01' });
    expect(h.points.map((p) => p.weekEnding)).toEqual(weekEndings('2026-07-01', 12));
    expect(await count(ledger.orgId, '')).toBe(12);
    // Each week is the KPI report as of its Sunday (90-day period).
    const last = await kpiReport(t.db, { orgId: ledger.orgId, asOf: '2026-06-28' });
    expect(h.points.at(-1)).toMatchObject({ arBalanceMinor: last.arBalanceMinor, overdueBalanceMinor: last.overdueBalanceMinor,
      dso: last.dso, cei: last.cei, recoveryRate: last.recoveryRate, promiseKeptRate: last.promiseKeptRate, periodDays: 90 });
    const again = await kpiHistory(t.db, { orgId: ledger.orgId, weeks: 12, asOf: '2026-07-01' });
    expect(again).toEqual(h);
    expect(await count(ledger.orgId, '')).toBe(12);
    expect(await count(ledger.otherOrgId)).toBe(0);
  });

  it('the KPI job writes the whole org and each region; the regions add up with the unregioned rest', async () => {
    const written = await recordKpiSnapshots(t.db, ledger.orgId, '2026-07-01');
    expect(written).toBe(3 * 12);   // east, north, south; the whole org's weeks exist already
    expect(await recordKpiSnapshots(t.db, ledger.orgId, '2026-07-01')).toBe(0);
    const rows = await t.db.selectFrom('kpi_snapshots').select(['region', 'overdue_balance_minor', 'source'])
      .where('org_id', '=', ledger.orgId).where('week_ending', '=', '2026-06-28').orderBy('region').execute();
    expect(rows.map((r) => r.region)).toEqual(['', 'east', 'north', 'south']);
    const rest = await kpiSums(t.db, ledger.orgId, 'CNY', '2026-06-28', 90, { region: '' });
    const regions = rows.filter((r) => r.region !== '').reduce((s, r) => s + r.overdue_balance_minor, 0n);
    expect(regions + rest.overdueBalance).toBe(rows[0]!.overdue_balance_minor);
    expect(rows.find((r) => r.region === 'east')!.source).toBe('job');
  });

  it('prints JSON with the weeks oldest first and CSV with one row per scope and week', async () => {
    const h = await kpiHistory(t.db, { orgId: ledger.orgId, weeks: 2, asOf: '2026-07-01', by: 'region' });
    const j = JSON.parse(renderKpiHistory(h, { format: 'json', locale: 'en-US' }));
    expect(Object.keys(j)).toEqual(['org', 'asOf', 'currency', 'periodDays', 'weeks', 'groups']);
    expect(j.weeks.map((w: { weekEnding: string }) => w.weekEnding)).toEqual(['2026-06-21', '2026-06-28']);
    expect(Object.keys(j.weeks[0])).toEqual(['weekEnding', 'arBalance', 'overdueBalance', 'dso', 'cei', 'recoveryRate', 'badDebtRate', 'promiseKeptRate']);
    expect(j.weeks[1].arBalance).toMatch(/^\d+\.\d{2}$/);
    expect(j.groups.map((g: { key: string }) => g.key)).toEqual(['east', 'north', 'south']);
    const csv = renderKpiHistory(h, { format: 'csv', locale: 'en-US' }).trim().split('\n');
    expect(csv[0]).toBe('key,weekEnding,arBalance,overdueBalance,dso,cei,recoveryRate,badDebtRate,promiseKeptRate');
    expect(csv).toHaveLength(1 + 2 * 4);
    expect(renderKpiHistory(h, { format: 'table', locale: 'zh-CN' })).toContain('回款指标 近2周');
  });

  it('keeps a written week as it was: a payment imported later, dated in that week, does not rewrite it', async () => {
    const before = await kpiHistory(t.db, { orgId: ledger.orgId, weeks: 1, asOf: '2026-07-01' });
    const i03 = await t.db.selectFrom('invoices').select('id').where('org_id', '=', ledger.orgId).where('number', '=', 'I03').executeTakeFirstOrThrow();
    await t.db.insertInto('payments').values({ org_id: ledger.orgId, invoice_id: i03.id, amount_minor: 500000n, paid_on: '2026-06-25', import_key: 'late' }).execute();
    await t.db.updateTable('invoices').set((eb) => ({ paid_minor: eb('paid_minor', '+', 500000n) })).where('id', '=', i03.id).execute();
    const live = await kpiReport(t.db, { orgId: ledger.orgId, asOf: '2026-06-28' });
    expect(live.arBalanceMinor).toBe(before.points[0]!.arBalanceMinor - 500000n);
    const after = await kpiHistory(t.db, { orgId: ledger.orgId, weeks: 1, asOf: '2026-07-02' });
    expect(after.points).toEqual(before.points);
  });
});
