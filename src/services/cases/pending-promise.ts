// The case's promise to pay still pending (the latest made), for the alert's state
// (src/domain/alert-state.ts): an alert shows "promised" until the promise is kept or broken.
import type { IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';

export async function pendingPromise(db: Db, orgId: number, caseId: number): Promise<{ amountMinor: bigint; currency: string; promisedOn: IsoDate } | null> {
  const p = await db.selectFrom('promises').select(['amount_minor', 'currency', 'promised_on'])
    .where('org_id', '=', orgId).where('case_id', '=', caseId).where('status', '=', 'pending')
    .orderBy('id', 'desc').limit(1).executeTakeFirst();
  return p ? { amountMinor: p.amount_minor, currency: p.currency.trim(), promisedOn: p.promised_on } : null;
}
