// Reminders from PostgreSQL to the delivery queue. The `reminders` table is the truth: a sweep
// (every minute, and in every reconcile) detects new reminders and hands every due one to the
// delivery queue once (`reminder:<id>` dedupes), and reconcile keeps one delayed BullMQ job per
// pending reminder so it goes out on time without waiting for the sweep.
import { DelayedError, type Job } from 'bullmq';
import { sql } from 'kysely';
import type { PlatformName } from '../src/chat/port.js';
import type { Db } from '../src/store/connection.js';
import { detectReminders, type DetectResult } from '../src/services/reminders/detect-reminders.js';
import type { DeliveryQueue } from './delivery/delivery-queue.js';
import { dmRecipients } from '../src/services/people.js';

export interface ReminderJob { reminderId: number; orgId: number }

export interface ReminderDeps {
  db: Db;
  delivery: DeliveryQueue;
  platforms: PlatformName[];
  now: () => Date;
}

type Pending = { id: number; user_id: number | null; case_id: number | null };

/** Hands the given due reminders to the delivery queue; a person with no chat identity is logged as failed. */
export async function enqueueReminders(deps: ReminderDeps, orgId: number, reminders: Pending[]): Promise<number> {
  if (reminders.length === 0) return 0;
  const recipients = await dmRecipients(deps.db, orgId, [...new Set(reminders.flatMap((r) => (r.user_id ? [r.user_id] : [])))], deps.platforms);
  const items = [];
  const unreachable: Pending[] = [];
  for (const r of reminders) {
    const to = r.user_id ? recipients.get(r.user_id) : undefined;
    if (!to) { unreachable.push(r); continue; }
    items.push({ orgId, platform: to.platform, channelId: `@${to.externalUserId}`, kind: 'reminder' as const,
      dedupeKey: `reminder:${r.id}`, caseId: r.case_id, reminderId: r.id });
  }
  if (unreachable.length > 0) {
    // Visible in `duebot jobs deliveries`: the answer to "why wasn't X reminded?".
    await deps.db.insertInto('deliveries').values(unreachable.map((r) => ({
      org_id: orgId, platform: 'none', channel_id: '-', kind: 'reminder', case_id: r.case_id, reminder_id: r.id,
      dedupe_key: `reminder:${r.id}`, status: 'failed' as const, reason: 'no_chat_identity',
      last_error: `user ${r.user_id ?? '?'} has no chat identity on ${deps.platforms.join(', ') || 'any platform'}`,
    }))).onConflict((oc) => oc.columns(['org_id', 'dedupe_key']).doNothing()).execute();
    await deps.db.updateTable('reminders').set({ status: 'failed' })
      .where('org_id', '=', orgId).where('id', 'in', unreachable.map((r) => r.id)).where('status', '=', 'pending').execute();
  }
  return deps.delivery.enqueue(items);
}

/** Detects new reminders and queues every due one. */
export async function sweepReminders(deps: ReminderDeps, orgId: number): Promise<DetectResult & { queued: number }> {
  const now = deps.now();
  const detected = await detectReminders(deps.db, orgId, now);
  let queued = 0;
  for (;;) {
    // Due and not yet handed over (no delivery row): batches of 5,000.
    const due = await deps.db.selectFrom('reminders as r').select(['r.id', 'r.user_id', 'r.case_id'])
      .where('r.org_id', '=', orgId).where('r.status', '=', 'pending').where('r.due_at', '<=', now)
      // By dedupe key, so the unique (org_id, dedupe_key) index answers (deliveries grows without end).
      .where((eb) => eb.not(eb.exists(eb.selectFrom('deliveries as d').select('d.id')
        .where('d.org_id', '=', orgId).where('d.dedupe_key', '=', sql<string>`'reminder:' || r.id`))))
      .orderBy('r.due_at').limit(5000).execute();
    if (due.length === 0) break;
    const n = await enqueueReminders(deps, orgId, due);
    queued += n;
    if (due.length < 5000) break;
  }
  return { ...detected, queued };
}

/** The delayed job of one reminder: when it fires, the reminder goes to the delivery queue. */
export function createReminderProcessor(deps: ReminderDeps) {
  return async (job: Job<ReminderJob>, token?: string): Promise<string> => {
    const r = await deps.db.selectFrom('reminders').select(['id', 'user_id', 'case_id', 'status', 'due_at'])
      .where('org_id', '=', job.data.orgId).where('id', '=', job.data.reminderId).executeTakeFirst();
    if (!r || r.status !== 'pending') return 'gone';
    if (r.due_at > deps.now()) {
      await job.moveToDelayed(r.due_at.getTime(), token);
      throw new DelayedError();
    }
    await enqueueReminders(deps, job.data.orgId, [r]);
    return 'queued';
  };
}
