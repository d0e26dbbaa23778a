// Receipts for things that must happen once per key in an org (a platform event delivered twice).
import type { Db } from '../store/connection.js';

/** Records `key` for the org; true the first time, false when it was already there (from any process). */
export async function firstReceipt(db: Db, orgId: number, key: string, result: unknown): Promise<boolean> {
  const inserted = await db.insertInto('action_receipts')
    .values({ org_id: orgId, key, result: JSON.stringify(result) })
    .onConflict((oc) => oc.columns(['org_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}
