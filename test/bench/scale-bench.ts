// How the aging scan and the digest grow with the ledger (issue 9, "Load"): one org per size, its
// ledger generated in SQL (seedAgingBench: two years of invoices, 60% paid, 5 regions), or the
// bench's own imported org for its size. Per size: the first scan (it raises an alert for every
// invoice already past a threshold and opens their cases), the steady-state rescan (the hourly
// job: median of 3), and the morning digest's data and view (median of 3 after a warm-up).
import { performance } from 'node:perf_hooks';
import { dateIn } from '../../src/domain/calendar.js';
import { agingScan } from '../../src/services/alerts/aging-scan.js';
import { digestData } from '../../src/services/cases/digest-data.js';
import { digestInput } from '../../src/chat/present.js';
import { digestView } from '../../src/chat/views/digest.js';
import type { Db } from '../../src/store/connection.js';
import { seedAgingBench } from './aging-bench.js';

export interface ScaleRow {
  invoices: number;
  /** Generating the ledger in SQL (0: the bench's imported org). */
  seedMs: number;
  firstScanMs: number;
  raised: number;
  rescanMs: number;
  digestMs: number;
}

/** The sizes to measure: BENCH_SIZES when given, else 10k, 100k and 1M up to BENCH_INVOICES. */
export function scaleSizes(benchInvoices: number, env = process.env.BENCH_SIZES): number[] {
  const asked = env?.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
  if (asked?.length) return asked;
  return [10_000, 100_000, 1_000_000].filter((n) => n <= benchInvoices);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

/**
 * `main`: the bench's own org (its size is not generated again); `firstScan` when the scan section
 * already ran it. `onRow` prints each size as it is done (a 1M run takes minutes).
 */
export async function benchScale(db: Db, sizes: number[], main: { orgId: number; invoices: number; firstScan?: { ms: number; raised: number } },
  onRow: (row: ScaleRow) => void = () => {}): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const size of [...sizes].sort((a, b) => a - b)) {
    const own = size === main.invoices;
    const [orgId, seedMs] = own ? [main.orgId, 0]
      : await timed(() => seedAgingBench(db, { slug: `bench-scale-${size}`, invoices: size, customers: Math.max(100, Math.round(size / 50)) }));
    const org = await db.selectFrom('orgs').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow();
    const asOf = dateIn(org.timezone);
    let first = own ? main.firstScan : undefined;
    if (!first) {
      const [r, ms] = await timed(() => agingScan(db, orgId, { asOf }));
      first = { ms, raised: r.raised };
    }
    const rescans: number[] = [];
    for (let i = 0; i < 3; i++) rescans.push((await timed(() => agingScan(db, orgId, { asOf })))[1]);
    const digest = async () => digestView(digestInput(await digestData(db, orgId, { today: asOf }), orgId), 'zh-CN');
    await digest();
    const digests: number[] = [];
    for (let i = 0; i < 3; i++) digests.push((await timed(digest))[1]);
    const row = { invoices: size, seedMs, firstScanMs: first.ms, raised: first.raised, rescanMs: median(rescans), digestMs: median(digests) };
    rows.push(row);
    onRow(row);
  }
  return rows;
}
