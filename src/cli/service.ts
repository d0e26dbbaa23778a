// The long-running processes: HTTP (serve), jobs (worker), or both (start). Each platform whose
// variables are set is mounted; the others are simply off.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { OpenDatabase } from '../store/database.js';
import type { ChatPort, PlatformName } from '../chat/port.js';
import { createChat } from '../chat/router.js';
import { createHttpServer, listen, type RouteHandler } from '../server/http-server.js';
import { readinessChecks } from '../server/readiness.js';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { createLarkAdapter, larkConfig } from '../../adapters/lark/index.js';
import { createJobsRuntime, type JobsRuntime } from '../../jobs/index.js';
import { createMailer } from '../services/email/mailer.js';

export interface Service { stop(): Promise<void>; port?: number; metricsPort?: number; jobs?: JobsRuntime }

export interface ServiceOptions {
  config: Config;
  database: OpenDatabase;
  log: Logger;
  http: boolean;
  jobs: boolean;
  /** Extra ports (the demo's console). */
  ports?: Partial<Record<PlatformName, ChatPort>>;
}

export async function startService(o: ServiceOptions): Promise<Service> {
  const { config, database, log } = o;
  const ports: Partial<Record<PlatformName, ChatPort>> = { ...o.ports };
  const routes: Record<string, RouteHandler> = {};
  const stops: (() => Promise<void>)[] = [];
  // One way out (issue 8): whatever a command changes is sent by the delivery queue. `worker` and
  // `start` run every worker; `serve` with REDIS_URL only produces (the workers of `duebot worker`
  // share that Redis); `serve` without it runs the delivery worker itself, on BullMQ's PostgreSQL
  // backend (claimed from PostgreSQL, so several `serve` processes share it). The runtime reads
  // `ports` when it sends: the adapters mounted below fill it in.
  // Issue 11: messages to customers leave through SMTP when it is configured.
  const mailer = config.SMTP_URL && config.SMTP_FROM
    ? createMailer({ url: config.SMTP_URL, from: config.SMTP_FROM, replyTo: config.SMTP_REPLY_TO ?? null }) : undefined;
  if (mailer) stops.push(async () => mailer.close());
  const runtime = createJobsRuntime({ db: database.db, log, ports, retentionDays: config.DUEBOT_RETENTION_DAYS,
    ...(mailer ? { mailer } : {}),
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL, redisCluster: config.REDIS_CLUSTER } : { postgresUrl: database.url }),
    ...(o.jobs ? {} : { workers: 'delivery' as const }) });
  stops.push(() => runtime.stop());
  const chat = createChat({ db: database.db, log, outbox: runtime.caseOutbox, locale: config.DUEBOT_LOCALE,
    replyTo: config.SMTP_REPLY_TO ?? null });

  if (config.SLACK_SIGNING_SECRET && config.SLACK_BOT_TOKEN) {
    const slack = createSlackAdapter({ chat, db: database.db, log, locale: config.DUEBOT_LOCALE, config: {
      signingSecret: config.SLACK_SIGNING_SECRET, botToken: config.SLACK_BOT_TOKEN,
      ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
      ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    } });
    ports.slack = slack.port;
    routes['POST /slack/events'] = slack.handler;
    if (o.http || config.SLACK_APP_TOKEN) { await slack.start(); stops.push(() => slack.stop()); }
  }
  const lc = larkConfig(config);
  if (lc) {
    const lark = createLarkAdapter({ chat, db: database.db, config: lc, log, defaultLocale: config.DUEBOT_LOCALE });
    ports.lark = lark.port;
    Object.assign(routes, lark.routes); // ws mode mounts nothing: events come over the long connection
    if (o.http || lc.mode === 'ws') { await lark.start(); stops.push(() => lark.stop()); }
  }

  let jobs: JobsRuntime | undefined;
  if (o.jobs || !config.REDIS_URL) await runtime.start();
  if (o.jobs) {
    jobs = runtime;
    log.info({ platforms: Object.keys(ports) }, 'jobs running');
  }

  let port: number | undefined;
  let metricsPort: number | undefined;
  if (o.http) {
    const ready = readinessChecks({ pool: database.pool, redis: runtime.queues.redis });
    // Metrics stay off the public webhook port: their own port, else a bearer token, else off.
    const server = createHttpServer({ routes, log, ready,
      ...(config.METRICS_PORT === undefined && config.METRICS_TOKEN ? { metrics: { bearer: config.METRICS_TOKEN } } : {}) });
    port = await listen(server, config.PORT);
    stops.push(() => new Promise((resolve) => server.close(() => resolve())));
    if (config.METRICS_PORT !== undefined) {
      const metrics = createHttpServer({ routes: {}, log, ready, metrics: 'open' });
      metricsPort = await listen(metrics, config.METRICS_PORT);
      stops.push(() => new Promise((resolve) => metrics.close(() => resolve())));
    } else if (!config.METRICS_TOKEN) {
      log.info('metrics off: set METRICS_PORT (a port of their own) or METRICS_TOKEN (a bearer token on this port)');
    }
    log.info({ port, metricsPort, platforms: Object.keys(ports) }, 'duebot serving');
  }
  if (!o.http && !o.jobs) throw new Error('nothing to run');
  return { port, metricsPort, jobs, stop: async () => { for (const s of stops.reverse()) await s(); } };
}
