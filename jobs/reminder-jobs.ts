// Reminders from PostgreSQL to the delivery queue. The `reminders` table is the truth: a sweep
// (every minute, and in every reconcile) detects new reminders and hands every due one to the
// delivery queue once (`reminder:<id>` dedupes), and reconcile keeps one delayed BullMQ job per
// pending reminder still to come so it goes out on time without waiting for the sweep.
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

/** The first batch of a sweep is small, so the first messages leave at once; later ones grow to the largest. */
export const SWEEP_FIRST_BATCH = 200;
export const SWEEP_MAX_BATCH = 5000;

/**
 * Detects new reminders and queues every due one. In pages by (due_at, id), oldest first: the
 * first page small so sending starts while the rest is handed over, each next one larger. What is
 * already handed over (its delivery row exists) is found by the unique (org_id, dedupe_key) index
 * for the page's keys, not by an anti-join, whose plan on a freshly grown deliveries table (stale
 * statistics) compared every reminder with every delivery: seconds for a backlog of thousands.
 */
export async function sweepReminders(deps: ReminderDeps, orgId: number): Promise<DetectResult & { queued: number }> {
  const now = deps.now();
  const T=performance.now(); const D=(m:string)=>process.env.BENCH_DEBUG&&console.error(`  sweep ${m} at +${(performance.now()-T).toFixed(0)}`);
  const detected = await detectReminders(deps.db, orgId, now); D('detected');
  let queued = 0;
  // The cursor keeps due_at as PostgreSQL's text: a JS Date drops the microseconds, and a page
  // of equal due_at values would then come back again.
  let after: { dueAt: string; id: number } | null = null;
  for (let size = SWEEP_FIRST_BATCH; ; size = Math.min(size * 4, SWEEP_MAX_BATCH)) {
    const cursor: { dueAt: string; id: number } | null = after;
    const page: { id: number; user_id: number | null; case_id: number | null; due: string }[] = await deps.db.selectFrom('reminders as r')
      .select(['r.id', 'r.user_id', 'r.case_id', sql<string>`r.due_at::text`.as('due')])
      .where('r.org_id', '=', orgId).where('r.status', '=', 'pending').where('r.due_at', '<=', now)
      .$if(cursor !== null, (q) => q.where(sql<boolean>`(r.due_at, r.id) > (${cursor!.dueAt}::timestamptz, ${cursor!.id})`))
      .orderBy('r.due_at').orderBy('r.id').limit(size).execute();
    D(`page ${page.length}`); if (page.length === 0) break;
    const last = page[page.length - 1]!;
    after = { dueAt: last.due, id: last.id };
    const keys = page.map((r) => `reminder:${r.id}`);
    const handed = new Set((await deps.db.selectFrom('deliveries').select('dedupe_key')
      .where('org_id', '=', orgId).where('dedupe_key', '=', sql<string>`any(${keys}::text[])`).execute()).map((d) => d.dedupe_key));
    D(`handed ${handed.size}`);
    queued += await enqueueReminders(deps, orgId, page.filter((r) => !handed.has(`reminder:${r.id}`))); D('enqueued');
    if (page.length < size) break;
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
