// The jobs runtime: queues, workers, schedulers and the reconcile pass, for `duebot worker` and
// `duebot start`. Nothing here assumes one process: every post is deduplicated in PostgreSQL,
// schedulers are owned by the reconcile pass (under a lock), and Redis holds only what
// reconcile rebuilds from PostgreSQL.
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { ChatPort, PlatformName } from '../src/chat/port.js';
import type { CaseOutbox } from '../src/chat/chat.js';
import { isWorkingDay, localParts } from '../src/domain/calendar.js';
import type { Db } from '../src/store/connection.js';
import type { Mailer } from '../src/services/email/mailer.js';
import { agingScan, type AgingScanResult } from '../src/services/alerts/aging-scan.js';
import { autoRemind } from '../src/services/messages/auto-remind.js';
import { addReminders } from '../src/services/reminders/detect-reminders.js';
import { queueCardRefresh } from './refresh-cards.js';
import { raiseLimitationWarnings } from '../src/services/legal/limitation.js';
import { raiseWriteoffReview } from '../src/services/credit/writeoff-review.js';
import { raiseRerating } from '../src/services/credit/raise-rerating.js';
import { pruneOldRows } from '../src/services/retention/prune-old-rows.js';
import { endChannelSubscriptions } from '../src/services/subscriptions.js';
import { parseIntArray } from '../src/services/reminders/working-hours.js';
import { loadBusinessCalendar } from '../src/services/calendars/business-calendar.js';
import { activeCaseOwner } from '../src/services/people.js';
import { createDeliveryProcessor } from './delivery/deliver.js';
import { createDeliveryQueue, type DeliveryJob, type DeliveryQueue } from './delivery/delivery-queue.js';
import { sendingStaleMs, type DeliveryRow } from './delivery/delivery-log.js';
import { createDeliveryKinds } from './delivery/kinds/index.js';
import { checkTargets } from '../src/services/reports/target-checks.js';
import { flagTargets as flagTargetsOnce } from '../src/services/targets/flag-targets.js';
import { recordKpiSnapshots } from '../src/services/reports/index.js';
import { processOutbox } from './outbox.js';
import { CHAT_GONE, RECIPIENT_GONE, type PlatformError } from './platform-error.js';
import { createQueueFactory, queueBackend, QUEUE_NAMES, type QueueFactory } from './queues.js';
import { createMemoryRateBudget } from './memory-budget.js';
import { createRateBudget, PLATFORM_LIMITS, type BudgetName, type PlatformLimits, type RateBudget } from './rate-budget.js';
import { createReminderProcessor, enqueueReminders, sweepReminders, type ReminderDeps, type ReminderJob } from './reminder-jobs.js';
import { reconcile as reconcilePass, requeueDeliveries, type ReconcileResult, type ScheduleJob } from './schedules.js';
import { defaultJobViews, type JobViews } from './views.js';

export interface JobsRuntimeOptions {
  db: Db;
  /** Redis for the queues (production, tests). Absent: `postgresUrl` must be given. */
  redisUrl?: string;
  /** `redisUrl` names one node of a Redis Cluster (REDIS_CLUSTER=true). */
  redisCluster?: boolean;
  /** BullMQ's PostgreSQL backend (the demo with nothing installed). */
  postgresUrl?: string;
  ports: Partial<Record<PlatformName, ChatPort>>;
  log: Logger;
  /** The clock (tests control it). */
  now?: () => Date;
  /** The hash-tagged BullMQ prefix; default '{duebot}'. Tests use one per file. */
  prefix?: string;
  /** Per-platform send budgets; default the platforms' documented limits. */
  limits?: Record<BudgetName, PlatformLimits>;
  /** The views (default: src/chat/views where they exist, plain fallbacks otherwise). */
  views?: Partial<JobViews>;
  concurrency?: { delivery?: number; schedules?: number; reminders?: number };
  /** How long stop() waits for jobs in flight before forcing the workers closed. */
  shutdownTimeoutMs?: number;
  /**
   * The platform call timeout the ports were given (default PLATFORM_CALL_TIMEOUT_MS; tests with a
   * shorter API timeout say so): reconcile leaves a 'sending' delivery to its worker for a few of them.
   */
  platformCallTimeoutMs?: number;
  /** A delivery job's lock, and how often stalled ones are looked for (default 60 s / 30 s; tests shorten them). */
  deliveryLock?: { durationMs: number; stalledIntervalMs: number };
  /** False: no maintenance schedulers (scans, sweeps), only subscriptions' (tests drive the rest). */
  maintenance?: boolean;
  /** Deliveries, receipts and processed events older than this many days are pruned (default 180). */
  retentionDays?: number;
  /**
   * What start() runs: every worker and scheduler (`duebot worker`, `start`), or only the delivery
   * worker ('delivery': `serve` without REDIS_URL and `demo --no-jobs` send what their commands
   * caused through the same queue, on BullMQ's PostgreSQL backend, with no schedules of their own).
   */
  workers?: 'all' | 'delivery';
  /** SMTP for messages to customers (issue 11); absent: email deliveries fail as not configured. */
  mailer?: Mailer;
}

