// `npm run bench`: the figures the issues ask for, each beside its floor measured in the same run.
// Prints; never passes or fails on time. BENCH_INVOICES scales the ledger (default 1,000,000).
// BENCH_ONLY picks sections (comma-separated: import, aging, scan, delivery, ack, load, charts, email);
// the ledger is imported for every run, as aging, scan and load need it. `load` runs a real serve
// and worker under sustained commands and clicks, their RSS while the org is digested, and the
// scan and digest at 10k, 100k and 1M invoices (sizes above BENCH_INVOICES only when BENCH_SIZES
// names them, e.g. BENCH_SIZES=10000,100000,1000000; BENCH_LOAD_SECONDS, BENCH_LOAD_CONCURRENCY).
import path from 'node:path';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { startEmbeddedPostgres, ensureDatabase } from '../../src/store/embedded-postgres.js';
import { connect } from '../../src/store/connection.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { addOrg } from '../../src/services/orgs.js';
import { importFile } from '../../src/services/import/index.js';
import { writeDemoCsv } from '../../src/services/demo/index.js';
import { benchAging } from './aging-bench.js';
import { bareCopyMs, checkpoint, fairCopyMs } from './import-floor.js';
import { benchAgingScan } from './aging-scan-bench.js';
import { benchDelivery } from './delivery-bench.js';
import { benchSlackAck } from './slack-ack-bench.js';
import { benchCharts } from './chart-bench.js';
import { benchEmail } from './email-bench.js';
import { benchLoad } from './load-bench.js';
import { benchScale, scaleSizes } from './scale-bench.js';

