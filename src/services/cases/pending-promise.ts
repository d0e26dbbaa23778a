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

/** The pending promise of each of many cases (the latest made), by case id: one query. */
export async function pendingPromises(db: Db, orgId: number, caseIds: readonly number[]): Promise<Map<number, { amountMinor: bigint; currency: string; promisedOn: IsoDate }>> {
  const out = new Map<number, { amountMinor: bigint; currency: string; promisedOn: IsoDate }>();
  if (caseIds.length === 0) return out;
  const rows = await db.selectFrom('promises').select(['case_id', 'amount_minor', 'currency', 'promised_on'])
    .distinctOn('case_id')
    .where('org_id', '=', orgId).where('case_id', 'in', [...caseIds]).where('status', '=', 'pending')
    .orderBy('case_id').orderBy('id', 'desc').execute();
  for (const p of rows) out.set(p.case_id, { amountMinor: p.amount_minor, currency: p.currency.trim(), promisedOn: p.promised_on });
  return out;
}