export interface JobsRuntime {
  readonly queues: QueueFactory;
  readonly delivery: DeliveryQueue;
  /** The chat layer's case messages onto the delivery queue (ChatDeps.outbox). */
  readonly caseOutbox: CaseOutbox;
  /** Starts the workers and runs a first reconcile. */
  start(): Promise<void>;
  /** Finishes (or, past the timeout, returns) the jobs in flight and closes everything. */
  stop(): Promise<void>;
  /** Rebuilds schedulers, queued deliveries and reminder jobs from PostgreSQL. */
  reconcile(): Promise<ReconcileResult>;
  /** The aging scan of one org or all, then their alerts are routed. */
  runAgingScan(orgId?: number): Promise<AgingScanResult[]>;
  /** Detects reminders and queues the due ones, for one org or all. */
  sweepReminders(orgId?: number): Promise<number>;
  /** Handles the jobs' case events until none is left. */
  processOutbox(): Promise<number>;
  /** Runs what a scheduler tick runs (the digest of a subscription…), now. */
  runSchedule(job: ScheduleJob): Promise<string>;
}

export function createJobsRuntime(opts: JobsRuntimeOptions): JobsRuntime {
  const { db, log } = opts;
  const now = opts.now ?? (() => new Date());
  const backend = queueBackend(opts);
  const queues = createQueueFactory(backend, { prefix: opts.prefix, log });
  const limits = opts.limits ?? PLATFORM_LIMITS;
  const budget: RateBudget = queues.redis ? createRateBudget(queues.redis, queues.prefix, limits) : createMemoryRateBudget(limits);
  const views: JobViews = { ...defaultJobViews, ...opts.views };
  // Read when used: the adapters fill `ports` after the runtime (and the chat built on its outbox) exist.
  const platforms = () => (Object.keys(opts.ports) as PlatformName[]).filter((p) => opts.ports[p]);

  const deliveryQueue = queues.queue<DeliveryJob>(QUEUE_NAMES.delivery);
  const scheduleQueue = queues.queue<ScheduleJob>(QUEUE_NAMES.schedules);
  const reminderQueue = queues.queue<ReminderJob>(QUEUE_NAMES.reminders);
  const delivery = createDeliveryQueue(db, deliveryQueue, now);
  const reminderDeps: ReminderDeps = { db, delivery, get platforms() { return platforms(); }, now };

  const orgIds = async (orgId?: number) => orgId !== undefined ? [orgId]
    : (await db.selectFrom('orgs').select('id').orderBy('id').execute()).map((o) => o.id);

  // A send's claim holds for this long unless its worker renews it (jobs/delivery/delivery-log.ts).
  const staleMs = sendingStaleMs(opts.platformCallTimeoutMs);
  const reconcile = () => reconcilePass({ db, schedules: scheduleQueue, reminders: reminderQueue, delivery, now, maintenance: opts.maintenance });

  const runOutbox = async (caseIds?: number[]) => {
    let total = 0;
    for (let i = 0; i < 50; i++) {
      const n = await processOutbox({ db, delivery, platforms: platforms(), now, scan: (org) => scanOrg(org), reconcile }, caseIds ? { caseIds } : {});
      total += n;
      if (n === 0) break;
    }
    return total;
  };

  // The daily scan: alerts, levels, and the limitation warnings due today (each claimed once,
  // its event written in the same transaction: src/services/legal/limitation.ts).
  const scanOrg = async (orgId: number) => {
    const result = await agingScan(db, orgId, { now: now() });
    await raiseLimitationWarnings(db, orgId, result.asOf);
    // The monthly write-off review, once per month on its first working day (issue 10).
    await raiseWriteoffReview(db, orgId, now());
    // The monthly re-rating suggestions, likewise (issue 10; DOMAIN.md "Credit control").
    await raiseRerating(db, orgId, now());
    return result;
  };

  const runAgingScan = async (orgId?: number) => {
    const results: AgingScanResult[] = [];
    for (const id of await orgIds(orgId)) {
      results.push(await scanOrg(id));
      // Lark cards still in use, re-posted the day before their buttons stop working.
      if (platforms().includes('lark')) await queueCardRefresh(db, delivery, id, now());
    }
    await runOutbox();
    return results;
  };

  const sweep = async (orgId?: number) => {
    let queued = 0;
    for (const id of await orgIds(orgId)) queued += (await sweepReminders(reminderDeps, id)).queued;
    await runOutbox();   // broken promises and released leases have thread notes
    return queued;
  };

  /**
   * A permanent failure is told to the org's admins once per platform, channel and reason. A chat
   * that is gone for good (CHAT_GONE) loses its subscriptions first; a message for a person who
   * will not read it (RECIPIENT_GONE: resigned, left, turned the bot off) is told to the case's
   * owner as well, when that is someone else.
   */
  const onPermanentFailure = async (d: DeliveryRow, err: PlatformError) => {
    if (CHAT_GONE.has(err.reason) && (d.platform === 'slack' || d.platform === 'lark' || d.platform === 'console')) {
      // The subscription.changed event it records has the outbox rebuild the schedules.
      await endChannelSubscriptions(db, d.org_id, { platform: d.platform, channelId: d.channel_id, reason: err.reason });
    }
    if (d.kind === 'reminder') {
      const r = await db.selectFrom('reminders').select('kind').where('org_id', '=', d.org_id).where('id', '=', d.reminder_id!).executeTakeFirst();
      if (r?.kind === 'delivery_failed') return;   // never a notice about a notice
    }
    const admins = await db.selectFrom('users').select('id').where('org_id', '=', d.org_id).where('role', '=', 'admin').where('active', '=', true).execute();
    if (RECIPIENT_GONE.has(err.reason) && d.case_id !== null) {
      const owner = await activeCaseOwner(db, d.org_id, d.case_id);
      const recipient = await db.selectFrom('chat_identities').select('user_id').where('org_id', '=', d.org_id)
        .where('platform', '=', d.platform as never).where('external_user_id', '=', d.channel_id).executeTakeFirst();
      if (owner !== undefined && owner !== recipient?.user_id && !admins.some((a) => a.id === owner)) admins.push({ id: owner });
    }
    const safe = (s: string) => s.replace(/:/g, '_');
    const ids = await addReminders(db, d.org_id, admins.map((a) => ({
      kind: 'delivery_failed' as const, userId: a.id, at: now(),
      dedupeKey: `delivery_failed:${d.platform}:${safe(d.channel_id)}:${safe(err.reason)}:${d.kind}:${a.id}`,
    })));
    if (ids.length === 0) return;
    const rows = await db.selectFrom('reminders').select(['id', 'user_id', 'case_id']).where('org_id', '=', d.org_id)
      .where('id', 'in', ids).where('due_at', '<=', now()).execute();
    await enqueueReminders(reminderDeps, d.org_id, rows);
  };

  const sources = createDeliveryKinds({ db, views, now, ...(opts.mailer ? { mailer: opts.mailer } : {}) });
  const deliver = createDeliveryProcessor({ db, ports: opts.ports, budget, sources, log, onPermanentFailure, now, sendingStaleMs: staleMs });
  const remind = createReminderProcessor(reminderDeps);

  const runSchedule = async (job: ScheduleJob): Promise<string> => {
    switch (job.type) {
      case 'digest':
      case 'kpi':
      case 'legal': {
        const sub = await db.selectFrom('channel_subscriptions as s').innerJoin('orgs as o', 'o.id', 's.org_id')
          .select(['s.id', 's.platform', 's.channel_id', 's.kind', 's.weekdays', 'o.timezone'])
          .where('s.org_id', '=', job.orgId).where('s.id', '=', job.subscriptionId).executeTakeFirst();
        if (!sub || sub.kind !== job.type) return 'unsubscribed';
        const local = localParts(sub.timezone, now());
        // A digest's cron fires every day; the business calendar decides (issue 15): none on a
        // holiday, one on a make-up workday even on a Saturday, else the subscription's weekdays.
        if (job.type === 'digest') {
          const calendar = await loadBusinessCalendar(db, job.orgId);
          if (calendar.holidays.has(local.date)) return 'holiday';
          if (!isWorkingDay(local.date, { days: parseIntArray(sub.weekdays), calendar })) return 'not_a_posting_day';
        }
        // The week's KPI snapshots (and, on the first run, the missing weeks) before the post that charts them.
        if (job.type === 'kpi') await recordKpiSnapshots(db, job.orgId, local.date);
        const kind = job.type === 'legal' ? 'legal_weekly' as const : job.type;
        const created = await delivery.enqueue([{ orgId: job.orgId, platform: sub.platform, channelId: sub.channel_id, kind,
          subscriptionId: sub.id, localDate: local.date, dedupeKey: `${kind}:${sub.id}:${local.date}` }]);
        if (job.type === 'kpi') await flagTargets(job.orgId, local.date);
        return created ? 'queued' : 'already_posted';
      }
      case 'chain-head': {
        const sub = await db.selectFrom('channel_subscriptions as s').innerJoin('orgs as o', 'o.id', 's.org_id')
          .select(['s.id', 's.platform', 's.channel_id', 's.kind', 'o.timezone'])
          .where('s.org_id', '=', job.orgId).where('s.id', '=', job.subscriptionId).executeTakeFirst();
        if (!sub || sub.kind !== 'escalations') return 'unsubscribed';
        const local = localParts(sub.timezone, now());
        const created = await delivery.enqueue([{ orgId: job.orgId, platform: sub.platform, channelId: sub.channel_id, kind: 'chain_head',
          subscriptionId: sub.id, localDate: local.date, dedupeKey: `chain_head:${sub.id}:${local.date}` }]);
        return created ? 'queued' : 'already_posted';
      }
      case 'aging-scan': {
        await runAgingScan();
        // Issue 11: auto_remind (per org, off by default) with the hourly scan; its sends go by the outbox.
        for (const id of await orgIds()) await autoRemind(db, id, now());
        await runOutbox();
        return 'scanned';
      }
      case 'reminders': await sweep(); return 'swept';
      case 'outbox': await runOutbox(); return 'done';
      case 'reconcile': await reconcile(); return 'reconciled';
      case 'prune': {
        let rows = 0;
        for (const id of await orgIds()) {
          const r = await pruneOldRows(db, id, { now: now(), ...(opts.retentionDays ? { olderThanDays: opts.retentionDays } : {}) });
          rows += r.deliveries + r.deliveryAttempts + r.actionReceipts + r.caseEvents;
        }
        return `pruned ${rows}`;
      }
    }
  };

  /**
   * Every target under 80% achieved asks its owner (or the region's managers) for a remediation plan,
   * once per target and period, with the follow-up 7 days later (services/targets/flag-targets.ts).
   */
  const flagTargets = async (orgId: number, date: string) => {
    const flags = await flagTargetsOnce(db, orgId, date, await checkTargets(db, orgId, date), now());
    const ids = flags.flatMap((f) => f.reminderIds);
    if (ids.length) {
      const rows = await db.selectFrom('reminders').select(['id', 'user_id', 'case_id']).where('org_id', '=', orgId)
        .where('id', 'in', ids).where('due_at', '<=', now()).execute();
      await enqueueReminders(reminderDeps, orgId, rows);
    }
  };

  /**
   * A Redis that restarted empty (no persistence, a failover to a replica that had not caught up)
   * has lost every scheduler and queued job, the hourly reconcile's own scheduler with them: nothing
   * would run again until a worker restarts. So each time the connection comes back, reconcile
   * (idempotent, under its PostgreSQL lock); if PostgreSQL is down too, try again a few times
   * (issue 9: after a fault the system catches up by itself).
   */
  let stopping = false;
  const reconcileOnReconnect = (redis: NonNullable<QueueFactory['redis']>) => {
    let running = false;
    redis.on('ready', () => {
      if (stopping || running) return;
      running = true;
      void (async () => {
        for (let attempt = 1; attempt <= 12 && !stopping; attempt++) {
          try {
            const r = await reconcile();
            log.info({ upserted: r.upserted.length, requeued: r.requeuedDeliveries, reminders: r.reminderJobs }, 'jobs reconciled after a Redis reconnect');
            return;
          } catch (err) {
            log.warn({ err: (err as Error).message, attempt }, 'reconcile after a Redis reconnect failed: trying again');
            await new Promise((r) => setTimeout(r, 5000));
          }
        }
      })().finally(() => { running = false; });
    });
  };

  let started = false;
  return {
    queues, delivery,
    caseOutbox: { async publish(caseIds) { if (caseIds.length) await runOutbox([...new Set(caseIds)]); } },
    async start() {
      if (started) return;
      started = true;
      const c = opts.concurrency ?? {};
      const all = (opts.workers ?? 'all') === 'all';
      const workers = [
        queues.worker<DeliveryJob>(QUEUE_NAMES.delivery, (job: Job<DeliveryJob>, token) => deliver(job, token), { concurrency: c.delivery ?? 50,
          ...(opts.deliveryLock ? { lockDurationMs: opts.deliveryLock.durationMs, stalledIntervalMs: opts.deliveryLock.stalledIntervalMs } : {}) }),
        ...(all ? [
          queues.worker<ScheduleJob>(QUEUE_NAMES.schedules, (job: Job<ScheduleJob>) => runSchedule(job.data), { concurrency: c.schedules ?? 2, lockDurationMs: 300_000 }),
          queues.worker<ReminderJob>(QUEUE_NAMES.reminders, (job: Job<ReminderJob>, token) => remind(job, token), { concurrency: c.reminders ?? 10 }),
        ] : []),
      ];
      for (const w of workers) void w.run();
      await Promise.all(workers.map((w) => w.waitUntilReady()));
      if (!all) {
        // No schedulers here (a `duebot worker` owns them): only what is recorded as queued goes back on the queue.
        const requeued = await requeueDeliveries(db, delivery);
        log.info({ requeued }, 'delivery worker started');
        return;
      }
      if (queues.redis) {
        // BullMQ's keys must never be evicted: a lost job key corrupts a queue.
        const policy = await queues.redis.config('GET', 'maxmemory-policy').catch(() => null) as string[] | null;
        if (policy && policy[1] && policy[1] !== 'noeviction') {
          log.warn({ policy: policy[1] }, 'Redis maxmemory-policy should be noeviction (CONFIG SET maxmemory-policy noeviction)');
        }
      }
      const r = await reconcile();
      log.info({ upserted: r.upserted.length, removed: r.removed.length, requeued: r.requeuedDeliveries, reminders: r.reminderJobs, skipped: r.skipped }, 'jobs started');
      if (queues.redis) reconcileOnReconnect(queues.redis);
    },
    async stop() {
      stopping = true;
      await queues.close(opts.shutdownTimeoutMs ?? 10_000);
      deliver.abandon();
    },
    reconcile,
    runAgingScan,
    sweepReminders: sweep,
    processOutbox: () => runOutbox(),
    runSchedule,
  };
}
