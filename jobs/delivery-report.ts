// The delivery log as people ask about it: "why wasn't X reminded?" (everything queued, sent,
// deferred or failed for a customer's cases, with each attempt) and "what failed for good?".
import { DuebotError } from '../src/errors.js';
import type { Db } from '../src/store/connection.js';

export interface DeliveryLogEntry {
  id: string; kind: string; platform: string; channelId: string; status: string; reason: string | null;
  lastError: string | null; messageId: string | null; dedupeKey: string | null; createdAt: Date; updatedAt: Date;
  attempts: { attempt: number; outcome: string; errorCode: string | null; detail: string | null; at: Date }[];
}

export interface ReminderLogEntry { id: number; kind: string; userId: number | null; status: string; dueAt: Date; sentAt: Date | null; delivered: boolean }

export interface CaseDeliveryLog {
  caseIds: number[];
  customer: { code: string; name: string } | null;
  deliveries: DeliveryLogEntry[];
  /** Reminders of those cases, including the ones not handed to delivery yet (due later: deferred). */
  reminders: ReminderLogEntry[];
}

/** `ref`: a case id, or a customer code (all of its cases, open and closed). */
export async function caseDeliveryLog(db: Db, orgId: number, ref: string): Promise<CaseDeliveryLog> {
  let cases = await db.selectFrom('cases as c').innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .select(['c.id', 'cu.code', 'cu.name']).where('c.org_id', '=', orgId).where('cu.code', '=', ref).execute();
  if (cases.length === 0 && /^\d+$/.test(ref)) {
    cases = await db.selectFrom('cases as c').innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id', 'cu.code', 'cu.name']).where('c.org_id', '=', orgId).where('c.id', '=', Number(ref)).execute();
  }
  if (cases.length === 0) throw new DuebotError('not_found', `no case for "${ref}": give a customer code or a case id`);
  const caseIds = cases.map((c) => c.id);
  const reminders = await db.selectFrom('reminders as r')
    .select(['r.id', 'r.kind', 'r.user_id', 'r.status', 'r.due_at', 'r.sent_at',
      (eb) => eb.exists(eb.selectFrom('deliveries as d').select('d.id').where('d.org_id', '=', orgId).whereRef('d.reminder_id', '=', 'r.id')).as('delivered')])
    .where('r.org_id', '=', orgId).where('r.case_id', 'in', caseIds).orderBy('r.due_at').execute();
  const rows = await db.selectFrom('deliveries').selectAll().where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('case_id', 'in', caseIds), ...(reminders.length ? [eb('reminder_id', 'in', reminders.map((r) => r.id))] : [])]))
    .orderBy('id').execute();
  return {
    caseIds, customer: { code: cases[0]!.code, name: cases[0]!.name },
    deliveries: await withAttempts(db, orgId, rows),
    reminders: reminders.map((r) => ({ id: r.id, kind: r.kind, userId: r.user_id, status: r.status, dueAt: r.due_at, sentAt: r.sent_at, delivered: Boolean(r.delivered) })),
  };
}

export async function failedDeliveries(db: Db, orgId: number, limit = 100): Promise<DeliveryLogEntry[]> {
  const rows = await db.selectFrom('deliveries').selectAll().where('org_id', '=', orgId).where('status', '=', 'failed')
    .orderBy('updated_at', 'desc').limit(limit).execute();
  return withAttempts(db, orgId, rows);
}

type Row = { id: bigint; kind: string; platform: string; channel_id: string; status: string; reason: string | null; last_error: string | null;
  message_id: string | null; dedupe_key: string | null; created_at: Date; updated_at: Date };

async function withAttempts(db: Db, orgId: number, rows: Row[]): Promise<DeliveryLogEntry[]> {
  const attempts = rows.length === 0 ? [] : await db.selectFrom('delivery_attempts').selectAll().where('org_id', '=', orgId)
    .where('delivery_id', 'in', rows.map((r) => r.id as never)).orderBy('id').execute();
  return rows.map((r) => ({
    id: String(r.id), kind: r.kind, platform: r.platform, channelId: r.channel_id, status: r.status, reason: r.reason,
    lastError: r.last_error, messageId: r.message_id, dedupeKey: r.dedupe_key, createdAt: r.created_at, updatedAt: r.updated_at,
    attempts: attempts.filter((a) => String(a.delivery_id) === String(r.id))
      .map((a) => ({ attempt: a.attempt, outcome: a.outcome, errorCode: a.error_code, detail: a.detail, at: a.at })),
  }));
}
