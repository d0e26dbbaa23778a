// Queues and workers. One place builds them so every queue gets the same hash-tagged prefix
// (`{duebot}`: all keys of a queue in one Redis Cluster slot, BullMQ's own advice; never ioredis
// `keyPrefix`, which BullMQ's Lua scripts do not see) and the same backend: Redis (one server or
// a Redis Cluster, REDIS_CLUSTER=true) by default, BullMQ's PostgreSQL backend for the
// zero-install demo. `createRedis` is the one way a Redis connection is made.
import { Queue, Worker, createPostgresBackend, type Job, type JobsOptions, type Processor } from 'bullmq';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { jobsFailed, jobsProcessed } from '../src/server/metrics.js';

export const QUEUE_NAMES = {
  /** Every outgoing post and update, paced by the per-channel and per-app budgets. */
  delivery: 'delivery',
  /** Job-scheduler ticks: digests, KPI posts, scans, sweeps, reconcile, outbox. */
  schedules: 'schedules',
  /** One delayed job per pending reminder (PostgreSQL's reminders table is the truth). */
  reminders: 'reminders',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const DEFAULT_PREFIX = '{duebot}';

/**
 * Where Redis is: one server, or (`cluster`) one node of a Redis Cluster, from which the client
 * learns the others (DESIGN.md "Next batch": REDIS_CLUSTER=true, REDIS_URL names one node).
 */
export interface RedisTarget { url: string; cluster?: boolean }

/** A Redis connection: one server or a Cluster. Both run BullMQ and our Lua scripts. */
export type RedisClient = Redis | Cluster;

export type QueueBackend =
  | ({ kind: 'redis' } & RedisTarget)
  | { kind: 'postgres'; url: string; schema?: string };

/** The queues' backend: Redis when there is one (REDIS_URL, REDIS_CLUSTER), else BullMQ's PostgreSQL backend. */
export function queueBackend(o: { redisUrl?: string | undefined; redisCluster?: boolean | undefined; postgresUrl?: string | undefined }): QueueBackend {
  if (o.redisUrl) return { kind: 'redis', url: o.redisUrl, ...(o.redisCluster ? { cluster: true } : {}) };
  if (o.postgresUrl) return { kind: 'postgres', url: o.postgresUrl };
  throw new Error('the jobs need REDIS_URL (redis://host:6379) or a PostgreSQL URL for BullMQ\'s PostgreSQL backend');
}

export interface QueueFactory {
  readonly backend: QueueBackend;
  readonly prefix: string;
  /** The shared client for our own keys (rate budgets); absent on the PostgreSQL backend. */
  readonly redis?: RedisClient;
  queue<T = unknown>(name: QueueName): Queue<T>;
  worker<T = unknown>(name: QueueName, processor: Processor<T>, opts?: { concurrency?: number; lockDurationMs?: number; stalledIntervalMs?: number }): Worker<T>;
  /** Closes every worker (bounded by `timeoutMs`), then queues and connections. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * A Redis connection as BullMQ wants it: commands wait for a reconnect instead of failing
 * (`maxRetriesPerRequest: null`, which BullMQ's workers require; on a Cluster it goes in
 * `redisOptions`, where BullMQ looks for it). On a Cluster, the URL's node is only where the
 * client starts: it asks that node for the slot map (CLUSTER SLOTS) and talks to every master.
 * Every key we use carries the `{duebot}` hash tag, so each Lua script's keys are in one slot.
 */
export function createRedis(target: RedisTarget): RedisClient {
  const redis: RedisClient = target.cluster ? createCluster(target.url) : new Redis(target.url, BULLMQ_OPTIONS);
  redis.on('error', () => { /* reconnects by itself; readiness is checked by /readyz */ });
  return redis;
}

const BULLMQ_OPTIONS: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false };

function createCluster(url: string): Cluster {
  const u = new URL(url);
  const auth: RedisOptions = {
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    // rediss://: TLS to every node, as to the one named.
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  // A Cluster has one database (0): a /db path in the URL has no meaning there and is ignored.
  return new Cluster([{ host: u.hostname, port: Number(u.port || 6379) }], {
    redisOptions: { ...BULLMQ_OPTIONS, ...auth },
    enableReadyCheck: true,
  });
}

export function createQueueFactory(backend: QueueBackend, opts: { prefix?: string; log: Logger }): QueueFactory {
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  // A Cluster runs a Lua script only when all its keys are in one slot (else CROSSSLOT): the
  // prefix's hash tag is what puts a queue's keys, and our budget keys, in one slot.
  if (backend.kind === 'redis' && backend.cluster && !/^\{[^}]+\}/.test(prefix)) {
    throw new Error(`the queue prefix ${prefix} needs a hash tag such as {duebot} on a Redis Cluster`);
  }
  const redis = backend.kind === 'redis' ? createRedis(backend) : undefined;
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  const pgConnection = backend.kind === 'postgres'
    ? { connectionString: backend.url, schema: backend.schema ?? 'bullmq', max: 4, migrate: true } : undefined;

  const defaultJobOptions: JobsOptions = {
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  };

  const makeQueue = (name: string): Queue => backend.kind === 'redis'
    ? new Queue(name, { connection: redis!, prefix, defaultJobOptions })
    : new Queue(name, { connection: pgConnection!, defaultJobOptions } as never, createPostgresBackend as never);

  return {
    backend, prefix, redis,
    queue<T>(name: QueueName): Queue<T> {
      let q = queues.get(name);
      if (!q) {
        q = makeQueue(name);
        q.on('error', (err) => opts.log.warn({ err, queue: name }, 'queue error'));
        queues.set(name, q);
      }
      return q as Queue<T>;
    },
    worker<T>(name: QueueName, processor: Processor<T>, wopts: { concurrency?: number; lockDurationMs?: number; stalledIntervalMs?: number } = {}): Worker<T> {
      // A job is never put back on the wait list while its processor still runs (it could be mid
      // post: another worker would post it again). At shutdown a job still running keeps its lock
      // until the process is gone; BullMQ's stalled check then hands it to another worker, which
      // finds its delivery 'sending' and looks for the message before sending (deliver.ts).
      const counted: Processor<T> = async (job, token, signal) => {
        const result = await processor(job, token, signal);
        jobsProcessed.inc({ queue: name });
        return result;
      };
      const common = { concurrency: wopts.concurrency ?? 1, lockDuration: wopts.lockDurationMs ?? 60_000, autorun: false,
        ...(wopts.stalledIntervalMs ? { stalledInterval: wopts.stalledIntervalMs } : {}) };
      const w = backend.kind === 'redis'
        ? new Worker<T>(name, counted, { ...common, connection: redis!, prefix })
        : new Worker<T>(name, counted, { ...common, connection: pgConnection! } as never, createPostgresBackend as never);
      w.on('failed', (job: Job<T> | undefined, err: Error) => {
        jobsFailed.inc({ queue: name });
        opts.log.warn({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed');
      });
      w.on('error', (err) => opts.log.warn({ err, queue: name }, 'worker error'));
      workers.push(w as Worker);
      return w;
    },
    async close(timeoutMs = 10_000) {
      // worker.close() waits for the jobs in flight and has no timeout of its own: past ours we
      // force-close, and the unfinished jobs' locks expire so another worker takes them again
      // (a delivery is marked 'sending' before its call: the next worker looks before resending).
      await Promise.all(workers.map((w) => closeWithTimeout(w, timeoutMs, opts.log)));
      workers.length = 0;
      await Promise.all([...queues.values()].map((q) => q.close().catch(() => {})));
      queues.clear();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * Closes a worker, waiting at most `timeoutMs` for its jobs in flight (worker.close() has no
 * timeout of its own). Past that it is closed by force: the jobs still running are NOT returned
 * to the queue (their processors may be mid-call); their locks lapse once this process is gone
 * and BullMQ's stalled check gives them to another worker.
 */
export async function closeWithTimeout(worker: Worker<any>, timeoutMs: number, log: Logger): Promise<void> {
  const graceful = worker.close().then(() => 'closed' as const, () => 'closed' as const);
  if (await within(graceful, timeoutMs) === 'closed') return;
  log.warn({ queue: worker.name, timeoutMs }, 'jobs still running at shutdown: left to another worker once their lock lapses');
  await within(worker.close(true).catch(() => {}), 5000);
}

async function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ms); });
  try { return await Promise.race([p, timeout]); } finally { clearTimeout(timer); }
}

/** A BullMQ job id from parts: ids may not contain ':' (BullMQ reserves it for repeat keys). */
export const jobId = (...parts: (string | number)[]) => parts.join('-');
