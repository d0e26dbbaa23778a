// The case a button names, re-read: the payload only names things, and may be months old.
import type { Db } from '../../store/connection.js';

export interface CardCase { id: number; version: number; status: string; code: string; name: string }

/** The case with this id in this org (its customer's code and name), or undefined. */
export async function cardCase(db: Db, orgId: number, caseId: number): Promise<CardCase | undefined> {
  return db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
    .select(['cases.id', 'cases.version', 'cases.status', 'customers.code', 'customers.name'])
    .where('cases.org_id', '=', orgId).where('cases.id', '=', caseId).executeTakeFirst();
}
