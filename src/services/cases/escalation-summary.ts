// An escalation as views show it: legal escalation requests and write-off proposals (maker-checker).
import { sql } from 'kysely';
import { DuebotError } from '../../errors.js';
import { dateIn, type IsoDate } from '../../domain/calendar.js';
import type { Missing } from '../../domain/escalation-rule.js';
import type { Db } from '../../store/connection.js';

export type { EscalationKind } from '../../domain/escalation-rule.js';
import type { EscalationKind } from '../../domain/escalation-rule.js';
export type EscalationStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

export interface EscalationSummary {
  id: number;
  kind: EscalationKind;
  status: EscalationStatus;
  caseId: number;
  customer: { id: number; code: string; name: string };
  /** The invoice a write-off is for. */
  invoice: { id: number; number: string } | null;
  /** The collection agency a hand-off names. */
  agency: { id: number; name: string } | null;
  requestedBy: { id: number; name: string };
  reason: string;
  /** A manager's written reason for escalating without the full evidence chain. */
  overrideReason: string | null;
  missing: Missing[];
  /** Overdue balance (legal) or invoice balance (write-off) when requested. */
  balanceMinor: bigint;
  currency: string;
  caseVersion: number;
  decidedBy: { id: number; name: string } | null;
  decisionNote: string | null;
  /** ISO instants. */
  createdAt: string;
  /** The day it was asked for, in the org's time zone (a request at 01:00 in Shanghai is that day, not yesterday's UTC date). */
  requestedOn: IsoDate;
  decidedAt: string | null;
}

/** Escalations of the org with everything a card needs, in one query. */
export function escalationQuery(db: Db, orgId: number) {
  return db.selectFrom('escalations as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .innerJoin('orgs as o', 'o.id', 'e.org_id')
    .innerJoin('users as rq', 'rq.id', 'e.requested_by')
    .leftJoin('users as dc', 'dc.id', 'e.decided_by')
    .leftJoin('invoices as i', 'i.id', 'e.invoice_id')
    .leftJoin('agencies as ag', (j) => j.onRef('ag.id', '=', 'e.agency_id').onRef('ag.org_id', '=', 'e.org_id'))
    .select(['e.id', 'e.kind', 'e.status', 'e.case_id', 'e.reason', 'e.override_reason', 'e.missing', 'e.balance_minor',
      'e.case_version', 'e.decision_note', 'e.created_at', 'o.timezone', 'e.decided_at', 'e.requested_by', 'e.invoice_id',
      'cu.id as customer_id', 'cu.code as customer_code', 'cu.name as customer_name',
      'rq.name as requested_by_name', 'dc.id as decided_by_id', 'dc.name as decided_by_name', 'i.number as invoice_number', 'ag.id as agency_id', 'ag.name as agency_name',
      sql<string>`coalesce(i.currency, o.currency)`.as('currency')])
    .where('e.org_id', '=', orgId);
}

type EscalationRow = Awaited<ReturnType<ReturnType<typeof escalationQuery>['executeTakeFirstOrThrow']>>;

export function toEscalationSummary(r: EscalationRow): EscalationSummary {
  return {
    id: r.id, kind: r.kind, status: r.status, caseId: r.case_id,
    customer: { id: r.customer_id, code: r.customer_code, name: r.customer_name },
    invoice: r.invoice_id !== null && r.invoice_number !== null ? { id: r.invoice_id, number: r.invoice_number } : null,
    agency: r.agency_id !== null && r.agency_name !== null ? { id: r.agency_id, name: r.agency_name } : null,
    requestedBy: { id: r.requested_by, name: r.requested_by_name },
    reason: r.reason, overrideReason: r.override_reason, missing: r.missing as unknown as Missing[],
    balanceMinor: r.balance_minor, currency: r.currency.trim(), caseVersion: r.case_version,
    decidedBy: r.decided_by_id !== null && r.decided_by_name !== null ? { id: r.decided_by_id, name: r.decided_by_name } : null,
    decisionNote: r.decision_note,
    createdAt: r.created_at.toISOString(), requestedOn: dateIn(r.timezone, r.created_at), decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
  };
}

export async function loadEscalation(db: Db, orgId: number, id: number): Promise<EscalationSummary> {
  const row = await escalationQuery(db, orgId).where('e.id', '=', id).executeTakeFirst();
  if (!row) throw new DuebotError('not_found', `no escalation ${id}`, { kind: 'escalation' });
  return toEscalationSummary(row);
}
