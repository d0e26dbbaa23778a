// What the evidence file for a court or a lawyer holds (001: 合同、交易憑證、對賬單…齊全; 至少三次以上
// 書面催收記錄及客戶反饋證據): the customer, every invoice and payment, every collection record of the
// customer in chain order with its hash and the link to the record before it, the approvals, the
// legal moves, and the org's chain head at export (a court checks the file against it).
import { DuebotError } from '../../errors.js';
import { dateIn, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { findCustomer } from '../cases/find-customer.js';
import { LEGAL_DECIDERS, requireRole } from '../cases/permissions.js';

export interface EvidenceData {
  org: { slug: string; name: string; timezone: string; currency: string };
  exportedOn: IsoDate;
  exportedAt: string;
  exportedBy: { id: number; name: string; email: string } | null;
  customer: {
    id: number; code: string; name: string; creditGrade: string; creditLimitMinor: bigint; paymentTermsDays: number;
    industry: string | null; region: string | null; owner: string | null;
  };
  invoices: { id: number; number: string; currency: string; amountMinor: bigint; paidMinor: bigint; issuedOn: IsoDate; dueOn: IsoDate;
    status: string; productLine: string | null }[];
  payments: { invoice: string; amountMinor: bigint; currency: string; paidOn: IsoDate; reference: string | null }[];
  records: { seq: bigint; recordedAt: string; recordedOn: IsoDate; method: string; outcome: string | null; body: string;
    author: string | null; hash: string; prevHash: string;
    /** A send the recipient's server refused (issue 11): it counts for neither the evidence rule nor the limitation clock. */
    undelivered: { at: string; reason: string } | null }[];
  escalations: { kind: string; status: string; reason: string; overrideReason: string | null; requestedBy: string;
    requestedAt: string; decidedBy: string | null; decidedAt: string | null; decisionNote: string | null; balanceMinor: bigint }[];
  legalMoves: { stage: string; movedOn: IsoDate; result: string | null; recoveredMinor: bigint | null; by: string | null; recordSeq: bigint }[];
  /** The org's chain head when the file was made: every record of every customer up to it is chained. */
  chainHead: { seq: bigint; hash: string } | null;
}

/** Who may export the evidence file: legal, managers, admins (the deciders of legal escalation). */
export const EVIDENCE_READERS = LEGAL_DECIDERS;

export async function evidenceData(db: Db, actor: Actor, customerRef: string, now: Date = new Date()): Promise<EvidenceData> {
  requireRole(actor, EVIDENCE_READERS, 'evidence');
  const orgId = actor.orgId;
  return loadEvidence(db, orgId, customerRef, now, actor.userId);
}

/** The CLI's way in (an operator on the server, not a chat user): no role, the org named by slug. */
export async function loadEvidence(db: Db, orgId: number, customerRef: string, now: Date = new Date(), byUserId: number | null = null):
  Promise<EvidenceData> {
  // One snapshot: the records, the head and the rest are read in one repeatable-read transaction.
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const org = await trx.selectFrom('orgs').select(['slug', 'name', 'timezone', 'currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
    const found = await findCustomer(trx, orgId, customerRef);
    const c = await trx.selectFrom('customers as c').leftJoin('users as u', 'u.id', 'c.owner_user_id')
      .select(['c.id', 'c.code', 'c.name', 'c.credit_grade', 'c.credit_limit_minor', 'c.payment_terms_days', 'c.industry', 'c.region',
        'u.name as owner'])
      .where('c.org_id', '=', orgId).where('c.id', '=', found.id).executeTakeFirstOrThrow();
    const invoices = await trx.selectFrom('invoices').select(['id', 'number', 'currency', 'amount_minor', 'paid_minor', 'issued_on', 'due_on',
      'status', 'product_line']).where('org_id', '=', orgId).where('customer_id', '=', c.id).orderBy('due_on').orderBy('number').execute();
    const payments = await trx.selectFrom('payments as p').innerJoin('invoices as i', 'i.id', 'p.invoice_id')
      .select(['i.number', 'i.currency', 'p.amount_minor', 'p.paid_on', 'p.reference'])
      .where('p.org_id', '=', orgId).where('i.customer_id', '=', c.id).orderBy('p.paid_on').orderBy('p.id').execute();
    const records = await trx.selectFrom('collection_records as r').leftJoin('users as u', 'u.id', 'r.author_user_id')
      .select(['r.id', 'r.seq', 'r.recorded_at', 'r.method', 'r.outcome', 'r.body', 'r.hash', 'r.prev_hash', 'u.name as author'])
      .where('r.org_id', '=', orgId).where('r.customer_id', '=', c.id).orderBy('r.seq').execute();
    // Delivery statuses are appended beside the chained record (the record itself never changes). Read
    // oldest first, so the first refusal is the one that marks it.
    const undelivered = new Map<number, { at: string; reason: string }>();
    for (const u of await trx.selectFrom('record_delivery_statuses as s').innerJoin('collection_records as r', 'r.id', 's.record_id')
      .select(['s.record_id', 's.reason', 's.created_at']).where('s.org_id', '=', orgId).where('r.org_id', '=', orgId)
      .where('r.customer_id', '=', c.id).where('s.status', '=', 'undelivered').orderBy('s.id').execute()) {
      if (!undelivered.has(u.record_id)) undelivered.set(u.record_id, { at: u.created_at.toISOString(), reason: u.reason });
    }
    const escalations = await trx.selectFrom('escalations as e').innerJoin('cases as k', 'k.id', 'e.case_id')
      .innerJoin('users as rq', 'rq.id', 'e.requested_by').leftJoin('users as dc', 'dc.id', 'e.decided_by')
      .select(['e.kind', 'e.status', 'e.reason', 'e.override_reason', 'e.created_at', 'e.decided_at', 'e.decision_note', 'e.balance_minor',
        'rq.name as requested_by', 'dc.name as decided_by'])
      .where('e.org_id', '=', orgId).where('k.customer_id', '=', c.id).orderBy('e.id').execute();
    const moves = await trx.selectFrom('legal_moves as m').innerJoin('collection_records as r', 'r.id', 'm.record_id')
      .leftJoin('users as u', 'u.id', 'm.moved_by')
      .select(['m.stage', 'm.moved_on', 'm.result', 'm.recovered_minor', 'u.name as by', 'r.seq'])
      .where('m.org_id', '=', orgId).where('m.customer_id', '=', c.id).orderBy('m.id').execute();
    const head = await trx.selectFrom('record_chain_heads').select(['seq', 'hash']).where('org_id', '=', orgId).executeTakeFirst();
    const by = byUserId === null ? undefined
      : await trx.selectFrom('users').select(['id', 'name', 'email']).where('org_id', '=', orgId).where('id', '=', byUserId).executeTakeFirst();
    if (byUserId !== null && !by) throw new DuebotError('not_found', 'the exporting user is not in this org');
    return {
      org: { slug: org.slug, name: org.name, timezone: org.timezone, currency: org.currency.trim() },
      exportedOn: dateIn(org.timezone, now), exportedAt: now.toISOString(),
      exportedBy: by ? { id: by.id, name: by.name, email: by.email } : null,
      customer: { id: c.id, code: c.code, name: c.name, creditGrade: c.credit_grade, creditLimitMinor: c.credit_limit_minor,
        paymentTermsDays: c.payment_terms_days, industry: c.industry, region: c.region, owner: c.owner },
      invoices: invoices.map((i) => ({ id: i.id, number: i.number, currency: i.currency.trim(), amountMinor: i.amount_minor, paidMinor: i.paid_minor,
        issuedOn: i.issued_on, dueOn: i.due_on, status: i.status, productLine: i.product_line })),
      payments: payments.map((p) => ({ invoice: p.number, amountMinor: p.amount_minor, currency: p.currency.trim(), paidOn: p.paid_on,
        reference: p.reference })),
      records: records.map((r) => ({ seq: r.seq, recordedAt: r.recorded_at.toISOString(), recordedOn: dateIn(org.timezone, r.recorded_at),
        method: r.method, outcome: r.outcome, body: r.body, author: r.author, hash: r.hash, prevHash: r.prev_hash,
        undelivered: undelivered.get(r.id) ?? null })),
      escalations: escalations.map((e) => ({ kind: e.kind, status: e.status, reason: e.reason, overrideReason: e.override_reason,
        requestedBy: e.requested_by, requestedAt: e.created_at.toISOString(), decidedBy: e.decided_by,
        decidedAt: e.decided_at ? new Date(e.decided_at).toISOString() : null, decisionNote: e.decision_note, balanceMinor: e.balance_minor })),
      legalMoves: moves.map((m) => ({ stage: m.stage, movedOn: m.moved_on, result: m.result, recoveredMinor: m.recovered_minor, by: m.by,
        recordSeq: m.seq })),
      chainHead: head ? { seq: head.seq, hash: head.hash } : null,
    };
  });
}
