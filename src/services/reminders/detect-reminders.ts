// Finds who must be reminded of what and records it in `reminders` (the source of truth the jobs
// deliver from, deduplicated by `dedupe_key`). Each reminder is due at the start of the
// recipient's working hours on its day, or at once when that has passed, and is deferred past
// evenings and weekends in the recipient's time zone (DESIGN.md "Reminders").
// Also decides what only time decides: a promise whose date + grace passed without the payment is
// broken (DOMAIN.md "Promises and plans", judged from the ledger), and a claim that went quiet is a lease that ends (claim_lease_days working days).
import { sql } from 'kysely';
import { addDays, addWorkingDays, addWorkingHours, dateIn, localParts, zonedInstant, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { deferToWorkingHours, orgHours, type OrgHours } from './working-hours.js';
import { decidePromises } from './decide-promises.js';

export type ReminderKind = 'next_action' | 'promise_due' | 'promise_broken' | 'red_untouched' | 'escalation_pending'
  | 'snooze_ended' | 'lease_check' | 'target_flagged' | 'target_follow_up' | 'delivery_failed' | 'owner_left' | 'pre_due';

export interface NewReminder {
  kind: ReminderKind;
  userId: number;
  dedupeKey: string;
  /** The moment it becomes relevant; deferred to the recipient's working hours. */
  at: Date;
  caseId?: number | null;
  promiseId?: number | null;
  escalationId?: number | null;
  /** The person the reminder is about (owner_left). */
  aboutUserId?: number | null;
  /** pre_due: the day the invoices fall due. */
  fallsDueOn?: IsoDate | null;
  /** target_flagged / target_follow_up: the flag (0016b). */
  targetFlagId?: number | null;
}

export interface DetectResult {
  created: number;
  brokenPromiseIds: number[];
  keptPromiseIds: number[];
  releasedCaseIds: number[];
}

/** Records reminders (deduplicated), each due within its recipient's working hours. Returns the new ids. */
export async function addReminders(db: Db, orgId: number, items: NewReminder[], hours?: OrgHours): Promise<number[]> {
  if (items.length === 0) return [];
  const org = hours ?? await orgHours(db, orgId);
  const users = await db.selectFrom('users').select(['id', 'timezone', 'active'])
    .where('org_id', '=', orgId).where('id', 'in', [...new Set(items.map((i) => i.userId))]).execute();
  const tz = new Map(users.map((u) => [u.id, u.timezone]));
  // A person who left gets no reminders (issue 15); their cases are offered to their managers instead.
  const active = new Set(users.filter((u) => u.active).map((u) => u.id));
  const toActive = items.filter((i) => active.has(i.userId));
  if (toActive.length === 0) return [];
  const rows = await db.insertInto('reminders').values(toActive.map((i) => ({
    org_id: orgId, kind: i.kind, user_id: i.userId, case_id: i.caseId ?? null, promise_id: i.promiseId ?? null,
    escalation_id: i.escalationId ?? null, about_user_id: i.aboutUserId ?? null, falls_due_on: i.fallsDueOn ?? null, target_flag_id: i.targetFlagId ?? null, dedupe_key: i.dedupeKey, due_at: deferToWorkingHours(org, tz.get(i.userId), i.at),
  }))).onConflict((oc) => oc.columns(['org_id', 'dedupe_key']).doNothing()).returning('id').execute();
  return rows.map((r) => r.id);
}

/** The start of the working day `date` in the org's time zone, or `now` when that has passed. */
function dayStart(org: OrgHours, date: IsoDate, now: Date): Date {
  const start = zonedInstant(org.timezone, date, org.hours.start);
  return start > now ? start : now;
}

export async function detectReminders(db: Db, orgId: number, now: Date = new Date()): Promise<DetectResult> {
  const org = await orgHours(db, orgId);
  const policy = await db.selectFrom('org_policies').select(['claim_lease_days', 'red_response_hours', 'red_response_clock', 'pre_due_days'])
    .where('org_id', '=', orgId).executeTakeFirstOrThrow();
  const today = dateIn(org.timezone, now);
  const items: NewReminder[] = [];
  const managers = await db.selectFrom('users').select('id')
    .where('org_id', '=', orgId).where('role', '=', 'manager').where('active', '=', true).execute();

  // Next action due (from a record's next-action date), within the last week.
  const nextActions = await db.selectFrom('cases').select(['id', 'owner_user_id', 'next_action_on'])
    .where('org_id', '=', orgId).where('status', '<>', 'closed').where('owner_user_id', 'is not', null)
    .where('next_action_on', '<=', today).where('next_action_on', '>=', addDays(today, -7))
    .where((eb) => eb.or([eb('snoozed_until', 'is', null), eb('snoozed_until', '<=', today)])).execute();
  for (const c of nextActions) {
    items.push({ kind: 'next_action', userId: c.owner_user_id!, caseId: c.id, dedupeKey: `next_action:${c.id}:${c.next_action_on}`,
      at: dayStart(org, c.next_action_on!, now) });
  }

  // Pre-due (预催收, DOMAIN.md stages; pre_due_days, default 3): the customer's owner gets one
  // message a day listing the open invoices that fall due pre_due_days from today, at the start of
  // their working day (no case exists yet: nothing is overdue).
  if (policy.pre_due_days > 0) {
    const fallsDueOn = addDays(today, policy.pre_due_days);
    const owners = await db.selectFrom('invoices as i').innerJoin('customers as cu', 'cu.id', 'i.customer_id')
      .select('cu.owner_user_id').distinct()
      .where('i.org_id', '=', orgId).where('cu.org_id', '=', orgId).where('i.status', '=', 'open')
      .whereRef('i.amount_minor', '>', 'i.paid_minor').where('i.due_on', '=', fallsDueOn).where('cu.owner_user_id', 'is not', null).execute();
    for (const o of owners) {
      items.push({ kind: 'pre_due', userId: o.owner_user_id!, fallsDueOn, dedupeKey: `pre_due:${o.owner_user_id}:${fallsDueOn}`, at: dayStart(org, today, now) });
    }
  }

  // Promises due today: the case owner, else whoever recorded the promise.
  const dueToday = await db.selectFrom('promises as p').innerJoin('cases as c', 'c.id', 'p.case_id')
    .select(['p.id', 'p.case_id', 'c.owner_user_id', 'p.made_by_user_id'])
    .where('p.org_id', '=', orgId).where('c.org_id', '=', orgId).where('p.status', '=', 'pending')
    .where('p.promised_on', '=', today).where('c.status', '<>', 'closed').execute();
  for (const p of dueToday) {
    const userId = p.owner_user_id ?? p.made_by_user_id;
    if (userId) items.push({ kind: 'promise_due', userId, caseId: p.case_id, promiseId: p.id, dedupeKey: `promise_due:${p.id}`, at: dayStart(org, today, now) });
  }

  // Promises and instalments decided by the ledger on today (decide-promises.ts): broken once
  // their date + grace passed without the money; the case owner, else whoever recorded it, is told.
  const decided = await decidePromises(db, orgId, org.timezone, today, now);
  for (const b of decided.broken) {
    const userId = b.ownerUserId ?? b.madeByUserId;
    if (userId) items.push({ kind: 'promise_broken', userId, caseId: b.caseId, promiseId: b.id, dedupeKey: `promise_broken:${b.id}`, at: now });
  }

  // A red case with no owner or no record 48 h after its alert goes to the managers (001). An owner
  // who left (inactive) is no owner until the case is reassigned (issue 15). The hours are calendar
  // hours, or working hours when the org counts so (org_policies.red_response_clock); working
  // hours never run faster than the clock, so SQL narrows by calendar hours first.
  if (managers.length > 0) {
    const candidates = await sql<{ case_id: number; alerted_at: Date }>`
      select c.id as case_id, a.at as alerted_at from cases c
      join lateral (select min(a.created_at) as at from alerts_sent a
        where a.org_id = ${orgId} and a.case_id = c.id and a.level = 'red') a on a.at is not null
      where c.org_id = ${orgId} and c.status = 'open' and c.level = 'red'
        and a.at <= ${now}::timestamptz - make_interval(hours => ${policy.red_response_hours})
        and (c.owner_user_id is null or c.last_record_at is null or c.last_record_at < a.at
          or not exists (select 1 from users o where o.org_id = ${orgId} and o.id = c.owner_user_id and o.active))`.execute(db);
    const untouched = policy.red_response_clock === 'working'
      ? candidates.rows.filter((c) => addWorkingHours(org.timezone, org.hours, c.alerted_at, policy.red_response_hours) <= now)
      : candidates.rows;
    for (const u of untouched) {
      for (const m of managers) items.push({ kind: 'red_untouched', userId: m.id, caseId: u.case_id, dedupeKey: `red_untouched:${u.case_id}:${m.id}`, at: now });
    }
    // An escalation waiting for a decision for 24 h.
    const waiting = await db.selectFrom('escalations').select(['id', 'case_id'])
      .where('org_id', '=', orgId).where('status', '=', 'pending')
      .where('created_at', '<=', new Date(now.getTime() - 24 * 3600_000)).execute();
    for (const e of waiting) {
      for (const m of managers) items.push({ kind: 'escalation_pending', userId: m.id, caseId: e.case_id, escalationId: e.id, dedupeKey: `escalation_pending:${e.id}:${m.id}`, at: now });
    }
  }

  // A snooze that ended (in the last three days).
  const snoozes = await db.selectFrom('cases').select(['id', 'owner_user_id', 'snoozed_until'])
    .where('org_id', '=', orgId).where('status', '<>', 'closed').where('owner_user_id', 'is not', null)
    .where('snoozed_until', '<=', today).where('snoozed_until', '>=', addDays(today, -3)).execute();
  for (const s of snoozes) {
    items.push({ kind: 'snooze_ended', userId: s.owner_user_id!, caseId: s.id, dedupeKey: `snooze_ended:${s.id}:${s.snoozed_until}`, at: dayStart(org, s.snoozed_until!, now) });
  }

  // A claim is a lease: no record for N working days asks the owner "still working on it?".
  const leaseDays = policy.claim_lease_days;
  const claimed = await sql<{ id: number; owner_user_id: number; activity: Date }>`
    select id, owner_user_id, greatest(claimed_at, coalesce(last_record_at, claimed_at)) as activity
    from cases where org_id = ${orgId} and status = 'open' and owner_user_id is not null and claimed_at is not null
      and greatest(claimed_at, coalesce(last_record_at, claimed_at)) < ${now}::timestamptz - make_interval(days => ${leaseDays})`.execute(db);
  for (const c of claimed.rows) {
    const since = dateIn(org.timezone, c.activity);
    if (addWorkingDays(since, leaseDays, org.hours.days, org.hours.calendar) <= today) {
      items.push({ kind: 'lease_check', userId: c.owner_user_id, caseId: c.id, dedupeKey: `lease_check:${c.id}:${c.activity.getTime()}`, at: now });
    }
  }

  const created = await addReminders(db, orgId, items, org);
  const releasedCaseIds = await releaseExpiredLeases(db, orgId, org, now);
  return {
    created: created.length,
    brokenPromiseIds: decided.broken.map((b) => b.id),
    keptPromiseIds: decided.keptIds,
    releasedCaseIds,
  };
}

/**
 * A lease question nobody answered within one working day releases the case to the channel:
 * the owner is cleared only if nothing happened since the question (no record, no new claim, the
 * same owner), so a Keep click or a logged call wins any race.
 */
export async function releaseExpiredLeases(db: Db, orgId: number, org: OrgHours, now: Date): Promise<number[]> {
  const asked = await db.selectFrom('reminders as r').innerJoin('cases as c', 'c.id', 'r.case_id')
    .select(['r.id', 'r.case_id', 'r.user_id', 'r.sent_at', 'r.created_at'])
    .where('r.org_id', '=', orgId).where('c.org_id', '=', orgId).where('r.kind', '=', 'lease_check').where('r.status', '=', 'sent')
    .where('c.status', '=', 'open').whereRef('c.owner_user_id', '=', 'r.user_id').execute();
  const released: number[] = [];
  for (const a of asked) {
    const sentAt = a.sent_at ?? a.created_at;
    const p = localParts(org.timezone, sentAt);
    const deadline = zonedInstant(org.timezone, addWorkingDays(p.date, 1, org.hours.days, org.hours.calendar), p.minutes);
    if (now < deadline) continue;
    const done = await db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('cases').set((eb) => ({ owner_user_id: null, claimed_at: null, version: eb('version', '+', 1) }))
        .where('org_id', '=', orgId).where('id', '=', a.case_id!).where('owner_user_id', '=', a.user_id!).where('status', '=', 'open')
        .where('claimed_at', '<=', a.created_at)
        .where((eb) => eb.or([eb('last_record_at', 'is', null), eb('last_record_at', '<=', a.created_at)]))
        .returning('id').executeTakeFirst();
      if (!row) return false;
      await trx.insertInto('case_events').values({ org_id: orgId, case_id: a.case_id, type: 'case.released',
        payload: JSON.stringify({ reason: 'lease_expired', ownerId: a.user_id, reminderId: a.id }) }).execute();
      await trx.insertInto('audit_log').values({ org_id: orgId, actor: 'job:lease', action: 'case.release', subject_type: 'case',
        subject_id: String(a.case_id), detail: JSON.stringify({ reason: 'lease_expired', ownerId: a.user_id }) }).execute();
      return true;
    });
    if (done) released.push(a.case_id!);
  }
  return released;
}
