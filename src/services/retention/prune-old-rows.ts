// Retention (issue 9, 11): the operational tables grow with every post, click and event; rows
// older than the retention age are deleted, org by org, in small batches (short locks, no
// long transaction). Collection records and the audit log are evidence and never pruned
// (DOMAIN "Compliance": nothing is deleted); queued deliveries and unprocessed events are work
// still to do and are kept whatever their age.
import { sql } from 'kysely';
import type { Db } from '../../store/connection.js';

/** Default age after which operational rows are pruned (issue 9: 180 days). */
export const DEFAULT_RETENTION_DAYS = 180;

export interface PruneOptions {
  now: Date;
  /** Rows older than this many days go. */
  olderThanDays?: number;
  /** Rows deleted per statement. */
  batch?: number;
}

export interface PruneResult { deliveries: number; deliveryAttempts: number; actionReceipts: number; caseEvents: number }

export async function pruneOldRows(db: Db, orgId: number, opts: PruneOptions): Promise<PruneResult> {
  const days = opts.olderThanDays ?? DEFAULT_RETENTION_DAYS;
  const cutoff = new Date(opts.now.getTime() - days * 86_400_000);
  const batch = opts.batch ?? 5000;
  const result: PruneResult = { deliveries: 0, deliveryAttempts: 0, actionReceipts: 0, caseEvents: 0 };

  const drain = async (step: () => Promise<number>) => {
    let total = 0;
    for (;;) {
      const n = await step();
      total += n;
      if (n < batch) return total;
    }
  };
  const count = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);

  // Attempts first (they reference their delivery), then the deliveries that are done with.
  const oldDeliveries = sql`select d.id from deliveries d
    where d.org_id = ${orgId} and d.created_at < ${cutoff} and d.status not in ('queued', 'sending')`;
  result.deliveryAttempts = await drain(async () => count(await sql`
    delete from delivery_attempts where ctid = any(array(
      select a.ctid from delivery_attempts a
      where a.org_id = ${orgId} and a.delivery_id in (${oldDeliveries}) limit ${batch}))`.execute(db)));
  result.deliveries = await drain(async () => count(await sql`
    delete from deliveries where org_id = ${orgId} and id in (${oldDeliveries} limit ${batch})`.execute(db)));
  result.actionReceipts = await drain(async () => count(await sql`
    delete from action_receipts where org_id = ${orgId} and key in (
      select key from action_receipts where org_id = ${orgId} and created_at < ${cutoff} limit ${batch})`.execute(db)));
  result.caseEvents = await drain(async () => count(await sql`
    delete from case_events where org_id = ${orgId} and id in (
      select id from case_events where org_id = ${orgId} and processed_at is not null and created_at < ${cutoff} limit ${batch})`.execute(db)));
  return result;
}
