// A reminder sent by direct message to its recipient (DESIGN.md "Reminders"), in their working
// hours (deferred otherwise), re-checked now: a promise kept or a case closed since is not worth
// a message. Sending it marks the reminder sent in the same statement as the attempt.
import type { Level } from '../../../src/domain/aging.js';
import { dateIn, type IsoDate } from '../../../src/domain/calendar.js';
import { deferToWorkingHours } from '../../../src/services/reminders/working-hours.js';
import { OWNER_LEFT_LISTED, PRE_DUE_LISTED } from '../../../src/chat/views/reminder.js';
import type { Db } from '../../../src/store/connection.js';
import type { ReminderData, ReminderKind } from '../../views.js';
import { loadTargetNotice } from '../../../src/services/targets/target-notice.js';
import { BATCH_WINDOW_MS, batchLoader } from '../batch.js';
import type { DeliverySource } from '../deliver.js';
import { dmRecipient, type KindContext } from './context.js';
import type { Locale } from '../../../src/domain/locale.js';

export function reminderKind(k: KindContext): DeliverySource {
  const { db } = k;
  const deps = k;
  const hoursOf = k.hours;
  // One query for the reminders being sent at the same moment, with their recipients and cases:
  // this runs for every direct message.
  const loadReminder = batchLoader<{ orgId: number; id: number }, ReminderJoined>(async (keys) => {
    const rows = await db.selectFrom('reminders as r')
      .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'r.user_id').onRef('u.org_id', '=', 'r.org_id'))
      .leftJoin('cases as c', (j) => j.onRef('c.id', '=', 'r.case_id').onRef('c.org_id', '=', 'r.org_id'))
      .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
      .leftJoin('users as o', 'o.id', 'c.owner_user_id')
      .select(['r.id', 'r.org_id', 'r.kind', 'r.status', 'r.case_id', 'r.promise_id', 'r.escalation_id', 'r.dedupe_key', 'r.about_user_id', 'r.falls_due_on', 'r.target_flag_id',
        'u.id as uid', 'u.name', 'u.timezone', 'u.locale', 'u.active',
        'c.version', 'c.status as case_status', 'c.level', 'c.next_action_on', 'c.owner_user_id', 'cu.code', 'cu.name as customer_name', 'o.name as owner_name'])
      .where('r.org_id', 'in', [...new Set(keys.map((k) => k.orgId))]).where('r.id', 'in', keys.map((k) => k.id)).execute();
    return new Map(rows.map((r) => [`${r.org_id}:${r.id}`, r]));
  }, (k) => `${k.orgId}:${k.id}`, 200, BATCH_WINDOW_MS.load);

  return {
    async render(d) {
      const r = await loadReminder({ orgId: d.org_id, id: d.reminder_id! });
      if (!r || r.status !== 'pending') return { op: 'skip', reason: r ? `reminder_${r.status}` : 'reminder_gone' };
      if (!r.uid || !r.active) return { op: 'skip', reason: 'user_inactive' };
      const hours = await hoursOf(d.org_id);
      const now = deps.now();
      const allowed = deferToWorkingHours(hours, r.timezone, now);
      if (allowed > now) return { op: 'defer', until: allowed, reason: 'outside_working_hours' };
      const kase = r.case_id !== null && r.version !== null ? {
        id: r.case_id, version: r.version, status: r.case_status!, level: r.level, nextActionOn: r.next_action_on,
        ownerId: r.owner_user_id, ownerName: r.owner_name, code: r.code!, name: r.customer_name!,
      } : null;
      const data = await loadReminderData(db, d.org_id, r, kase, { id: r.uid, name: r.name! }, dateIn(hours.timezone, now));
      if ('skip' in data) return { op: 'skip', reason: data.skip };
      const locale = r.locale ?? hours.locale;
      return { op: 'dm', externalUserId: dmRecipient(d), message: k.views.reminder(data, locale), locale };
    },
    marksReminderSent: true,
    async settled(d, outcome) {
      if (outcome.status === 'sent') {
        await db.updateTable('reminders').set({ status: 'sent', sent_at: deps.now() })
          .where('org_id', '=', d.org_id).where('id', '=', d.reminder_id!).where('status', '=', 'pending').execute();
      } else {
        await db.updateTable('reminders').set({ status: outcome.status === 'failed' ? 'failed' : 'cancelled' })
          .where('org_id', '=', d.org_id).where('id', '=', d.reminder_id!).where('status', '=', 'pending').execute();
      }
    },
  };
}

type ReminderJoined = {
  id: number; org_id: number; kind: string; status: string; case_id: number | null; promise_id: number | null; escalation_id: number | null;
  about_user_id: number | null; falls_due_on: string | null; target_flag_id: number | null;
  dedupe_key: string; uid: number | null; name: string | null; timezone: string | null; locale: Locale | null; active: boolean | null;
  version: number | null; case_status: string | null; level: Level | null; next_action_on: string | null; owner_user_id: number | null;
  code: string | null; customer_name: string | null; owner_name: string | null;
};
type ReminderRow = { id: number; kind: string; case_id: number | null; promise_id: number | null; escalation_id: number | null; dedupe_key: string;
  about_user_id: number | null; falls_due_on: string | null; target_flag_id: number | null };
