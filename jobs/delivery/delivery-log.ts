// The delivery log in PostgreSQL: one `deliveries` row per outgoing post or update (unique per
// org and dedupe key, which is what makes a digest or an alert go out once however many workers
// run), and one `delivery_attempts` row per try. It answers "why wasn't X reminded?".
import { sql } from 'kysely';
import { PLATFORM_CALL_TIMEOUT_MS, type PlatformName } from '../../src/chat/port.js';
import type { Db } from '../../src/store/connection.js';

/**
 * What a delivery is: its kind (jobs/delivery/kinds/index.ts renders each), and what it is about
 * in typed columns, read when it is sent, from PostgreSQL as it is then (the latest rendering
 * wins; Redis can be flushed). The dedupe key only makes it unique (one per org): it is built by
 * whoever queues the delivery and never read back.
 */
export type DeliveryKind = 'digest' | 'kpi' | 'alert' | 'thread' | 'update' | 'reminder'
  | 'escalation_request' | 'escalation_decision' | 'legal' | 'dm' | 'limitation' | 'legal_weekly' | 'refresh' | 'evidence'
  | 'chain_head' | 'report_chart' | 'writeoff_review' | 'rerating_review'
  /** A message to a customer by email (issue 11): sent over SMTP, not to a chat platform. */
  | 'email';

export interface NewDelivery {
  orgId: number;
  /** A chat platform, or 'email' (the `email` kind sends over SMTP). */
  platform: PlatformName | 'email';
  /** A channel id, or '@<platform user id>' for a direct message. */
  channelId: string;
  kind: DeliveryKind;
  dedupeKey: string;
  caseId?: number | null;
  reminderId?: number | null;
  subscriptionId?: number | null;
  caseEventId?: bigint | null;
  chatMessageId?: number | null;
  /** The person a direct message is for. */
  userId?: number | null;
  /** The org's local date a scheduled post is for (digest, KPI). */
  localDate?: string | null;
  /** The message to a customer an `email` delivery sends. */
  outboundMessageId?: number | null;
}

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'dropped';

export interface DeliveryRow {
  id: bigint; org_id: number; platform: string; channel_id: string; kind: DeliveryKind;
  case_id: number | null; reminder_id: number | null; dedupe_key: string | null;
  subscription_id: number | null; case_event_id: bigint | null; chat_message_id: number | null;
  user_id: number | null; local_date: string | null; outbound_message_id: number | null;
  status: DeliveryStatus; attempts: number; message_id: string | null;
  /** How many times a worker took it for a send: the sending mark compares and sets it (claimSending). */
  claim: number;
  /** Until when the worker that claimed it may still be in its call (renewed while it runs). */
  lease_until: Date | null;
  last_error: string | null; reason: string | null; sending_at: Date | null; created_at: Date; updated_at: Date;
  /** The image its post shows, once uploaded (a Slack file id, a Lark image_key). */
  image_id: string | null; image_alt: string | null;
}

/** Inserts the deliveries that are new (by org + dedupe key) and returns only those. */
export interface QueuedDelivery {
  id: bigint; orgId: number; kind: DeliveryKind; chatMessageId: number | null;
  /** Not before this many ms from now: a 'sending' delivery whose lease has not lapsed (reconcile). */
  delayMs?: number;
}

export async function recordDeliveries(db: Db, items: NewDelivery[]): Promise<QueuedDelivery[]> {
  if (items.length === 0) return [];
  const out: QueuedDelivery[] = [];
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    const rows = await db.insertInto('deliveries')
      .values(chunk.map((d) => ({
        org_id: d.orgId, platform: d.platform, channel_id: d.channelId, kind: d.kind, dedupe_key: d.dedupeKey,
        case_id: d.caseId ?? null, reminder_id: d.reminderId ?? null, subscription_id: d.subscriptionId ?? null,
        case_event_id: d.caseEventId ?? null, chat_message_id: d.chatMessageId ?? null, user_id: d.userId ?? null,
        local_date: d.localDate ?? null, outbound_message_id: d.outboundMessageId ?? null,
      })))
      .onConflict((oc) => oc.columns(['org_id', 'dedupe_key']).doNothing())
      .returning(['id', 'org_id', 'kind', 'chat_message_id']).execute();
    for (const r of rows) out.push({ id: r.id as bigint, orgId: r.org_id, kind: r.kind as DeliveryKind, chatMessageId: r.chat_message_id });
  }
  return out;
}

/** A delivery a job means to send, with the claim count it read. */
export interface ClaimRequest { id: bigint; orgId: number; claim: number }

/**
 * Marks deliveries 'sending' just before their platform call (one statement for the concurrent
 * jobs): from then on the outcome may be unknown, and a retry looks for the message first. It is a
 * claim: a delivery is marked only if its claim count is still the one its job read and no other
 * worker's lease on it runs, so of two jobs holding the same delivery (reconcile's copy after Redis
 * lost the jobs, and the live worker's own) one wins and the other must not call the platform.
 * The winner holds a lease of `leaseMs`, renewed while its call runs (renewLease) and cleared
 * when the call has ended (recordAttempt, recordSent). Returns the claims won, as `org:id` (of two
 * requests for the same delivery in one batch, only the first can win).
 */
