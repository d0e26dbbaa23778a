// What a case event's thread line shows beyond its payload: the customer, the org's currency, and
// the text the event points at (the record's body, the new owner's name, the escalation's reason),
// read in the org of the event only.
import type { Db } from '../../store/connection.js';

export interface CaseEventRef { org_id: number; case_id: number | null; type: string; payload: Record<string, unknown> }

export interface CaseEventDetail {
  customer: { code: string; name: string };
  currency: string;
  /** The event's payload with what it points at filled in (body, owner, reason). */
  payload: Record<string, unknown>;
}

export async function caseEventDetail(db: Db, e: CaseEventRef): Promise<CaseEventDetail> {
  const orgId = e.org_id;
  const org = await db.selectFrom('orgs').select(['currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const customer = await db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
    .select(['customers.code', 'customers.name']).where('cases.id', '=', e.case_id!).where('cases.org_id', '=', orgId).executeTakeFirstOrThrow();
  const payload = { ...e.payload };
  if (e.type === 'record.logged' && payload.recordId) {
    const r = await db.selectFrom('collection_records').select(['body']).where('org_id', '=', orgId).where('id', '=', Number(payload.recordId)).executeTakeFirst();
    payload.body = r?.body ?? '';
  }
  if (e.type === 'case.assigned' && payload.ownerUserId) {
    const u = await db.selectFrom('users').select(['name']).where('org_id', '=', orgId).where('id', '=', Number(payload.ownerUserId)).executeTakeFirst();
    payload.owner = { name: u?.name ?? '' };
  }
  if (e.type === 'escalation.requested' && payload.escalationId) {
    const x = await db.selectFrom('escalations').select(['reason']).where('org_id', '=', orgId).where('id', '=', Number(payload.escalationId)).executeTakeFirst();
    payload.reason = x?.reason ?? '';
  }
  return { customer: { code: customer.code, name: customer.name }, currency: org.currency.trim(), payload };
}
