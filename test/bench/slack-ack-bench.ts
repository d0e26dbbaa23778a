// Time to Slack's HTTP 200 for a signed `/ar claim <customer>` under concurrent load, through the
// full stack (our HTTP server → verifying receiver → Bolt → router → services → PostgreSQL, with
// the work after the ack competing for the same CPU), beside a bare Bolt app behind the same
// receiver whose listener only acks, answering the same requests in the same run.
// Target: duebot p99 ≤ 1.5 × bare p99. Run alone: `npx tsx test/bench/slack-ack-bench.ts`.
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { App } from '@slack/bolt';
import pg from 'pg';
import { pino } from 'pino';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import { DuebotReceiver } from '../../adapters/slack/receiver.js';
import type { ChatPort, PlatformName } from '../../src/chat/port.js';
import { createChat } from '../../src/chat/router.js';
import { createJobsRuntime } from '../../jobs/index.js';
import { createHttpServer, listen } from '../../src/server/http-server.js';
import { connect } from '../../src/store/connection.js';
import { ensureDatabase } from '../../src/store/embedded-postgres.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { addOverdueCustomer, SECRET, seedSlackOrg } from '../e2e/slack/slack-fixture.js';
import { startFakeSlackApi } from '../support/fake-slack-api.js';
import { commandBody, signedHeaders } from '../support/slack-signing.js';

export interface Percentiles { p50: number; p99: number }
export interface SlackAckBenchResult { duebot: Percentiles; bare: Percentiles; ratio99: number }

export interface SlackAckBenchOptions {
  requests?: number;
  concurrency?: number;
  /** A database URL on the server to use (default DATABASE_URL); the bench creates and drops its own database. */
  databaseUrl?: string;
}

const ROUNDS = 10;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
const percentiles = (ms: number[]): Percentiles => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p99: quantile(s, 0.99) };
};

interface Prepared { body: string; headers: Record<string, string> }

/** Bodies and signatures made before the clock starts: signing is Slack's cost, not ours. */
function prepare(teamId: string, users: string[], codes: string[], tag: string): Prepared[] {
  return codes.map((code, i) => {
    const body = commandBody({
      command: '/ar', text: `claim ${code}`, team_id: teamId, team_domain: 'bench', channel_id: 'CBENCH', channel_name: 'bench',
      user_id: users[i % users.length]!, user_name: 'bench', api_app_id: 'ABENCH', trigger_id: `${tag}.${i}.${Date.now()}`,
      response_url: 'http://127.0.0.1:9/unused',
    });
    return { body, headers: { ...signedHeaders(SECRET, body), 'content-length': String(Buffer.byteLength(body)) } };
  });
}