const N = Number(process.env.BENCH_INVOICES ?? 1_000_000);
const root = path.resolve(import.meta.dirname, '../..');
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const want = (section: string) => !ONLY || ONLY.includes(section);
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const line = (label: string, value: string) => console.log(`${label.padEnd(52)} ${value}`);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function main() {
  let adminUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/postgres';
    adminUrl = u.toString();
  } else {
    const pgServer = await startEmbeddedPostgres({ home: path.join(root, '.duebot/bench') });
    adminUrl = pgServer.adminUrl;
    stop = pgServer.stop;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists duebot_bench with (force)');
  await admin.end();
  await ensureDatabase(adminUrl, 'duebot_bench');
  const url = new URL(adminUrl);
  url.pathname = '/duebot_bench';
  const conn = connect(url.toString(), { max: 4 });
  await migrateToLatest(conn.db);

  console.log(`duebot benchmarks · ${N.toLocaleString('en-US')} invoices · node ${process.version}\n`);
  const dir = path.join(root, '.duebot/bench-data');
  await rm(dir, { recursive: true, force: true });
  const [csv, genMs] = await timed(() => writeDemoCsv({ dir, invoices: N, seed: 7 }));
  line('generate CSV (writeDemoCsv)', `${fmt(genMs)} · ${csv.rows.invoices} invoices, ${csv.rows.payments} payments, ${csv.rows.customers} customers`);

  const { org } = await addOrg(conn.db, { slug: 'bench' });
  for (const kind of ['users', 'customers'] as const) {
    const r = await importFile(conn.db, { orgId: org.id, kind, input: csv.files[kind] });
    if (!r.ok) throw new Error(`${kind} import failed: ${JSON.stringify(r.errors.slice(0, 3))}`);
  }

  // Import of the invoices beside its floors (issue 9, "Import floor made fair"): a bare COPY of the
  // same file into a plain table, and a COPY of the same rows into a table with the invoices table's
  // keys, foreign keys and indexes. The import targets ≤ 2× the fair floor.
  await checkpoint(conn.pool);
  const [imported, importMs] = await timed(() => importFile(conn.db, { orgId: org.id, kind: 'invoices', input: csv.files.invoices }));
  if (!imported.ok) throw new Error(`invoice import failed: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  const copyMs = await bareCopyMs(conn.pool, csv.files.invoices);
  const fairMs = await fairCopyMs(conn.pool, org.id, dir);
  if (want('import')) line('import invoices (validate + upsert, all-or-nothing)', fmt(importMs));
  if (want('import')) {
    line('floor: COPY of the same rows into a plain table', fmt(copyMs));
    line('fair floor: COPY into a table with the invoices keys', `${fmt(fairMs)} (keys, foreign keys, indexes, checks)`);
    line('ratio import ÷ bare COPY', (importMs / copyMs).toFixed(2));
    line('ratio import ÷ fair floor (target ≤ 2)', (importMs / fairMs).toFixed(2));
  }

  const [payments, payMs] = await timed(() => importFile(conn.db, { orgId: org.id, kind: 'payments', input: csv.files.payments }));
  if (!payments.ok) throw new Error(`payment import failed: ${JSON.stringify(payments.errors.slice(0, 3))}`);
  await checkpoint(conn.pool);
  const [again, againMs] = await timed(() => importFile(conn.db, { orgId: org.id, kind: 'invoices', input: csv.files.invoices }));
  if (want('import')) {
    line('import payments', `${fmt(payMs)} · ${payments.rows} rows`);
    line('re-import of the same invoices (changes nothing)', `${fmt(againMs)} · ${again.unchanged} unchanged, ${again.inserted + again.updated} written`);
    line('ratio re-import ÷ fair floor (target ≤ 1)', (againMs / fairMs).toFixed(2));
  }
  await conn.pool.query('analyze');

  // The aging report over them beside the bare SQL aggregate (median of 5, interleaved).
  if (want('aging')) {
    const aging = await benchAging(conn.db, org.id, 5);
    line('aging report (median of 5)', `${aging.reportMs.toFixed(0)} ms`);
    line('floor: bare SQL aggregate (median of 5)', `${aging.bareMs.toFixed(0)} ms`);
    line('ratio report ÷ aggregate (target ≤ 1.3)', aging.ratio.toFixed(2));
  }

  await extraBenches(conn.db, org.id, adminUrl, url.toString());
  await conn.close();
  await rm(dir, { recursive: true, force: true });
  await stop();
}

/** The aging scan over the same ledger; delivery under rate limits; the Slack acknowledgement. */
async function extraBenches(db: import('../../src/store/connection.js').Db, orgId: number, adminUrl: string, benchUrl: string) {
  let firstScan: { ms: number; raised: number } | undefined;
  if (want('scan')) {
    const scan = await benchAgingScan(db, orgId);
    firstScan = { ms: scan.firstScanMs, raised: scan.raised };
    line('aging scan, first (raises the alerts)', `${fmt(scan.firstScanMs)} · ${scan.raised} alerts over ${scan.invoices} invoices`);
    line('aging scan, steady state (median)', `${scan.rescanMs.toFixed(0)} ms`);
    line('floor: bare SQL of the level crossings', `${scan.bareMs.toFixed(0)} ms`);
    line('ratio scan ÷ bare SQL (target ≤ 2)', scan.ratio.toFixed(2));
  }

  if (want('delivery')) {
    const d = await benchDelivery({ databaseUrl: adminUrl });
    line('delivery: reminders and alerts through the queue', `${d.messages} messages in ${fmt(d.ms)} (${d.sent} sent, ${d.failed} failed)`);
    line('floor: the ideal the rate limits allow (×10)', fmt(d.idealMs));
    line('ratio delivery ÷ ideal (target ≤ 1.2)', `${d.ratio.toFixed(2)} · 429 answers seen and retried: ${d.rejected429}`);
  }

  if (want('ack')) {
    const ack = await benchSlackAck({ databaseUrl: adminUrl });
    line('/ar claim: time to HTTP 200, p50 / p99', `${ack.duebot.p50.toFixed(1)} / ${ack.duebot.p99.toFixed(1)} ms`);
    line('floor: bare Bolt app, p50 / p99', `${ack.bare.p50.toFixed(1)} / ${ack.bare.p99.toFixed(1)} ms`);
    line('ratio p99 (target ≤ 1.5)', ack.ratio99.toFixed(2));
  }

  if (want('load')) await loadBenches(db, orgId, benchUrl, firstScan);

  if (want('charts')) await chartBenches(db);

  if (want('email')) {
    const e = await benchEmail(db);
    const per = (ms: number) => `${(ms / e.statements).toFixed(1)} ms`;
    line(`email: ${e.statements} statements rendered and handed to SMTP`, `${fmt(e.totalMs)} · ${per(e.totalMs)} per message`);
    line('  render (template, HTML, PDF with CJK font) / SMTP', `${per(e.renderMs)} / ${per(e.smtpMs)} per message · ${(e.bytes / e.statements / 1024).toFixed(0)} KB PDF`);
    line('floor: SMTP hand-off of one rendered message', `${per(e.floorSmtpMs)} per message${e.refused ? ` · ${e.refused} refused` : ''}`);
  }
}

/** A real serve and worker under load, their memory while the org is digested; scan and digest by ledger size. */
async function loadBenches(db: import('../../src/store/connection.js').Db, orgId: number, benchUrl: string, firstScan?: { ms: number; raised: number }) {
  const t = performance.now();
  const l = await benchLoad({ db, databaseUrl: benchUrl, orgId });
  line(`load: ${l.concurrency} in flight for ${l.seconds.toFixed(0)} s against serve`, `${l.requests} requests · ${l.throughput.toFixed(0)} acked/s · ${l.answersPerSecond.toFixed(0)} answered/s${l.busy ? ` · ${l.busy} busy` : ''}`);
  for (const s of l.streams) {
    line(`  ${s.kind}: ack p50 / p99 / max`, `${s.ack.p50.toFixed(1)} / ${s.ack.p99.toFixed(1)} / ${s.ack.max.toFixed(0)} ms · ${s.requests} sent, ${s.errors} errors, ${s.over3s} over 3 s`);
    line(`  ${s.kind}: answered p50 / p99`, `${s.answer.p50.toFixed(0)} / ${s.answer.p99.toFixed(0)} ms · ${s.answered} of ${s.requests}`);
  }
  const mb = (x: number) => `${x.toFixed(0)} MB`;
  line('RSS serve: idle / under load / digest (peak)', `${mb(l.rssMb.serveIdle)} / ${mb(l.rssMb.serveLoad)} / ${mb(l.rssMb.serveDigest)}`);
  line('RSS worker: idle / under load / digest (peak)', `${mb(l.rssMb.workerIdle)} / ${mb(l.rssMb.workerLoad)} / ${mb(l.rssMb.workerDigest)}`);
  line(`digest of ${l.digest.invoices.toLocaleString('en-US')} invoices: /ar digest · job`, `${fmt(l.digest.commandMs)} · ${fmt(l.digest.jobMs)} (${l.digest.status})`);
  console.log(`\n${'invoices'.padStart(10)} ${'seed'.padStart(9)} ${'first scan'.padStart(11)} ${'alerts'.padStart(8)} ${'rescan'.padStart(9)} ${'digest'.padStart(9)}`);
  const rows = await benchScale(db, scaleSizes(N), { orgId, invoices: N, ...(firstScan ? { firstScan } : {}) }, (r) => console.log(
    `${r.invoices.toLocaleString('en-US').padStart(10)} ${(r.seedMs ? fmt(r.seedMs) : 'imported').padStart(9)} ${fmt(r.firstScanMs).padStart(11)} ${String(r.raised).padStart(8)} ${`${r.rescanMs.toFixed(0)} ms`.padStart(9)} ${`${r.digestMs.toFixed(0)} ms`.padStart(9)}`));
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    const k = b.invoices / a.invoices;
    line(`  ×${k.toFixed(0)} invoices (${a.invoices.toLocaleString('en-US')} → ${b.invoices.toLocaleString('en-US')})`,
      `rescan ×${(b.rescanMs / a.rescanMs).toFixed(1)} · digest ×${(b.digestMs / a.digestMs).toFixed(1)}`);
  }
  line('load section wall time', fmt(performance.now() - t));
}

/** Charts for a 100k-invoice org: one chart beside the report it draws; the digest with its chart. */
async function chartBenches(db: import('../../src/store/connection.js').Db) {
  const c = await benchCharts(db);
  line(`charts (${c.invoices.toLocaleString('en-US')}-invoice org): aging report (median)`, `${c.reportMs.toFixed(0)} ms`);
  line('aging chart: SVG (ECharts SSR) / PNG (resvg)', `${c.svgMs.toFixed(0)} / ${c.pngMs.toFixed(0)} ms · ${c.pngBytes} bytes`);
  line('aging chart, SVG + PNG (median)', `${c.chartMs.toFixed(0)} ms`);
  line('digest, text only (data + view, median)', `${c.digestMs.toFixed(0)} ms`);
  line('digest with its chart (median)', `${c.digestWithChartMs.toFixed(0)} ms`);
  line('KPI history 12w: first run (backfill) / again', `${fmt(c.historyFirstMs)} / ${c.historyAgainMs.toFixed(0)} ms`);
  line('KPI trend chart (median)', `${c.trendMs.toFixed(0)} ms`);
}

main().catch((e) => { console.error(e); process.exit(1); });