type CaseRow = { id: number; version: number; status: string; level: Level | null; nextActionOn: IsoDate | null;
  ownerId: number | null; ownerName: string | null; code: string; name: string };

/** What a reminder says, re-checked now: a promise already kept or a case closed since is not worth a message. */
async function loadReminderData(db: Db, orgId: number, r: ReminderRow, c: CaseRow | null, recipient: { id: number; name: string }, today: IsoDate): Promise<ReminderData | { skip: string }> {
  const kind = r.kind as ReminderKind;
  const data: ReminderData = { kind, org: orgId, recipient };
  if (r.case_id !== null) {
    if (!c) return { skip: 'case_gone' };
    if (c.status === 'closed' && kind !== 'promise_broken') return { skip: 'case_closed' };
    if (kind === 'lease_check' && c.ownerId !== recipient.id) return { skip: 'owner_changed' };
    data.case = { id: c.id, version: c.version, customer: { code: c.code, name: c.name }, level: c.level,
      owner: c.ownerId ? { id: c.ownerId, name: c.ownerName ?? '' } : null, nextActionOn: c.nextActionOn };
  }
  if (r.promise_id !== null) {
    const p = await db.selectFrom('promises').select(['amount_minor', 'currency', 'promised_on', 'status'])
      .where('org_id', '=', orgId).where('id', '=', r.promise_id).executeTakeFirst();
    if (!p) return { skip: 'promise_gone' };
    if (kind === 'promise_due' && (p.status !== 'pending' || p.promised_on < today)) return { skip: `promise_${p.status}` };
    data.promise = { amountMinor: p.amount_minor, currency: p.currency.trim(), promisedOn: p.promised_on };
  }
  if (r.escalation_id !== null) {
    const e = await db.selectFrom('escalations as e').innerJoin('users as u', 'u.id', 'e.requested_by')
      .select(['e.id', 'e.kind', 'e.status', 'e.created_at', 'u.id as uid', 'u.name'])
      .where('e.org_id', '=', orgId).where('e.id', '=', r.escalation_id).executeTakeFirst();
    if (!e) return { skip: 'escalation_gone' };
    if (e.status !== 'pending') return { skip: `escalation_${e.status}` };
    data.escalation = { id: e.id, kind: e.kind, requestedBy: { id: e.uid, name: e.name }, since: e.created_at.toISOString().slice(0, 10) };
  }
  const [, ...rest] = r.dedupe_key.split(':');
  if (kind === 'target_flagged' || kind === 'target_follow_up') {
    if (r.target_flag_id === null) return { skip: 'target_gone' };
    const notice = await loadTargetNotice(db, orgId, r.target_flag_id, today);
    if (!notice) return { skip: 'target_gone' };
    // Asked again only while no plan came; the follow-up goes either way (001: 限期跟进).
    if (kind === 'target_flagged' && notice.plan) return { skip: 'plan_recorded' };
    data.target = notice;
  }
  if (kind === 'owner_left') {
    // The cases the person who left still owns, now: those reassigned since drop out (issue 15).
    const who = await db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', '=', r.about_user_id ?? 0).executeTakeFirst();
    if (!who) return { skip: 'user_gone' };
    const cases = await db.selectFrom('cases as c').innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id', 'c.version', 'c.level', 'cu.code', 'cu.name'])
      .where('c.org_id', '=', orgId).where('cu.org_id', '=', orgId).where('c.owner_user_id', '=', who.id).where('c.status', '<>', 'closed')
      .orderBy('c.id').execute();
    if (cases.length === 0) return { skip: 'cases_reassigned' };
    data.leaver = { person: { id: who.id, name: who.name }, more: Math.max(0, cases.length - OWNER_LEFT_LISTED),
      cases: cases.slice(0, OWNER_LEFT_LISTED).map((c) => ({ id: c.id, version: c.version, level: c.level, customer: { code: c.code, name: c.name } })) };
  }
  if (kind === 'pre_due') {
    // What still falls due on that day, now: an invoice paid early or reassigned since drops out.
    if (!r.falls_due_on) return { skip: 'no_date' };
    const rows = await db.selectFrom('invoices as i').innerJoin('customers as cu', 'cu.id', 'i.customer_id')
      .select(['cu.code', 'cu.name', 'i.number', 'i.amount_minor', 'i.paid_minor', 'i.currency'])
      .where('i.org_id', '=', orgId).where('cu.org_id', '=', orgId).where('cu.owner_user_id', '=', recipient.id).where('i.status', '=', 'open')
      .whereRef('i.amount_minor', '>', 'i.paid_minor').where('i.due_on', '=', r.falls_due_on)
      .orderBy('cu.code').orderBy('i.number').execute();
    if (rows.length === 0) return { skip: 'nothing_falls_due' };
    data.preDue = { fallsDueOn: r.falls_due_on, more: Math.max(0, rows.length - PRE_DUE_LISTED),
      invoices: rows.slice(0, PRE_DUE_LISTED).map((i) => ({ customer: { code: i.code, name: i.name }, number: i.number,
        openMinor: i.amount_minor - i.paid_minor, currency: i.currency.trim() })) };
  }
  if (kind === 'delivery_failed') {
    const [platform, channelId, reason, failedKind] = rest;
    data.failure = { platform: platform!, channelId: channelId!, reason: reason!, kind: failedKind ?? '' };
  }
  return data;
}
