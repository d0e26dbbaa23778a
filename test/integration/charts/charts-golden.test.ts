// Golden images: each chart rendered from the fixed ledger of the report tests equals its stored
// SVG and PNG under test/fixtures/charts (UPDATE_GOLDEN=1 rewrites them after a deliberate change).
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { testDatabase } from '../../support/db.js';
import { expectGolden, pngSize } from '../../support/golden.js';
import { AS_OF, seedLedger, type Ledger } from '../reports/ledger-fixture.js';
import { agingReport } from '../../../src/services/reports/index.js';
import {
  agingByGroupChartOption, agingChartOption, kpiTrendChartOption, renderChart, type KpiTrendPoint,
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

describe('charts from the fixed ledger', () => {
  it('draws the aging bar chart in Chinese, buckets coloured as the levels', async () => {
    const report = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF });
    const chart = await renderChart(agingChartOption(report, 'zh-CN'));
    // 31–60 yellow, 61–90 orange, 91+ red (DOMAIN.md levels), the others neutral.
    for (const colour of ['#ECB22E', '#E8912D', '#E01E5A', '#9E1239', '#B8C2CC', '#7A8794']) {
      expect(chart.svg.toUpperCase()).toContain(`FILL="${colour}"`);
    }
    expect(chart.svg).toContain('账龄结构');
    expect(chart.svg).toContain('61-90天');
    await expectChart('aging-zh-CN', chart);
  });

  it('draws the stacked aging by region in English', async () => {
    const report = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'region' });
    const chart = await renderChart(agingByGroupChartOption(report, 'en-US'));
    expect(chart.svg).toContain('Aging by region');
    for (const region of ['east', 'north', 'south']) expect(chart.svg).toContain(`>${region}<`);
    await expectChart('aging-by-region-en-US', chart);
  });

  it('draws the 12-week KPI trend with a gap for a week without a value', async () => {
    const points: KpiTrendPoint[] = Array.from({ length: 12 }, (_, i) => ({
      weekEnding: addDays('2026-06-28', 7 * (i - 11)),
      dso: i === 4 ? null : 48 + i * 1.5,
      cei: 62 + (i % 5) * 3,
      recoveryRate: 0.31 + i * 0.02,
      overdueBalanceMinor: 4_200_000n - BigInt(i) * 150_000n,
    }));
    const chart = await renderChart(kpiTrendChartOption({ org: 'acme', currency: 'CNY', points }, 'zh-CN'));
    expect(chart.svg).toContain('近12周趋势');
    await expectChart('kpi-trend-zh-CN', chart);
  });

  it('gives the same bytes twice in one process', async () => {
    const report = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'region' });
    const a = await renderChart(agingByGroupChartOption(report, 'zh-CN'));
    const b = await renderChart(agingByGroupChartOption(report, 'zh-CN'));
    expect(b.svg).toBe(a.svg);
    expect(b.png.equals(a.png)).toBe(true);
  });
});
