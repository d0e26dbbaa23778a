// Job schedulers (BullMQ 6: upsertJobScheduler, 6-field cron with `tz`) and the reconcile pass
// that owns them. Schedulers are upserted from ONE place: reconcile, under a PostgreSQL advisory
// lock (concurrent upserts from several instances have open bugs in BullMQ; the lock lives in
// PostgreSQL so a Redis flush in the middle of a pass cannot let a second pass in). Reconcile
// compares what PostgreSQL wants with what Redis has, so a changed or removed subscription
// changes or removes its scheduler and a flushed Redis gets everything back.
import { sql } from 'kysely';
import type { Queue } from 'bullmq';
import { parseClock } from '../src/domain/calendar.js';
import type { Db } from '../src/store/connection.js';
import { jobId } from './queues.js';
import type { DeliveryQueue } from './delivery/delivery-queue.js';
import { queuedDeliveries } from './delivery/delivery-log.js';
import { parseIntArray } from '../src/services/reminders/working-hours.js';
import type { ReminderJob } from './reminder-jobs.js';

export type ScheduleJob =
  | { type: 'digest'; orgId: number; subscriptionId: number }
  | { type: 'kpi'; orgId: number; subscriptionId: number }
  /** The weekly list of open legal cases to a 'legal' channel (issue 12). */
  | { type: 'legal'; orgId: number; subscriptionId: number }
  /** The daily copy of the audit chain head to an 'escalations' channel (issue 9, item 10). */
  | { type: 'chain-head'; orgId: number; subscriptionId: number }
  | { type: 'aging-scan' }
  | { type: 'reminders' }
  | { type: 'outbox' }
  | { type: 'reconcile' }
  | { type: 'prune' };

export interface DesiredScheduler {
  id: string;
  repeat: { pattern: string; tz: string } | { every: number };
  data: ScheduleJob;
}

/** ISO weekdays (1 = Monday … 7 = Sunday) as a cron day-of-week list (0 = Sunday). */
export function cronDays(weekdays: number[]): string {
  const days = [...new Set(weekdays.map((d) => (d === 7 ? 0 : d)))].filter((d) => d >= 0 && d <= 6).sort((a, b) => a - b);
  return days.length === 0 || days.length === 7 ? '*' : days.join(',');
}

/** `0 MM HH * * DOW`: seconds, minutes, hours, day of month, month, day of week. */
export function dailyCron(atTime: string | null, weekdays: number[]): string {
  const minutes = parseClock(atTime ?? '09:00');
  return `0 ${minutes % 60} ${Math.floor(minutes / 60)} * * ${cronDays(weekdays)}`;
}

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
/** Local time of the daily chain head post: before the working day, after the night's jobs. */
const CHAIN_HEAD_AT = '07:00';

export const MAINTENANCE: DesiredScheduler[] = [
  { id: 'maint-aging-scan', repeat: { every: 3600_000 }, data: { type: 'aging-scan' } },
  { id: 'maint-reminders', repeat: { every: 60_000 }, data: { type: 'reminders' } },
  { id: 'maint-outbox', repeat: { every: 15_000 }, data: { type: 'outbox' } },
  { id: 'maint-reconcile', repeat: { every: 3600_000 }, data: { type: 'reconcile' } },
  { id: 'maint-prune', repeat: { every: 24 * 3600_000 }, data: { type: 'prune' } },
];

/**
 * What PostgreSQL wants: a digest scheduler per 'digest' subscription, a weekly one per 'kpi' and
 * per 'legal', and a daily chain head per 'escalations' channel.
 */
export async function desiredSchedulers(db: Db, opts: { maintenance?: boolean } = {}): Promise<DesiredScheduler[]> {
  const subs = await db.selectFrom('channel_subscriptions as s').innerJoin('orgs as o', 'o.id', 's.org_id')
    .select(['s.id', 's.org_id', 's.kind', 's.at_time', 's.weekdays', 'o.timezone'])
    .where('s.kind', 'in', ['digest', 'kpi', 'legal', 'escalations']).orderBy('s.id').execute();
  const out: DesiredScheduler[] = opts.maintenance === false ? [] : [...MAINTENANCE];
  for (const s of subs) {
    if (s.kind === 'escalations') {
      // Every day, holidays included: a day without a copy is a day an edit could hide in.
      out.push({ id: `chain-head-${s.id}`, repeat: { pattern: dailyCron(s.at_time ?? CHAIN_HEAD_AT, ALL_DAYS), tz: s.timezone },
        data: { type: 'chain-head', orgId: s.org_id, subscriptionId: s.id } });
    } else if (s.kind === 'digest') {
      // Every day: the processor decides by the business calendar (a make-up Saturday needs a run).
      out.push({ id: `digest-${s.id}`, repeat: { pattern: dailyCron(s.at_time, ALL_DAYS), tz: s.timezone },
        data: { type: 'digest', orgId: s.org_id, subscriptionId: s.id } });
    } else {
      // Weekly, on the first of its weekdays (Monday by default), at its time.
      const first = parseIntArray(s.weekdays).sort((a, b) => a - b)[0] ?? 1;
      const type = s.kind === 'legal' ? 'legal' as const : 'kpi' as const;
      out.push({ id: `${type}-${s.id}`, repeat: { pattern: dailyCron(s.at_time, [first]), tz: s.timezone },
        data: { type, orgId: s.org_id, subscriptionId: s.id } });
    }
  }
  return out;
}

