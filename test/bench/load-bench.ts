// Load (issue 9, "Load"): a real `duebot serve` and a real `duebot worker`, spawned as the CLI wires
// them, on the bench's database and a Redis of their own, with the fake Slack Web API on loopback.
// 1. BENCH_LOAD_CONCURRENCY people (default 16) each sending signed Slack slash commands
//    (`/ar case`, `/ar claim`) and button clicks ('case' on alert cards) for BENCH_LOAD_SECONDS
//    (default 20), each waiting for the answer before the next: the time to Slack's HTTP 200
//    (p50 / p99 / max, and how many over Slack's 3 s), the time to the answer, and throughput.
//    Every request is made in a channel of its own, so its first answer there names it.
// 2. The digest of the bench org (BENCH_INVOICES invoices): asked with `/ar digest` on the serve
//    and fired as a scheduled job on the worker at once, while /proc/<pid>/status VmRSS of both
//    processes is sampled every 50 ms: the peak of each, before and during.
// Bounded and loopback only: the bench's own database, its own Redis, nothing leaves 127.0.0.1.
import http from 'node:http';
import fs from 'node:fs/promises';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { encodeAction } from '../../src/chat/action-payload.js';
import { localParts } from '../../src/domain/calendar.js';
import type { Db } from '../../src/store/connection.js';
import { DEFAULT_PREFIX, QUEUE_NAMES } from '../../jobs/queues.js';
import type { ScheduleJob } from '../../jobs/schedules.js';
import { addOverdueCustomer, SECRET, seedSlackOrg } from '../e2e/slack/slack-fixture.js';
import { startDuebot, stopDuebot, type DuebotProcess } from '../support/duebot-process.js';
import { startFakeSlackApi, type FakeSlackApi, type FakeSlackCall } from '../support/fake-slack-api.js';
import { OwnRedis, pollUntil } from '../support/own-servers.js';
import { commandBody, interactiveBody, signedHeaders } from '../support/slack-signing.js';

export interface Percentiles { p50: number; p99: number; max: number }
export interface LoadStream { kind: string; requests: number; ack: Percentiles; over3s: number; errors: number; answered: number; answer: Percentiles }
export interface LoadBenchResult {
  seconds: number;
  concurrency: number;
  requests: number;
  /** Requests acknowledged per second over the run (each user waits for the answer before asking again). */
  throughput: number;
  streams: LoadStream[];
  /** Requests answered (the first message each caused) per second over the run. */
  answersPerSecond: number;
  rssMb: { serveIdle: number; workerIdle: number; serveLoad: number; workerLoad: number; serveDigest: number; workerDigest: number };
  digest: { invoices: number; commandMs: number; jobMs: number; status: string };
  busy: number;
}

const quantile = (sorted: number[], q: number) => sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
const percentiles = (xs: number[]): Percentiles => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s[s.length - 1] ?? NaN };
};

/** VmRSS of a process in MB (Linux /proc), or NaN once it is gone. */
async function rssMb(pid: number): Promise<number> {
  try {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch { return NaN; }
}

/** Samples the peak RSS of each process every `everyMs` until stopped; `phase` names where a peak falls. */
function rssSampler(pids: Record<string, number>, everyMs = 50) {
  const peaks = new Map<string, number>();
  let phase = 'idle';
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const [name, pid] of Object.entries(pids)) {
        const mb = await rssMb(pid);
        const key = `${name}:${phase}`;
        if (!Number.isNaN(mb)) peaks.set(key, Math.max(peaks.get(key) ?? 0, mb));
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    phase(p: string) { phase = p; },
    peak: (name: string, p: string) => peaks.get(`${name}:${p}`) ?? NaN,
    async stop() { stopped = true; await loop; },
  };
}

interface Seeded { teamId: string; users: string[]; cards: { caseId: number; version: number; invoiceId: number }[]; codes: string[]; orgId: number }

