// The charts the posts carry, from the fixed ledger of the report tests: a region's digest shows
// that region's buckets (never the company's under its name), the alt text says in words what the
// picture shows, and a post with nothing to draw carries none.
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { pngSize } from '../../support/golden.js';
import { AS_OF, seedLedger, type Ledger } from '../reports/ledger-fixture.js';
import { agingReport } from '../../../src/services/reports/index.js';
import { digestChart, kpiPostChart, scopedAgingReport } from '../../../src/services/charts/index.js';

const t = testDatabase();
let ledger: Ledger;
beforeAll(async () => { ledger = await seedLedger(t.db); });

describe('the charts of the posts', { timeout: 240_000 }, () => {
  it('gives a region subscription its own region\'s buckets', async () => {
    const south = await scopedAgingReport(t.db, ledger.orgId, AS_OF, { region: 'SOUTH' });
    const byRegion = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'region' });
    const group = byRegion.groups!.find((g) => g.key === 'south')!;
    expect(south!.buckets).toEqual(group.buckets);
    expect(south!.totalMinor).toBe(group.totalMinor);
    expect(south!.totalMinor).toBeLessThan(byRegion.totalMinor);
    expect(await scopedAgingReport(t.db, ledger.orgId, AS_OF, { region: 'nowhere' })).toBeNull();
  });

  it('draws the digest\'s chart as a PNG with an alt text naming each bucket and amount, in the org\'s language', async () => {
    const chart = await digestChart(t.db, ledger.orgId, AS_OF, {}, 'zh-CN');
    expect(pngSize(chart!.png)).toEqual({ width: 1600, height: 900 });
    expect(chart!.filename).toBe(`aging-${AS_OF}.png`);
    expect(chart!.alt).toMatch(/^账龄结构 · .* 截至 2026-06-30 \(CNY\): /);
    // The report tests' hand-computed figures.
    expect(chart!.alt).toContain('未到期 15,700.00; 1–30天 22,245.25; 31–60天 16,501.10; 61–90天 2,000.00; 91–180天 6,333.34; 180天以上 6,600.00');
  });

  it('draws no chart for a digest with nothing overdue, nor a KPI trend for a product line (no snapshots of its own)', async () => {
    expect(await digestChart(t.db, ledger.orgId, '2020-01-01', {}, 'en-US')).toBeNull();
    expect(await kpiPostChart(t.db, ledger.orgId, AS_OF, { product: 'steel' }, 'en-US')).toBeNull();
  });

  it('draws the KPI post\'s 12-week trend with what each line did in its alt text', async () => {
    const chart = await kpiPostChart(t.db, ledger.orgId, AS_OF, {}, 'en-US');
    expect(pngSize(chart!.png)).toEqual({ width: 1600, height: 900 });
    expect(chart!.alt).toMatch(/^12-week trend · .* \(2026-04-12 → 2026-06-28\): DSO \(days\) .* → .*; CEI \(%\) .*; Recovery rate \(%\) .*; Overdue balance \(CNY\) /);
  });
});