/** Sends every request with `concurrency` in flight over keep-alive connections; ms to the 200 of each. */
async function fire(port: number, requests: Prepared[], concurrency: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const times: number[] = [];
  let next = 0;
  const one = (r: Prepared) => new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const req = http.request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers: r.headers, agent }, (res) => {
      const status = res.statusCode;
      res.resume();
      res.on('end', () => (status === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${status}`))));
    });
    req.on('error', reject);
    req.end(r.body);
  });
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests.length) times.push(await one(requests[next++]!));
  }));
  agent.destroy();
  return times;
}

/** The floor: the same receiver in front of a Bolt app whose only listener acks. */
async function startBare(): Promise<{ port: number; close(): Promise<void> }> {
  const log = pino({ level: 'silent' });
  const receiver = new DuebotReceiver({ signingSecret: SECRET, log });
  const app = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bench' }) });
  app.command(/.*/, async ({ ack }) => { await ack(); });
  const server = createHttpServer({ routes: { 'POST /slack/events': receiver.handler }, ready: async () => ({}), log });
  const port = await listen(server, 0, '127.0.0.1');
  return { port, close: async () => { server.closeAllConnections(); await new Promise((r) => server.close(r)); } };
}

/** The full stack: router and Slack adapter behind our HTTP server, as `duebot serve` runs them. */
async function startDuebot(db: ReturnType<typeof connect>['db'], databaseUrl: string, apiUrl: string) {
  const log = pino({ level: 'silent' });
  const ports: Partial<Record<PlatformName, ChatPort>> = {};
  // As `duebot serve` without REDIS_URL: the delivery worker on BullMQ's PostgreSQL backend.
  const jobs = createJobsRuntime({ db, postgresUrl: databaseUrl, ports, log, workers: 'delivery' });
  const chat = createChat({ db, log, outbox: jobs.caseOutbox });
  const slack = createSlackAdapter({ chat, db, log, locale: 'en-US', config: { signingSecret: SECRET, botToken: 'xoxb-bench', apiUrl },
    ...(process.env.BENCH_SLACK_WORK ? { workConcurrency: Number(process.env.BENCH_SLACK_WORK) } : {}) });
  ports.slack = slack.port;
  await slack.start();
  await jobs.start();
  const server = createHttpServer({ routes: { 'POST /slack/events': slack.handler }, ready: async () => ({}), log });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    slack, port,
    async close() { await slack.stop(); server.closeAllConnections(); await new Promise((r) => server.close(r)); await jobs.stop(); },
  };
}

export async function benchSlackAck(opts: SlackAckBenchOptions = {}): Promise<SlackAckBenchResult> {
  const requests = opts.requests ?? 600;
  const concurrency = opts.concurrency ?? 20;
  const warmup = Math.min(100, requests);
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('benchSlackAck needs DATABASE_URL (postgres://…): it creates and drops its own database there');

  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const name = `duebot_bench_slack_${process.pid}`;
  await ensureDatabase(admin.toString(), name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const conn = connect(url.toString(), { max: 10 });
  let stack: { slack: SlackAdapter; port: number; close(): Promise<void> } | undefined;
  let bare: Awaited<ReturnType<typeof startBare>> | undefined;
  let fakeSlack: ChildProcess | undefined;
  try {
    await migrateToLatest(conn.db);
    const f = await seedSlackOrg(conn.db, { slug: 'bench', teamId: 'TBENCH', now: new Date() });   // the bench's service runs on the real clock
    const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
    for (const code of [...codes('W', warmup), ...codes('B', requests)]) {
      await addOverdueCustomer(conn.db, f.orgId, f.today, { code, name: `Bench customer ${code}`, amountMinor: 500_000n, daysOverdue: 95 });
    }
    await conn.db.updateTable('case_events').set({ processed_at: new Date() }).where('org_id', '=', f.orgId).execute();
    // Each claim posts an ephemeral answer through the fake Web API, as in production; the fake is
    // Slack's servers, not ours, so it runs in its own process.
    fakeSlack = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)],
      { env: { ...process.env, SLACK_BENCH_ROLE: 'fake-slack' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const apiUrl = await new Promise<string>((resolve, reject) => {
      fakeSlack!.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
      fakeSlack!.once('error', reject);
      fakeSlack!.once('exit', (code) => reject(new Error(`fake Slack API exited (${code})`)));
    });
    stack = await startDuebot(conn.db, url.toString(), apiUrl);
    bare = await startBare();
    const duebotPort = stack.port;
    const users = [f.people.sales.slackId, f.people.other.slackId, f.people.manager.slackId, f.people.finance.slackId];

    // Warm both (JIT, connection pools); then rounds of the floor and duebot back to back, so a
    // change in the machine's load (it is shared) falls on both alike. duebot's work after its acks
    // is finished before the next round's floor starts: it must not slow the floor down.
    await fire(bare.port, prepare('TBENCH', users, codes('W', warmup), 'wb'), concurrency);
    await fire(duebotPort, prepare('TBENCH', users, codes('W', warmup), 'wd'), concurrency);
    await stack.slack.stop();
    const all = codes('B', requests);
    const rounds = Math.max(1, Math.min(ROUNDS, Math.floor(requests / concurrency)));
    const bareMs: number[] = [];
    const duebotMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const slice = all.slice(Math.floor((r * all.length) / rounds), Math.floor(((r + 1) * all.length) / rounds));
      bareMs.push(...await fire(bare.port, prepare('TBENCH', users, slice, `b${r}`), concurrency));
      duebotMs.push(...await fire(duebotPort, prepare('TBENCH', users, slice, `d${r}`), concurrency));
      await stack.slack.stop(); // the work after the acks, finished
    }
    const claimed = await conn.db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select((eb) => eb.fn.countAll<string>().as('n')).where('cases.org_id', '=', f.orgId)
      .where('customers.code', 'like', 'B%').where('cases.owner_user_id', 'is not', null).executeTakeFirstOrThrow();
    if (Number(claimed.n) !== requests) throw new Error(`only ${claimed.n} of ${requests} claims landed: the bench measured failures`);

    const duebot = percentiles(duebotMs);
    const floor = percentiles(bareMs);
    return { duebot, bare: floor, ratio99: duebot.p99 / floor.p99 };
  } finally {
    await stack?.close().catch(() => {});
    await bare?.close().catch(() => {});
    fakeSlack?.kill();
    await conn.close();
    const a = new pg.Client({ connectionString: admin.toString() });
    await a.connect();
    await a.query(`drop database if exists "${name}" with (force)`);
    await a.end();
  }
}

if (process.env.SLACK_BENCH_ROLE === 'fake-slack') {
  void startFakeSlackApi({ teamId: 'TBENCH' }).then((api) => {
    // Nobody reads what it records here: keep memory flat over long runs.
    setInterval(() => api.reset(), 1000);
    process.stdout.write(`${api.url}\n`);
  });
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const requests = Number(process.env.BENCH_SLACK_REQUESTS ?? 600);
  const concurrency = Number(process.env.BENCH_SLACK_CONCURRENCY ?? 20);
  benchSlackAck({ requests, concurrency }).then((r) => {
    const ms = (p: Percentiles) => `p50 ${p.p50.toFixed(1)} ms · p99 ${p.p99.toFixed(1)} ms`;
    console.log(`slack /ar claim ack, ${requests} requests, ${concurrency} in flight`);
    console.log(`  duebot (full stack)   ${ms(r.duebot)}`);
    console.log(`  bare Bolt (ack only)  ${ms(r.bare)}`);
    console.log(`  ratio p99 (target ≤ 1.5) ${r.ratio99.toFixed(2)}`);
  }).catch((e) => { console.error(e); process.exit(1); });
}