/** The org the commands and clicks go to: the e2e Slack org with `customers` overdue customers and an alert card for each. */
async function seedLoadOrg(db: Db, customers: number): Promise<Seeded> {
  const f = await seedSlackOrg(db, { slug: 'bench-load', teamId: 'TLOAD' });
  const codes: string[] = [];
  const cards: Seeded['cards'] = [];
  for (let i = 0; i < customers; i++) {
    const code = `L${String(i).padStart(5, '0')}`;
    const c = await addOverdueCustomer(db, f.orgId, f.today, { code, name: `Load customer ${i}`, amountMinor: 250_000n + BigInt(i), daysOverdue: 40 + (i % 90) });
    await db.insertInto('alerts_sent').values({ org_id: f.orgId, invoice_id: c.invoiceId, case_id: c.caseId, level: 'yellow', raised_on: f.today }).execute();
    codes.push(code);
    cards.push({ caseId: c.caseId, version: c.version, invoiceId: c.invoiceId });
  }
  await db.updateTable('case_events').set({ processed_at: new Date() }).where('org_id', '=', f.orgId).where('processed_at', 'is', null).execute();
  const users = [f.people.sales.slackId, f.people.other.slackId, f.people.manager.slackId, f.people.finance.slackId];
  return { teamId: f.teamId, users, cards, codes, orgId: f.orgId };
}

/** The bench org is digested: a Slack workspace, a manager who may ask, and a digest channel (posting every day). */
async function prepareDigest(db: Db, orgId: number): Promise<{ subscriptionId: number; teamId: string; manager: string }> {
  const teamId = 'TBIG';
  await db.insertInto('workspaces').values({ org_id: orgId, platform: 'slack', external_id: teamId, name: 'Bench' }).execute();
  let manager = await db.selectFrom('users').select('id').where('org_id', '=', orgId).where('role', '=', 'manager').where('active', '=', true).executeTakeFirst();
  if (!manager) manager = await db.insertInto('users').values({ org_id: orgId, email: 'bench.manager@bench.test', name: 'Bench Manager', role: 'manager' }).returning('id').executeTakeFirstOrThrow();
  const linked = await db.selectFrom('chat_identities').select('external_user_id').where('org_id', '=', orgId).where('user_id', '=', manager.id)
    .where('platform', '=', 'slack').executeTakeFirst();
  if (!linked) await db.insertInto('chat_identities').values({ org_id: orgId, user_id: manager.id, platform: 'slack', external_user_id: 'UBIGMGR' }).execute();
  const org = await db.selectFrom('orgs').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow();
  // Its scheduler fires half a day from now: only the job this bench adds posts during the run.
  const hour = (Math.floor(localParts(org.timezone, new Date()).minutes / 60) + 12) % 24;
  await db.deleteFrom('calendar_days').where('org_id', '=', orgId).execute();
  const sub = await db.insertInto('channel_subscriptions').values({ org_id: orgId, platform: 'slack', channel_id: 'CBIGDIGEST', kind: 'digest',
    region: null, product: null, at_time: `${String(hour).padStart(2, '0')}:00`, weekdays: [1, 2, 3, 4, 5, 6, 7] as never }).returning('id').executeTakeFirstOrThrow();
  return { subscriptionId: sub.id, teamId, manager: linked?.external_user_id ?? 'UBIGMGR' };
}

interface Sent { kind: string; channel: string; at: number; ackMs: number; status: number; answerMs?: number }

/** A request not answered in this long counts as unanswered (and its user asks again). */
const ANSWER_TIMEOUT_MS = 15_000;

