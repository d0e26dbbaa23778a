// `duebot demo`: nothing to install. Embedded PostgreSQL in ./.duebot, a realistic demo org, its
// aging and provision reports, then the chat console on the same router as Slack and Lark.
import type { Config } from '../config.js';
import { log } from '../log.js';
import { openDatabase } from '../store/database.js';
import { loadDemoOrg } from '../services/demo/index.js';
import { agingReport, provisionReport, renderReport } from '../services/reports/index.js';
import { createChat } from '../chat/router.js';
import { ConsolePort } from '../../adapters/console/console-port.js';
import { runConsoleSession } from '../../adapters/console/session.js';
import { out } from './context.js';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { freePort } from '../store/embedded-postgres.js';
import { actorByEmail } from '../services/identity.js';
import { subscribe } from '../services/subscriptions.js';
import { createJobsRuntime, type JobsRuntime } from '../../jobs/index.js';
import type { ChatPort } from '../chat/port.js';
import type { Db } from '../store/connection.js';
import { createLogger } from '../log.js';

const CHANNEL = 'ar-collections';

/**
 * Queues for the demo: REDIS_URL, else a redis-server found on PATH, else PostgreSQL (nothing to
 * install). With `jobs: false` (`--no-jobs`) only the delivery worker runs, on BullMQ's PostgreSQL
 * backend: no schedules, but the console's case updates leave the way they do in production.
 */
async function startQueues(config: Config, db: Db, databaseUrl: string, port: ChatPort, jobs: boolean): Promise<{ jobs: JobsRuntime; where: string; stop(): Promise<void> }> {
  let redis: ChildProcess | undefined;
  let redisUrl = jobs ? config.REDIS_URL : undefined;
  if (!redisUrl && jobs) {
    try {
      execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
      const p = await freePort();
      redis = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
        '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
      redisUrl = `redis://127.0.0.1:${p}`;
      await new Promise((r) => setTimeout(r, 300));
    } catch { /* no redis-server: PostgreSQL backend */ }
  }
  // The console shows what the jobs post; their own log lines would only clutter it.
  const runtime = createJobsRuntime({ db, ports: { console: port }, log: createLogger(process.env.LOG_LEVEL ?? 'warn'),
    ...(redisUrl ? { redisUrl } : { postgresUrl: databaseUrl }), ...(jobs ? {} : { workers: 'delivery' as const }) });
  await runtime.start();
  const where = !jobs ? 'PostgreSQL' : config.REDIS_URL ? 'REDIS_URL' : redis ? `a redis-server on ${redisUrl}` : 'PostgreSQL (no Redis found)';
  return { jobs: runtime, where, stop: async () => { await runtime.stop(); redis?.kill('SIGTERM'); } };
}

/** The console channel gets alerts, escalation requests and the 09:00 digest, as a team channel would. */
async function subscribeConsole(db: Db, orgId: number): Promise<void> {
  const admin = await actorByEmail(db, orgId, 'zhao.lei@demo.duebot.local');
  for (const kind of ['alerts', 'escalations', 'digest'] as const) {
    await subscribe(db, admin, { platform: 'console', channelId: CHANNEL, kind, ...(kind === 'digest' ? { at: '09:00' } : {}) });
  }
}

export async function runDemo(config: Config, opts: { as: string; asOf?: string; console: boolean; queues?: boolean }): Promise<void> {
  if (!config.DATABASE_URL) out(`duebot demo: starting the embedded PostgreSQL in ${config.DUEBOT_HOME}/pg …`);
  const database = await openDatabase(config);
  try {
    const demo = await loadDemoOrg(database.db, { asOf: opts.asOf });
    out(demo.created ? `demo org loaded: ${summary(demo.counts)}` : `demo org already loaded: ${summary(demo.counts)}`);
    const locale = config.DUEBOT_LOCALE;
    const asOf = opts.asOf;
    for (const report of [await agingReport(database.db, { orgId: demo.orgId, by: 'region', asOf }), await provisionReport(database.db, { orgId: demo.orgId, asOf })]) {
      out(`\n${renderReport(report, { format: 'table', locale })}`);
    }
    if (!opts.console) return;
    const interactive = Boolean(process.stdin.isTTY);
    // Charts the demo posts are written under DUEBOT_HOME/charts (the terminal shows their path).
    const port = new ConsolePort(process.stdout, interactive && !process.env.NO_COLOR, undefined, { imageDir: `${config.DUEBOT_HOME}/charts` });
    await subscribeConsole(database.db, demo.orgId);
    const queues = await startQueues(config, database.db, database.url, port, opts.queues !== false);
    // The case updates are delivered by the jobs' delivery worker, as in production (issue 8).
    const chat = createChat({ db: database.db, log,
      ...(asOf ? { now: () => new Date(`${asOf}T03:00:00Z`) } : {}), outbox: queues.jobs.caseOutbox });
    out([
      '',
      `duebot chat console — you are ${opts.as} (demo org). Try:`,
      '  /ar digest            the overdue digest          /ar mine     your cases',
      '  /ar case C0001        a case card                 /ar help     every command',
      '  a number              presses the button shown beside it',
      '  :as chen.jing@demo.duebot.local   act as a manager (to approve)',
      '  exit                  leave',
      opts.queues !== false ? `(jobs run on ${queues.where}: alerts, reminders and the 09:00 digest post here)` : '(--no-jobs: no scheduled jobs; case updates are delivered here)',
    ].join('\n'));
    try {
      await runConsoleSession({ chat, port, orgSlug: 'demo', as: opts.as, input: process.stdin, output: process.stdout, interactive,
        channelId: CHANNEL, delivered: (caseIds) => drain(database.db, demo.orgId, 5000, caseIds) });
    } finally {
      // What the last commands queued (a decision's direct messages…) is shown before leaving.
      await drain(database.db, demo.orgId, 5000);
      await queues.stop();
    }
  } finally {
    await database.close();
  }
}

/**
 * Waits (bounded) until the org has no delivery still to send: of these cases only (what a command
 * caused; reminders wait for working hours and are not waited for), or any.
 */
async function drain(db: Db, orgId: number, timeoutMs: number, caseIds?: number[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let q = db.selectFrom('deliveries').select('id').where('org_id', '=', orgId).where('status', 'in', ['queued', 'sending']);
    if (caseIds) q = q.where('case_id', 'in', caseIds).where('kind', '<>', 'reminder');
    if (!(await q.executeTakeFirst())) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function summary(counts: Record<string, number>): string {
  return ['customers', 'invoices', 'payments', 'cases', 'collection_records', 'promises']
    .filter((k) => counts[k] !== undefined).map((k) => `${counts[k]} ${k.replace('_', ' ')}`).join(', ');
}
