// Puts deliveries on the one delivery queue. The deliveries row (PostgreSQL) comes first and is
// the truth; the BullMQ job only says "send delivery N now". Its id is derived from the row, so
// re-adding after a Redis flush (reconcile) cannot double a job that still exists.
import type { Queue } from 'bullmq';
import type { Db } from '../../src/store/connection.js';
import { jobId } from '../queues.js';
import { recordDeliveries, type DeliveryKind, type NewDelivery, type QueuedDelivery } from './delivery-log.js';

export interface DeliveryJob {
  deliveryId: string;
  orgId: number;
  kind: DeliveryKind;
  /** For updates: the chat message, so updates of one message coalesce. */
  chatMessageId?: number;
  /** Epoch ms when first queued (delivery latency). */
  queuedAt: number;
}

/** Transient failures: 8 tries over about 8 minutes (2 s × 2^n), then failed for good. */
export const DELIVERY_ATTEMPTS = 8;
/** Jobs per addBulk (see add below). */
const ADD_BULK = 100;

export interface DeliveryQueue {
  /** Records the deliveries that are new and queues them; returns how many were new. */
  enqueue(items: NewDelivery[]): Promise<number>;
  /** Queues (again) deliveries already recorded as queued or sending (each after its `delayMs`, if any). */
  requeue(rows: QueuedDelivery[]): Promise<void>;
}

export function createDeliveryQueue(db: Db, queue: Queue<DeliveryJob>, clock: () => Date = () => new Date()): DeliveryQueue {
  const add = async (rows: QueuedDelivery[]) => {
    const queuedAt = clock().getTime();
    const jobs = rows.map((r) => {
      const data: DeliveryJob = { deliveryId: String(r.id), orgId: r.orgId, kind: r.kind, queuedAt };
      const opts = { attempts: DELIVERY_ATTEMPTS, backoff: { type: 'exponential', delay: 2000 }, ...(r.delayMs ? { delay: r.delayMs } : {}) };
      if (r.kind === 'update' && r.chatMessageId !== null) {
        // Updates of one message coalesce: at most one waiting and one running per message,
        // and the one that runs renders the case as it is then (the latest rendering wins).
        const chatMessageId = r.chatMessageId;
        data.chatMessageId = chatMessageId;
        return { name: 'update', data, opts: { ...opts, deduplication: { id: `update-${r.orgId}-${chatMessageId}`, keepLastIfActive: true } } };
      }
      return { name: r.kind, data, opts: { ...opts, jobId: jobId('delivery', String(r.id)) } };
    });
    // addBulk is one MULTI: Redis runs nothing else until it ends, and the budgets' reservations and
    // the workers' completions on the same connection wait behind it. Small ones let sends go on
    // while a backlog is queued.
    for (let i = 0; i < jobs.length; i += ADD_BULK) await queue.addBulk(jobs.slice(i, i + ADD_BULK));
  };
  return {
    async enqueue(items) {
      // Chunk by chunk, so the first deliveries are on their way while the rest are recorded.
      let n = 0;
      for (let i = 0; i < items.length; i += 500) {
        const created = await recordDeliveries(db, items.slice(i, i + 500));
        await add(created);
        n += created.length;
      }
      return n;
    },
    async requeue(rows) {
      await add(rows);
    },
  };
}
