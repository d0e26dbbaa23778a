// Golden images: each chart rendered from the fixed ledger of the report tests equals its stored
// SVG and PNG under test/fixtures/charts (UPDATE_GOLDEN=1 rewrites them after a deliberate change).
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { testDatabase } from '../../support/db.js';
import { expectGolden, pngSize } from '../../support/golden.js';
import { AS_OF, seedLedger, type Ledger } from '../reports/ledger-fixture.js';
import { agingReport, kpiHistory } from '../../../src/services/reports/index.js';
import {
  agingByGroupChartOption, agingChartOption, kpiTrendChart, kpiTrendChartOption, renderChart, type KpiTrendPoint,
} from '../../../src/services/charts/index.js';
import { addDays } from '../../../src/domain/calendar.js';

const t = testDatabase();
let ledger: Ledger;
beforeAll(async () => { ledger = await seedLedger(t.db); });

const FIXTURES = join(import.meta.dirname, '../../fixtures/charts');

async function expectChart(name: string, chart: Awaited<ReturnType<typeof renderChart>>) {
  const svg = expectGolden(join(FIXTURES, `${name}.svg`), chart.svg);
  expect(svg.equal, `${name}.svg differs from the stored one`).toBe(true);
  const png = expectGolden(join(FIXTURES, `${name}.png`), chart.png);
  expect(pngSize(png.expected)).toEqual({ width: 1600, height: 900 });
  expect(png.equal, `${name}.png differs from the stored one`).toBe(true);
}

// Rasterising with an 8 MB CJK font is CPU work that a loaded machine (2 cores, many suites) slows
// a lot: a generous timeout, not a sleep.
describe('charts from the fixed ledger', { timeout: 240_000 }, () => {
  it('draws the aging bar chart in Chinese, buckets coloured as the levels', async () => {
    const report = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF });
    const chart = await renderChart(agingChartOption(report, 'zh-CN'));
    // 31–60 yellow, 61–90 orange, 91+ red (DOMAIN.md levels), the others neutral.
    for (const colour of ['#ECB22E', '#E8912D', '#E01E5A', '#9E1239', '#B8C2CC', '#7A8794']) {
      expect(chart.svg.toUpperCase()).toContain(`FILL="${colour}"`);
    }
    expect(chart.svg).toContain('账龄结构');
    expect(chart.svg).toContain('61–90天');
    await expectChart('aging-zh-CN', chart);
  });

  it('draws the stacked aging by region in English', async () => {
    const report = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'region' });
    const chart = await renderChart(agingByGroupChartOption(report, 'en-US'));
    expect(chart.svg).toContain('Aging by region');
    for (const region of ['east', 'north', 'south']) expect(chart.svg).toContain(`>${region}<`);
    await expectChart('aging-by-region-en-US', chart);
  });

  it('draws the 12-week KPI trend from the weekly snapshots backfilled from the ledger', async () => {
    const history = await kpiHistory(t.db, { orgId: ledger.orgId, weeks: 12, asOf: '2026-07-01' });
    expect(history.points).toHaveLength(12);
    const chart = await kpiTrendChart(history, 'zh-CN');
    expect(chart.svg).toContain('近12周趋势');
    expect(chart.svg).toContain('逾期余额(CNY)');
    await expectChart('kpi-trend-zh-CN', chart);
  });

  it('leaves a gap, not a zero, for a week without a value', () => {
    const points: KpiTrendPoint[] = [0, 1, 2].map((i) => ({
      weekEnding: addDays('2026-06-14', 7 * i), dso: i === 1 ? null : 40, cei: 60, recoveryRate: 0.5, overdueBalanceMinor: 100n,
    }));
    const option = kpiTrendChartOption({ org: 'acme', currency: 'CNY', points }, 'en-US');
    const dso = (option.series as { data: (number | null)[]; connectNulls: boolean }[])[0]!;
    expect(dso.data).toEqual([40, null, 40]);
    expect(dso.connectNulls).toBe(false);
  });

  it('gives the same bytes twice in one process', async () => {
    const report = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'region' });
    const a = await renderChart(agingByGroupChartOption(report, 'zh-CN'));
    const b = await renderChart(agingByGroupChartOption(report, 'zh-CN'));
    expect(b.svg).toBe(a.svg);
    expect(b.png.equals(a.png)).toBe(true);
  });
});
