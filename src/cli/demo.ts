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
import path from 'node:path';
import { createMailer, type Mailer } from '../services/email/mailer.js';
import { startSmtpSink } from '../services/email/smtp-sink.js';
import { setOrgMessaging } from '../services/documents/org-messaging.js';

const CHANNEL = 'ar-collections';

/**
 * Queues for the demo: REDIS_URL, else a redis-server found on PATH, else PostgreSQL (nothing to
 * install). With `jobs: false` (`--no-jobs`) only the delivery worker runs, on BullMQ's PostgreSQL
 * backend: no schedules, but the console's case updates leave the way they do in production.
 */
async function startQueues(config: Config, db: Db, databaseUrl: string, port: ChatPort, jobs: boolean, mailer: Mailer): Promise<{ jobs: JobsRuntime; where: string; stop(): Promise<void> }> {
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
  const runtime = createJobsRuntime({ db, ports: { console: port }, log: createLogger(process.env.LOG_LEVEL ?? 'warn'), mailer,
    ...(redisUrl ? { redisUrl, redisCluster: redis ? false : config.REDIS_CLUSTER } : { postgresUrl: databaseUrl }), ...(jobs ? {} : { workers: 'delivery' as const }) });
  await runtime.start();
  const where = !jobs ? 'PostgreSQL' : config.REDIS_URL ? (config.REDIS_CLUSTER ? 'REDIS_URL (a Redis Cluster)' : 'REDIS_URL') : redis ? `a redis-server on ${redisUrl}` : 'PostgreSQL (no Redis found)';
  return { jobs: runtime, where, stop: async () => { await runtime.stop(); redis?.kill('SIGTERM'); } };
}

/**
 * Email for the demo (issue 11): SMTP_URL when it is set; else a local SMTP server on 127.0.0.1
 * that writes each message as an .eml file under .duebot/outbox/, and says where.
 */
async function demoMail(config: Config): Promise<{ mailer: Mailer; where: string; stop(): Promise<void> }> {
  if (config.SMTP_URL && config.SMTP_FROM) {
    const mailer = createMailer({ url: config.SMTP_URL, from: config.SMTP_FROM, replyTo: config.SMTP_REPLY_TO ?? null });
    return { mailer, where: 'SMTP_URL', stop: async () => mailer.close() };
  }
  const dir = path.join(config.DUEBOT_HOME, 'outbox');
  const sink = await startSmtpSink({ dir, keep: false, onMessage: (m) => out(`email to ${m.to.join(', ')} saved as ${m.file}`) });
  const mailer = createMailer({ url: sink.url, from: 'Orient AR (demo) <ar@orient.demo.example>' });
  return { mailer, where: `${dir}/ (a local SMTP server, nothing leaves this machine)`, stop: async () => { mailer.close(); await sink.close(); } };
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
    // The demo's customers read mail around the clock, so the story can send at any hour (real
    // orgs default to 09:00-18:00, Monday to Friday: duebot org messaging --customer-hours).
    await setOrgMessaging(database.db, demo.orgId, { hours: '00:00-23:59', days: [1, 2, 3, 4, 5, 6, 7] }, 'demo');
    const mail = await demoMail(config);
    const queues = await startQueues(config, database.db, database.url, port, opts.queues !== false, mail.mailer);
    // The case updates are delivered by the jobs' delivery worker, as in production (issue 8).
    const chat = createChat({ db: database.db, log,
      ...(asOf ? { now: () => new Date(`${asOf}T03:00:00Z`) } : {}), outbox: queues.jobs.caseOutbox, locale: config.DUEBOT_LOCALE,
      replyTo: config.SMTP_REPLY_TO ?? null });
    out([
      '',
      `duebot chat console — you are ${opts.as} (demo org). Try:`,
      '  /ar digest            the overdue digest          /ar mine     your cases',
      '  /ar case C0001        a case card                 /ar help     every command',
      '  a number              presses the button shown beside it',
      '  /ar remind C0002      a reminder email to the customer: preview, then Send',
      '  :as chen.jing@demo.duebot.local   act as a manager (to approve)',
      '  exit                  leave',
      `(email to customers goes to ${mail.where})`,
      opts.queues !== false ? `(jobs run on ${queues.where}: alerts, reminders and the 09:00 digest post here)` : '(--no-jobs: no scheduled jobs; case updates are delivered here)',
    ].join('\n'));
    try {
      await runConsoleSession({ chat, port, orgSlug: 'demo', as: opts.as, input: process.stdin, output: process.stdout, interactive,
        channelId: CHANNEL, delivered: (caseIds) => drain(database.db, demo.orgId, 5000, caseIds) });
    } finally {
      // What the last commands queued (a decision's direct messages…) is shown before leaving.
      await drain(database.db, demo.orgId, 5000);
      await queues.stop();
      await mail.stop();
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