export async function claimSending(db: Db, items: ClaimRequest[], leaseMs: number = SENDING_STALE_MS): Promise<Set<string>> {
  const won = new Set<string>();
  if (items.length === 0) return won;
  const asked = [...new Map(items.map((i) => [claimKey(i), i] as const).reverse()).values()];
  const { rows } = await sql<{ id: string; org_id: number }>`
    update deliveries t set status = 'sending', claim = t.claim + 1, sending_at = coalesce(t.sending_at, now()), updated_at = now(),
      lease_until = now() + ${leaseMs}::int * interval '1 millisecond'
    from unnest(${asked.map((i) => String(i.id))}::bigint[], ${asked.map((i) => i.orgId)}::int[], ${asked.map((i) => i.claim)}::int[]) as v(id, org_id, claim)
    where t.id = v.id and t.org_id = v.org_id and t.claim = v.claim and t.status in ('queued', 'sending')
      and (t.lease_until is null or t.lease_until <= now())
    returning t.id::text as id, t.org_id`.execute(db);
  for (const r of rows) won.add(`${r.org_id}:${r.id}`);
  return won;
}

/** Renews the lease of a claim still held (`claim`: the count the claim set) while its call runs. */
export async function renewLease(db: Db, d: ClaimRequest, leaseMs: number = SENDING_STALE_MS): Promise<void> {
  await db.updateTable('deliveries').set({ lease_until: sql`now() + ${leaseMs}::int * interval '1 millisecond'` as never })
    .where('org_id', '=', d.orgId).where('id', '=', d.id as never).where('claim', '=', d.claim).where('status', '=', 'sending').execute();
}

export const claimKey = (i: { id: bigint | string; orgId: number }): string => `${i.orgId}:${String(i.id)}`;

export async function getDelivery(db: Db, id: bigint | string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('deliveries').selectAll().where('id', '=', id as never).executeTakeFirst() as Promise<DeliveryRow | undefined>;
}

export type AttemptOutcome = 'sent' | 'skipped' | 'deferred' | 'rate_limited' | 'transient' | 'permanent';

/** Writes one attempt and moves the delivery on, in one statement. */
export async function recordAttempt(db: Db, d: { id: bigint; orgId: number }, a: {
  outcome: AttemptOutcome; errorCode?: string | null; detail?: string | null;
  /** The delivery's new status (absent: unchanged; 'queued' again when a send surely did not happen). */
  status?: 'queued' | 'sent' | 'failed' | 'dropped'; messageId?: string | null; reason?: string | null;
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
        lease_until = case when ${a.outcome} in ('skipped', 'deferred') then lease_until end,
        updated_at = now()
      where id = ${d.id} and org_id = ${d.orgId}
      returning attempts
    )
    insert into delivery_attempts (org_id, delivery_id, attempt, outcome, error_code, detail)
    select ${d.orgId}, ${d.id}, d.attempts, ${a.outcome}, ${a.errorCode ?? null}, ${a.detail ?? null} from d
    returning attempt as attempts`.execute(db);
  return rows[0]?.attempts ?? 0;
}

/**
 * The platform calls a send can make after its claim: Slack's image upload (three calls) and then
 * the post; Lark's token, upload and post. Each is bounded by the call timeout.
 */
const CALLS_AFTER_CLAIM = 4;

/**
 * A claim's lease: how long the worker that claimed a delivery may be in its calls before anyone
 * else may take it. The calls above and two more for margin (a stalled event loop, the batched
 * claim and the budget's slot wait of at most a second between the claim and the call); the worker
 * renews it every third of it while its call runs, so a longer call (an SMTP conversation) keeps it.
 * Until it lapses no other worker may send the delivery: Slack's history would not show the message
 * yet, so the lookup (findDelivered) would miss it and post it a second time. PostgreSQL's clock
 * judges it, so the workers' clocks do not matter.
 */
export function sendingStaleMs(callTimeoutMs: number = PLATFORM_CALL_TIMEOUT_MS): number {
  return (CALLS_AFTER_CLAIM + 2) * callTimeoutMs;
}
export const SENDING_STALE_MS = sendingStaleMs();

/**
 * An org's deliveries not yet done (for reconcile after Redis lost its jobs): queued, or sending
 * when a worker died or is still in its call. A 'sending' one comes with the wait until its lease
 * lapses (none when its call has ended), so whoever queues it again does so for the moment its
 * call has surely ended; if the lease was renewed meanwhile, the job's claim fails and it waits again.
 */
export async function queuedDeliveries(db: Db, orgId: number, limit = 100_000): Promise<QueuedDelivery[]> {
  const rows = await db.selectFrom('deliveries')
    .select(['id', 'org_id', 'kind', 'chat_message_id',
      sql<number>`case when status = 'sending' and lease_until is not null
        then greatest(0, ceil(extract(epoch from (lease_until - now())) * 1000))::int else 0 end`.as('wait_ms')])
    .where('org_id', '=', orgId).where('status', 'in', ['queued', 'sending']).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id as bigint, orgId: r.org_id, kind: r.kind as DeliveryKind, chatMessageId: r.chat_message_id,
    ...(r.wait_ms > 0 ? { delayMs: r.wait_ms } : {}) }));
}