export interface ReconcileResult {
  skipped: boolean;
  upserted: string[];
  removed: string[];
  requeuedDeliveries: number;
  reminderJobs: number;
}

const RECONCILE_LOCK = 0x1d0e2; // advisory lock key of the reconcile pass (fixed, arbitrary)

export interface ReconcileDeps {
  db: Db;
  schedules: Queue<ScheduleJob>;
  reminders: Queue<ReminderJob>;
  delivery: DeliveryQueue;
  now: () => Date;
  maintenance?: boolean;
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileResult> {
  const result: ReconcileResult = { skipped: false, upserted: [], removed: [], requeuedDeliveries: 0, reminderJobs: 0 };
  return deps.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${RECONCILE_LOCK}) as ok`.execute(conn);
    if (!rows[0]?.ok) return { ...result, skipped: true };
    try {
      const desired = await desiredSchedulers(conn, { maintenance: deps.maintenance });
      const existing = await deps.schedules.getJobSchedulers(0, -1);
      const have = new Map(existing.map((s) => [s.key, s]));
      const want = new Set(desired.map((d) => d.id));
      for (const s of existing) {
        if (!want.has(s.key)) { await deps.schedules.removeJobScheduler(s.key); result.removed.push(s.key); }
      }
      for (const d of desired) {
        const h = have.get(d.id);
        const same = h && ('pattern' in d.repeat
          ? h.pattern === d.repeat.pattern && h.tz === d.repeat.tz
          : Number(h.every) === d.repeat.every)
          && JSON.stringify(h.template?.data ?? null) === JSON.stringify(d.data);
        if (same) continue;
        await deps.schedules.upsertJobScheduler(d.id, d.repeat, { name: d.data.type, data: d.data,
          opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } } });
        result.upserted.push(d.id);
      }

      // Redis lost nothing PostgreSQL knows: queued deliveries and pending reminders get their jobs back.
      const orgs = await conn.selectFrom('orgs').select('id').execute();
      const now = deps.now().getTime();
      for (const o of orgs) {
        result.requeuedDeliveries += await requeueDeliveries(conn, deps.delivery, o.id);
        // Only reminders still to come get a delayed job: a due one is the sweep's (every minute),
        // which hands them over in batches; a job each would race it, one round trip per reminder.
        const pending = await conn.selectFrom('reminders').select(['id', 'due_at'])
          .where('org_id', '=', o.id).where('status', '=', 'pending').where('due_at', '>', new Date(now)).orderBy('due_at').execute();
        for (let i = 0; i < pending.length; i += 1000) {
          await deps.reminders.addBulk(pending.slice(i, i + 1000).map((r) => ({
            name: 'reminder', data: { reminderId: r.id, orgId: o.id },
            opts: { jobId: jobId('reminder', r.id), delay: Math.max(0, r.due_at.getTime() - now), removeOnComplete: true, removeOnFail: { count: 1000 } },
          })));
        }
        result.reminderJobs += pending.length;
      }
      return result;
    } finally {
      await sql`select pg_advisory_unlock(${RECONCILE_LOCK})`.execute(conn);
    }
  });
}

/**
 * Puts the deliveries recorded as queued (of one org, or all) back on the queue; job ids make it
 * idempotent. One still 'sending' may be in a live worker's call (its job was lost with Redis, not
 * its worker): it goes back on the queue for the moment its lease lapses, not now
 * (queuedDeliveries), and by then it is sent, or found sent by the lookup before sending.
 */
export async function requeueDeliveries(db: Db, delivery: DeliveryQueue, orgId?: number): Promise<number> {
  const ids = orgId !== undefined ? [orgId] : (await db.selectFrom('orgs').select('id').execute()).map((o) => o.id);
  let n = 0;
  for (const id of ids) {
    const queued = await queuedDeliveries(db, id);
    await delivery.requeue(queued);
    n += queued.length;
  }
  return n;
}
