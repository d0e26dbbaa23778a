// The delivery log in PostgreSQL: one `deliveries` row per outgoing post or update (unique per
// org and dedupe key, which is what makes a digest or an alert go out once however many workers
// run), and one `delivery_attempts` row per try. It answers "why wasn't X reminded?".
import { sql } from 'kysely';
import type { PlatformName } from '../../src/chat/port.js';
import type { Db } from '../../src/store/connection.js';

/**
 * What a delivery is. The dedupe key names its source, so the message is rendered when it is
 * sent, from PostgreSQL as it is then (the latest rendering wins; Redis can be flushed):
 *   digest:<subscription>:<local date>      kpi:<subscription>:<local date>
 *   alert:<case_event>:<subscription>       thread:<case_event>:<chat_message>
 *   update:<chat_message>:<case version>[:<case_event>]    reminder:<reminder>
 * and the chat layer's case messages (src/chat/chat.ts, CaseDelivery):
 *   case_event:<case_event>:<chat_message>           escalation_request:<case_event>:<subscription>
 *   escalation_decision:<case_event>:<chat_message>  legal:<case_event>:<subscription>
 *   dm:<case_event>:<user>:<platform>
 */
export type DeliveryKind = 'digest' | 'kpi' | 'alert' | 'thread' | 'update' | 'reminder'
  | 'case_event' | 'escalation_request' | 'escalation_decision' | 'legal' | 'dm';

export interface NewDelivery {
  orgId: number;
  platform: PlatformName;
  /** A channel id, or '@<platform user id>' for a direct message. */
  channelId: string;
  kind: DeliveryKind;
  dedupeKey: string;
  caseId?: number | null;
  reminderId?: number | null;
}

export interface DeliveryRow {
  id: bigint; org_id: number; platform: string; channel_id: string; kind: string;
  case_id: number | null; reminder_id: number | null; dedupe_key: string | null;
  status: 'queued' | 'sent' | 'failed' | 'dropped'; attempts: number; message_id: string | null;
  last_error: string | null; reason: string | null; created_at: Date; updated_at: Date;
}

/** Inserts the deliveries that are new (by org + dedupe key) and returns only those. */
export async function recordDeliveries(db: Db, items: NewDelivery[]): Promise<{ id: bigint; dedupeKey: string; orgId: number; kind: DeliveryKind }[]> {
  if (items.length === 0) return [];
  const out: { id: bigint; dedupeKey: string; orgId: number; kind: DeliveryKind }[] = [];
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    const rows = await db.insertInto('deliveries')
      .values(chunk.map((d) => ({
        org_id: d.orgId, platform: d.platform, channel_id: d.channelId, kind: d.kind, dedupe_key: d.dedupeKey,
        case_id: d.caseId ?? null, reminder_id: d.reminderId ?? null,
      })))
      .onConflict((oc) => oc.columns(['org_id', 'dedupe_key']).doNothing())
      .returning(['id', 'dedupe_key', 'org_id', 'kind']).execute();
    for (const r of rows) out.push({ id: r.id as bigint, dedupeKey: r.dedupe_key!, orgId: r.org_id, kind: r.kind as DeliveryKind });
  }
  return out;
}

export async function getDelivery(db: Db, id: bigint | string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('deliveries').selectAll().where('id', '=', id as never).executeTakeFirst() as Promise<DeliveryRow | undefined>;
}

export type AttemptOutcome = 'sent' | 'skipped' | 'deferred' | 'rate_limited' | 'transient' | 'permanent';

/** Writes one attempt and moves the delivery on, in one statement. */
export async function recordAttempt(db: Db, d: { id: bigint; orgId: number }, a: {
  outcome: AttemptOutcome; errorCode?: string | null; detail?: string | null;
  /** The delivery's new status (absent: stays queued). */
  status?: 'sent' | 'failed' | 'dropped'; messageId?: string | null; reason?: string | null;
}): Promise<number> {
  const counts = a.outcome !== 'deferred';
  const { rows } = await sql<{ attempts: number }>`
    with d as (
      update deliveries set
        attempts = attempts + ${counts ? 1 : 0},
        status = coalesce(${a.status ?? null}::text, status),
        message_id = coalesce(${a.messageId ?? null}::text, message_id),
        last_error = case when ${a.outcome} in ('sent', 'skipped') then last_error else ${a.errorCode ?? a.outcome}::text end,
        reason = coalesce(${a.reason ?? null}::text, reason),
        updated_at = now()
      where id = ${d.id} and org_id = ${d.orgId}
      returning attempts
    )
    insert into delivery_attempts (org_id, delivery_id, attempt, outcome, error_code, detail)
    select ${d.orgId}, ${d.id}, d.attempts, ${a.outcome}, ${a.errorCode ?? null}, ${a.detail ?? null} from d
    returning attempt as attempts`.execute(db);
  return rows[0]?.attempts ?? 0;
}

/** An org's queued deliveries (for reconcile after Redis lost its jobs). */
export async function queuedDeliveries(db: Db, orgId: number, limit = 100_000): Promise<{ id: bigint; org_id: number; kind: DeliveryKind; dedupe_key: string }[]> {
  return db.selectFrom('deliveries').select(['id', 'org_id', 'kind', 'dedupe_key'])
    .where('org_id', '=', orgId).where('status', '=', 'queued').orderBy('id').limit(limit).execute() as never;
}
