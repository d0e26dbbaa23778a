// The jobs' side of the case_events outbox: services (and the scans) record what happened; this
// turns it into deliveries. Each handler is idempotent (every delivery has a dedupe key), so an
// event handled twice by two workers still posts once; only the types below are taken, the chat
// layer's publishCaseUpdates takes the others.
import { sql } from 'kysely';
import type { Db } from '../src/store/connection.js';
import type { DeliveryQueue } from './delivery/delivery-queue.js';
import type { NewDelivery } from './delivery/delivery-log.js';
import type { PlatformName } from '../src/chat/port.js';

export const JOB_EVENT_TYPES = ['alert.raised', 'import.completed', 'case.closed', 'case.released', 'promise.broken', 'subscription.changed', 'case.level_lowered'] as const;

export interface OutboxDeps {
  db: Db;
  delivery: DeliveryQueue;
  /** Runs the aging scan of an org (after an import). */
  scan(orgId: number): Promise<unknown>;
  /** Rebuilds the schedulers (after a subscription changed). */
  reconcile(): Promise<unknown>;
}

interface EventRow { id: bigint; org_id: number; case_id: number | null; type: string; payload: Record<string, unknown> }

/**
 * Takes up to `limit` unprocessed events of our types, oldest first, and handles them. Each event
 * is claimed (UPDATE … WHERE processed_at IS NULL … SKIP LOCKED RETURNING) before it is handled,
 * so whichever process takes it — this one, another worker, the chat layer's publisher — is the
 * only one; an event whose handling fails is put back for the next pass. Returns how many.
 */
export async function processOutbox(deps: OutboxDeps, limit = 200): Promise<number> {
  const { rows: events } = await sql<EventRow>`
    update case_events set processed_at = now()
    where id in (select id from case_events where processed_at is null and type = any(${[...JOB_EVENT_TYPES]}::text[])
      order by id limit ${limit} for update skip locked)
    returning id, org_id, case_id, type, payload`.execute(deps.db);
  events.sort((a, b) => (a.id < b.id ? -1 : 1));
  let reconcile = false;
  for (const ev of events) {
    try {
      switch (ev.type) {
        case 'alert.raised': await routeAlert(deps, ev); break;
        case 'import.completed': await deps.scan(ev.org_id); break;
        case 'case.closed':
          if ((ev.payload.reason ?? 'paid') === 'paid') await updateCaseMessages(deps, ev, true);
          break;
        case 'case.released':
        case 'case.level_lowered':
        case 'promise.broken': await updateCaseMessages(deps, ev, ev.type !== 'promise.broken'); break;
        case 'subscription.changed': reconcile = true; break;
      }
    } catch (e) {
      await deps.db.updateTable('case_events').set({ processed_at: null })
        .where('org_id', '=', ev.org_id).where('id', '=', ev.id as never).execute();
      throw e;
    }
  }
  if (reconcile) await deps.reconcile();
  return events.length;
}

/** An alert goes to every 'alerts' channel whose region/product filter matches one of its invoices. */
async function routeAlert(deps: OutboxDeps, ev: EventRow): Promise<void> {
  const invoiceIds = (ev.payload.invoiceIds as number[] | undefined) ?? [];
  if (invoiceIds.length === 0) return;
  const subs = await sql<{ id: number; platform: PlatformName; channel_id: string }>`
    select s.id, s.platform, s.channel_id from channel_subscriptions s
    where s.org_id = ${ev.org_id} and s.kind = 'alerts'
      and exists (select 1 from invoices i join customers c on c.id = i.customer_id
        where i.org_id = ${ev.org_id} and i.id = any(${invoiceIds}::int[])
          and (s.region is null or lower(coalesce(i.region, c.region, '')) = lower(s.region))
          and (s.product is null or lower(coalesce(i.product_line, '')) = lower(s.product)))
    order by s.id`.execute(deps.db);
  const items: NewDelivery[] = subs.rows.map((s) => ({
    orgId: ev.org_id, platform: s.platform, channelId: s.channel_id, kind: 'alert', caseId: ev.case_id,
    dedupeKey: `alert:${ev.id}:${s.id}`,
  }));
  await deps.delivery.enqueue(items);
}

/** The alert messages of a case are re-rendered in place, and a note goes in their threads. */
async function updateCaseMessages(deps: OutboxDeps, ev: EventRow, update: boolean): Promise<void> {
  if (ev.case_id === null) return;
  const kase = await deps.db.selectFrom('cases').select('version').where('org_id', '=', ev.org_id).where('id', '=', ev.case_id).executeTakeFirst();
  const messages = await deps.db.selectFrom('chat_messages').select(['id', 'platform', 'channel_id'])
    .where('org_id', '=', ev.org_id).where('case_id', '=', ev.case_id).where('kind', '=', 'alert')
    .where('superseded_by', 'is', null).orderBy('id').execute();
  const items: NewDelivery[] = [];
  for (const m of messages) {
    const base = { orgId: ev.org_id, platform: m.platform as PlatformName, channelId: m.channel_id, caseId: ev.case_id };
    if (update) items.push({ ...base, kind: 'update', dedupeKey: `update:${m.id}:${kase?.version ?? 0}` });
    items.push({ ...base, kind: 'thread', dedupeKey: `thread:${ev.id}:${m.id}` });
  }
  await deps.delivery.enqueue(items);
}
