// Charts at scale (issue 13): a 100,000-invoice org generated in SQL; the time to render one chart
// (ECharts SSR → SVG → resvg PNG) beside the report it draws, the morning digest with its chart
// (digest data and view, aging report, chart), and the first KPI history (12 weeks backfilled).
import { performance } from 'node:perf_hooks';
import type { Db } from '../../src/store/connection.js';
import { dateIn } from '../../src/domain/calendar.js';
import { digestData } from '../../src/services/cases/digest-data.js';
import { digestInput } from '../../src/chat/present.js';
import { digestView } from '../../src/chat/views/digest.js';
import { agingReport, kpiHistory } from '../../src/services/reports/index.js';
import { agingChart, kpiTrendChart, renderSvg, svgToPng, agingChartOption } from '../../src/services/charts/index.js';
import { seedAgingBench } from './aging-bench.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timedMedian(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();   // warm-up: loads ECharts and the font once, as a long-running worker has
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

export interface ChartBench {
  invoices: number; reportMs: number; svgMs: number; pngMs: number; chartMs: number;
  digestMs: number; digestWithChartMs: number; pngBytes: number; historyFirstMs: number; historyAgainMs: number; trendMs: number;
}

export async function benchCharts(db: Db, invoices = 100_000, runs = 5): Promise<ChartBench> {
  const orgId = await seedAgingBench(db, { slug: 'bench-charts', invoices, customers: 2_000 });
  const asOf = dateIn('Asia/Shanghai');
  const report = await agingReport(db, { orgId, asOf });
  const option = agingChartOption(report, 'zh-CN');
  const svg = await renderSvg(option);
  const reportMs = await timedMedian(runs, () => agingReport(db, { orgId, asOf }));
  const svgMs = await timedMedian(runs, () => renderSvg(option));
  const pngMs = await timedMedian(runs, () => svgToPng(svg));
  const chartMs = await timedMedian(runs, () => agingChart(report, 'zh-CN'));
  const digest = async () => {
    const data = await digestData(db, orgId, { today: asOf });
    return digestView(digestInput(data, orgId), 'zh-CN');
  };
  const digestMs = await timedMedian(runs, digest);
  const digestWithChartMs = await timedMedian(runs, async () => {
    const [view, aging] = await Promise.all([digest(), agingReport(db, { orgId, asOf })]);
    return [view, await agingChart(aging, 'zh-CN')];
  });
  let t = performance.now();
  const history = await kpiHistory(db, { orgId, weeks: 12, asOf });
  const historyFirstMs = performance.now() - t;
  t = performance.now();
  await kpiHistory(db, { orgId, weeks: 12, asOf });
  const historyAgainMs = performance.now() - t;
  const trendMs = await timedMedian(runs, () => kpiTrendChart(history, 'zh-CN'));
  const png = (await agingChart(report, 'zh-CN')).png;
  return { invoices, reportMs, svgMs, pngMs, chartMs, digestMs, digestWithChartMs, pngBytes: png.length, historyFirstMs, historyAgainMs, trendMs };
}