export async function benchLoad(opts: { db: Db; databaseUrl: string; orgId: number; seconds?: number; concurrency?: number; customers?: number }): Promise<LoadBenchResult> {
  const seconds = opts.seconds ?? Number(process.env.BENCH_LOAD_SECONDS ?? 20);
  const concurrency = opts.concurrency ?? Number(process.env.BENCH_LOAD_CONCURRENCY ?? 16);
  const { db } = opts;
  const redis = new OwnRedis();
  let api: FakeSlackApi | undefined;
  const procs: DuebotProcess[] = [];
  let schedules: Queue<ScheduleJob> | undefined;
  try {
    const [load, digest] = [await seedLoadOrg(db, opts.customers ?? 300), await prepareDigest(db, opts.orgId)];
    const invoices = Number((await db.selectFrom('invoices').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', opts.orgId).executeTakeFirstOrThrow()).n);
    await sql`analyze`.execute(db);
    await redis.start();
    api = await startFakeSlackApi({ teamId: load.teamId });
    const env = { DATABASE_URL: opts.databaseUrl, REDIS_URL: redis.url, PORT: '0', DUEBOT_LOCALE: 'en-US',
      SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-load', SLACK_API_URL: api.url };
    const [serve, worker] = await Promise.all([startDuebot('serve', env), startDuebot('worker', env)]);
    procs.push(serve, worker);
    const rss = rssSampler({ serve: serve.child.pid!, worker: worker.child.pid! });
    await new Promise((r) => setTimeout(r, 1000));

    // 1. Commands and clicks.
    rss.phase('load');
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const post = (body: string) => new Promise<number>((resolve) => {
      const headers = { ...signedHeaders(SECRET, body), 'content-length': String(Buffer.byteLength(body)) };
      const req = http.request({ host: '127.0.0.1', port: serve.port, path: '/slack/events', method: 'POST', headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    });
    const sent: Sent[] = [];
    let i = 0;
    const half = Math.floor(load.codes.length / 2);
    const requestOf = (n: number): { kind: string; channel: string; body: string } => {
      const channel = `CL${n}`;
      const user = load.users[n % load.users.length]!;
      const base = { team_id: load.teamId, team_domain: 'load', channel_id: channel, channel_name: 'load', user_id: user, user_name: user,
        api_app_id: 'ALOAD', trigger_id: `load.${n}.${Date.now()}`, response_url: api!.responseUrl(`load-${n}`) };
      const slot = n % 10;
      if (slot < 5) return { kind: '/ar case', channel, body: commandBody({ ...base, command: '/ar', text: `case ${load.codes[n % half]}` }) };
      if (slot < 7) return { kind: '/ar claim', channel, body: commandBody({ ...base, command: '/ar', text: `claim ${load.codes[n % half]}` }) };
      // Cards of the other half: nothing in this run changes their version, so each click acts.
      const card = load.cards[half + (n % (load.cards.length - half))]!;
      const ts = `1700000000.${String(n).padStart(6, '0')}`;
      return { kind: 'click case', channel, body: interactiveBody({
        type: 'block_actions', api_app_id: 'ALOAD', token: 'legacy', trigger_id: base.trigger_id,
        team: { id: load.teamId, domain: 'load' }, user: { id: user, username: user, team_id: load.teamId },
        channel: { id: channel, name: 'load' }, container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
        message: { type: 'message', ts, text: 'alert' }, response_url: base.response_url,
        actions: [{ type: 'button', action_id: 'case', block_id: 'actions', value: encodeAction({ v: 1, org: load.orgId, case: card.caseId, ver: card.version, inv: card.invoiceId }),
          text: { type: 'plain_text', text: 'case' }, action_ts: `${Date.now() / 1000}` }],
      }) };
    };
    // Each request is made in a channel of its own, so its first answer there (an ephemeral, a post,
    // an update, or a response_url hook) names it. A user waits for the answer before asking again.
    const callsBefore = api.calls.length;
    const waiters = new Map<string, (at: number) => void>();
    const answers = new Map<string, number>();
    let scanned = callsBefore;
    const channelOf = (c: FakeSlackCall) => c.method === 'response_url'
      ? (typeof c.body.response_id === 'string' && c.body.response_id.startsWith('load-') ? `CL${c.body.response_id.slice(5)}` : undefined)
      : (c.body.channel as string | undefined);
    let busy = 0;
    const watcher = setInterval(() => {
      for (; scanned < api!.calls.length; scanned++) {
        const c = api!.calls[scanned]!;
        const channel = channelOf(c);
        if (!channel?.startsWith('CL') || answers.has(channel)) continue;
        if (c.method === 'response_url' && JSON.stringify(c.body).toLowerCase().includes('busy')) busy++;
        answers.set(channel, c.at);
        waiters.get(channel)?.(c.at);
        waiters.delete(channel);
      }
    }, 2);
    const answerOf = (channel: string) => new Promise<number | undefined>((resolve) => {
      const timer = setTimeout(() => { waiters.delete(channel); resolve(undefined); }, ANSWER_TIMEOUT_MS);
      waiters.set(channel, (at) => { clearTimeout(timer); resolve(at); });
    });
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const r = requestOf(i++);
        const answer = answerOf(r.channel);
        const at = Date.now();
        const t = performance.now();
        const status = await post(r.body);
        const ackMs = performance.now() - t;
        const answeredAt = status === 200 ? await answer : undefined;
        sent.push({ kind: r.kind, channel: r.channel, at, ackMs, status, ...(answeredAt !== undefined ? { answerMs: answeredAt - at } : {}) });
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(watcher);
    agent.destroy();
    const ok = sent.filter((s) => s.status === 200);
    const streams: LoadStream[] = [...new Set(sent.map((s) => s.kind))].map((kind) => {
      const mine = sent.filter((s) => s.kind === kind);
      const times = mine.flatMap((s) => (s.answerMs !== undefined ? [s.answerMs] : []));
      return { kind, requests: mine.length, ack: percentiles(mine.map((s) => s.ackMs)), over3s: mine.filter((s) => s.ackMs > 3000).length,
        errors: mine.filter((s) => s.status !== 200).length, answered: times.length, answer: percentiles(times) };
    });

    // 2. The digest of the big org, on both processes at once.
    rss.phase('digest');
    schedules = new Queue<ScheduleJob>(QUEUE_NAMES.schedules, { connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null }, prefix: DEFAULT_PREFIX });
    schedules.on('error', () => {});
    const before = api.calls.length;
    const t0 = performance.now();
    const commandDone = (async () => {
      const body = commandBody({ command: '/ar', text: 'digest', team_id: digest.teamId, team_domain: 'bench', channel_id: 'CBIGASK', channel_name: 'ask',
        user_id: digest.manager, user_name: 'manager', api_app_id: 'ALOAD', trigger_id: `digest.${Date.now()}`, response_url: api!.responseUrl('digest-ask') });
      await post(body);
      await pollUntil('the /ar digest answer', () => api!.calls.slice(before).some((c) => c.body.channel === 'CBIGASK' || c.body.response_id === 'digest-ask') || undefined, 600_000);
      return performance.now() - t0;
    })();
    const jobDone = (async () => {
      await schedules!.add('digest', { type: 'digest', orgId: opts.orgId, subscriptionId: digest.subscriptionId }, { removeOnComplete: true });
      const row = await pollUntil('the scheduled digest sent', async () => {
        const d = await db.selectFrom('deliveries').select('status').where('org_id', '=', opts.orgId).where('kind', '=', 'digest')
          .where('status', 'in', ['sent', 'failed', 'dropped']).executeTakeFirst();
        return d;
      }, 600_000);
      return { ms: performance.now() - t0, status: row.status };
    })();
    const [commandMs, job] = await Promise.all([commandDone, jobDone]);
    await rss.stop();

    return {
      seconds: elapsed, concurrency, requests: sent.length, throughput: ok.length / elapsed, streams,
      answersPerSecond: sent.filter((x) => x.answerMs !== undefined).length / elapsed,
      rssMb: { serveIdle: rss.peak('serve', 'idle'), workerIdle: rss.peak('worker', 'idle'), serveLoad: rss.peak('serve', 'load'),
        workerLoad: rss.peak('worker', 'load'), serveDigest: rss.peak('serve', 'digest'), workerDigest: rss.peak('worker', 'digest') },
      digest: { invoices, commandMs, jobMs: job.ms, status: job.status }, busy,
    };
  } finally {
    await schedules?.close().catch(() => {});
    await Promise.all(procs.map((p) => stopDuebot(p).catch(() => null)));
    await api?.close();
    await redis.stop();
  }
}
