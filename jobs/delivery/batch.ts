// Group commit for the delivery hot path: the jobs running at the same moment share one query
// for what they read (a delivery row, a reminder) and one statement for what they write (the
// attempt), instead of one round trip each. Each caller still awaits its own result, so a job is
// not completed before its delivery is recorded: the same guarantees, a tenth of the queries.
// Sends are paced by the rate budgets (one every few milliseconds), so the jobs of one tick are
// few: a batch may wait `windowMs` for more (each round trip is a wake-up of a PostgreSQL backend,
// and on a busy machine the round trips, not the rows, are what costs).
import { sql } from 'kysely';
import type { Db } from '../../src/store/connection.js';

/**
 * How long the hot path's batches wait for company: the sending mark is written while
 * the job waits for its slot, so its window is mostly free; a read or a record adds its window to
 * one message's latency, never to the rate (the budgets set that).
 */
export const BATCH_WINDOW_MS = { load: 2, sending: 10, sent: 5 };

interface Pending<K, V> { key: K; resolve(v: V | undefined): void; reject(e: unknown): void }

/** Calls `flush` on the next tick (windowMs 0) or after `windowMs`, once per batch. */
function scheduler(flush: () => void, windowMs: number) {
  return () => {
    if (windowMs > 0) setTimeout(flush, windowMs);
    else setImmediate(flush);
  };
}

/** `load(keys)` once per tick (or per `windowMs`) for every key asked in it (at most `maxBatch` at a time). */
export function batchLoader<K, V>(load: (keys: K[]) => Promise<Map<string, V>>, keyOf: (k: K) => string, maxBatch = 200, windowMs = 0): (key: K) => Promise<V | undefined> {
  const queue: Pending<K, V>[] = [];
  const flush = async () => {
    const batch = queue.splice(0, maxBatch);
    if (batch.length === 0) return;
    if (queue.length) setImmediate(() => void flush());
    try {
      const found = await load(batch.map((p) => p.key));
      for (const p of batch) p.resolve(found.get(keyOf(p.key)));
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  };
  const schedule = scheduler(() => void flush(), windowMs);
  return (key) => new Promise<V | undefined>((resolve, reject) => {
    queue.push({ key, resolve, reject });
    if (queue.length === 1) schedule();
  });
}

/**
 * `write(items)` once per tick (or per `windowMs`) for every item given in it. A batch that fails
 * is written again item by item, so one bad item fails its own caller only: the others' sends are
 * recorded, never retried (and so never sent twice).
 */
export function batchWriter<T>(write: (items: T[]) => Promise<void>, maxBatch = 200, windowMs = 0): (item: T) => Promise<void> {
  const queue: { item: T; resolve(): void; reject(e: unknown): void }[] = [];
  const flush = async () => {
    const batch = queue.splice(0, maxBatch);
    if (batch.length === 0) return;
    if (queue.length) setImmediate(() => void flush());
    try {
      await write(batch.map((b) => b.item));
      for (const b of batch) b.resolve();
    } catch (e) {
      if (batch.length === 1) { batch[0]!.reject(e); return; }
      await Promise.all(batch.map((b) => write([b.item]).then(() => b.resolve(), (err: unknown) => b.reject(err))));
    }
  };
  const schedule = scheduler(() => void flush(), windowMs);
  return (item) => new Promise<void>((resolve, reject) => {
    queue.push({ item, resolve, reject });
    if (queue.length === 1) schedule();
  });
}

export interface SentRecord {
  id: bigint;
  orgId: number;
  messageId: string;
  /** The reminder this delivery carried: marked sent in the same statement. */
  reminderId?: number | null;
  /** The posted message, recorded in chat_messages so later updates and thread replies find it. */
  chat?: {
    platform: string; channelId: string; messageId: string; threadId: string | null; kind: string;
    caseId: number | null; invoiceId: number | null; escalationId: number | null; updatableUntil: Date | null;
  };
}

/**
 * Records many successful sends in one statement (so each is atomic without a transaction):
 * the deliveries, their attempts, their reminders and their chat messages.
 */
export async function recordSent(db: Db, items: SentRecord[], now: Date): Promise<void> {
  if (items.length === 0) return;
  const rem = items.filter((i) => i.reminderId);
  const chats = items.filter((i) => i.chat);
  const col = <T>(f: (c: NonNullable<SentRecord['chat']>, i: SentRecord) => T) => chats.map((i) => f(i.chat!, i));
  await sql`
    with v as (
      select * from unnest(${items.map((i) => String(i.id))}::bigint[], ${items.map((i) => i.orgId)}::int[], ${items.map((i) => i.messageId)}::text[])
        as v(id, org_id, message_id)
    ),
    d as (
      update deliveries t set attempts = t.attempts + 1, status = 'sent', message_id = v.message_id, lease_until = null, updated_at = now()
      from v where t.id = v.id and t.org_id = v.org_id
      returning t.id, t.org_id, t.attempts
    ),
    r as (
      update reminders x set status = 'sent', sent_at = ${now}
      from unnest(${rem.map((i) => i.orgId)}::int[], ${rem.map((i) => i.reminderId!)}::int[]) as u(org_id, id)
      where x.org_id = u.org_id and x.id = u.id and x.status = 'pending'
    ),
    m as (
      insert into chat_messages (org_id, platform, channel_id, message_id, thread_id, kind, case_id, invoice_id, escalation_id, updatable_until)
      select * from unnest(${col((_c, i) => i.orgId)}::int[], ${col((c) => c.platform)}::text[], ${col((c) => c.channelId)}::text[],
        ${col((c) => c.messageId)}::text[], ${col((c) => c.threadId)}::text[], ${col((c) => c.kind)}::text[], ${col((c) => c.caseId)}::int[],
        ${col((c) => c.invoiceId)}::int[], ${col((c) => c.escalationId)}::int[], ${col((c) => c.updatableUntil?.toISOString() ?? null)}::timestamptz[])
      on conflict (platform, channel_id, message_id) do nothing
    )
    insert into delivery_attempts (org_id, delivery_id, attempt, outcome)
    select org_id, id, attempts, 'sent' from d`.execute(db);
}
