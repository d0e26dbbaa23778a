// `/ar escalate <customer> [agency <name>] <reason>`: ask to hand a case to legal, or to a collection agency. Only with a complete evidence chain
// (001: 需提供至少三次以上书面催收记录及客户反馈证据), unless a manager overrides with a written reason.
import { z } from 'zod';
import { DuebotError } from '../../errors.js';
import { missingEvidence, type EscalationKind } from '../../domain/escalation-rule.js';
import { findAgency } from '../legal/agencies.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, toJson, type CommandContext, type CommandOptions } from './case-command.js';
import { loadEscalation, type EscalationSummary } from './escalation-summary.js';
import { bodyText } from './log-record.js';
import { openCaseFor, summarize, updateCase, type CaseSummary, type OpenCase } from './open-case.js';
import { EVIDENCE_OVERRIDERS, hasRole, requireCaseWork } from './permissions.js';

export interface EscalationRequestResult {
  /** already_pending: one pending request per case and kind; the existing one is returned. */
  status: 'requested' | 'already_pending' | 'already_legal';
  escalation?: EscalationSummary;
  case: CaseSummary;
}

const RequestInput = z.object({
  customer: z.string(),
  reason: bodyText,
  /** A manager's written reason to escalate although evidence is missing. */
  overrideReason: bodyText.optional(),
  /** Hand the case to this collection agency (an org setting) instead of legal. */
  agency: z.string().trim().min(1).max(100).optional(),
});
export type RequestEscalationInput = z.input<typeof RequestInput>;

/** The pending escalation of a case and kind (and invoice, for write-offs), if any. */
export async function pendingEscalationId(db: Db, orgId: number, caseId: number, kind: EscalationKind,
  invoiceId: number | null): Promise<number | undefined> {
  let q = db.selectFrom('escalations').select('id').where('org_id', '=', orgId).where('case_id', '=', caseId)
    .where('kind', '=', kind).where('status', '=', 'pending');
  q = invoiceId === null ? q.where('invoice_id', 'is', null) : q.where('invoice_id', '=', invoiceId);
  return (await q.executeTakeFirst())?.id;
}

/**
 * Inserts a pending escalation; the unique index keeps one pending per case, kind and invoice, so a
 * concurrent duplicate inserts nothing and gets the existing one.
 */
export async function insertEscalation(ctx: CommandContext, oc: OpenCase, values: {
  kind: EscalationKind; invoiceId: number | null; reason: string; overrideReason: string | null;
  missing: unknown[]; balanceMinor: bigint; agencyId?: number | null;
}): Promise<{ id: number; created: boolean }> {
  const inserted = await ctx.trx.insertInto('escalations').values({
    org_id: ctx.actor.orgId, case_id: oc.row.id, kind: values.kind, invoice_id: values.invoiceId,
    requested_by: ctx.actor.userId, reason: values.reason, override_reason: values.overrideReason,
    missing: toJson(values.missing), case_version: oc.row.version, balance_minor: values.balanceMinor,
    agency_id: values.agencyId ?? null, created_at: ctx.now,
  }).onConflict((oc2) => oc2.doNothing()).returning('id').executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await pendingEscalationId(ctx.trx, ctx.actor.orgId, oc.row.id, values.kind, values.invoiceId);
  if (existing === undefined) throw new DuebotError('conflict', 'the escalation changed meanwhile: try again');
  return { id: existing, created: false };
}

export async function requestEscalation(db: Db, actor: Actor, input: RequestEscalationInput,
  opts: CommandOptions = {}): Promise<EscalationRequestResult> {
  const args = parseInput(RequestInput, input);
  return runCommand(db, actor, 'escalation.request', opts, async (ctx) => {
    const oc = await openCaseFor(ctx, args.customer);
    requireCaseWork(actor, oc.row, 'escalate');
    if (oc.row.status === 'legal') return { status: 'already_legal' as const, case: await summarize(ctx.trx, oc, oc.row) };
    // An agency hand-off names an agency of the org; a case an agency holds is not handed again.
    const agency = args.agency === undefined ? null : await findAgency(ctx.trx, actor.orgId, args.agency);
    const kind = agency ? 'agency' as const : 'legal' as const;
    if (agency) {
      const holding = await ctx.trx.selectFrom('case_agencies').select('id').where('org_id', '=', actor.orgId)
        .where('case_id', '=', oc.row.id).where('until_on', 'is', null).executeTakeFirst();
      if (holding) throw new DuebotError('conflict', 'the case is already with a collection agency', { reason: 'already_with_agency' });
    }
    const pending = await pendingEscalationId(ctx.trx, actor.orgId, oc.row.id, kind, null);
    if (pending !== undefined) {
      return { status: 'already_pending' as const, escalation: await loadEscalation(ctx.trx, actor.orgId, pending),
        case: await summarize(ctx.trx, oc, oc.row) };
    }
    // A send the server refused is marked beside its record (issue 11) and counts for nothing.
    const records = await ctx.trx.selectFrom('collection_records as r').select(['r.method', 'r.outcome',
      (eb) => eb.exists(eb.selectFrom('record_delivery_statuses as s').select('s.id').whereRef('s.record_id', '=', 'r.id')
        .whereRef('s.org_id', '=', 'r.org_id').where('s.status', '=', 'undelivered')).as('undelivered')])
      .where('r.org_id', '=', actor.orgId).where('r.case_id', '=', oc.row.id).execute();
    const missing = missingEvidence(records.map((r) => ({ ...r, undelivered: Boolean(r.undelivered) })), oc.maxDaysOverdue,
      { minWritten: ctx.org.policy.escalationMinWritten, minDaysOverdue: ctx.org.policy.escalationMinDays });
    if (missing.length > 0) {
      const canOverride = hasRole(actor, EVIDENCE_OVERRIDERS);
      if (!args.overrideReason) {
        throw new DuebotError('evidence_missing', 'the evidence chain is incomplete for legal escalation', { missing, canOverride });
      }
      if (!canOverride) {
        throw new DuebotError('forbidden', 'only a manager may escalate without the full evidence chain',
          { reason: 'override_requires_manager', missing });
      }
    }
    const overrideReason = missing.length > 0 ? args.overrideReason ?? null : null;
    const { id, created } = await insertEscalation(ctx, oc, {
      kind, invoiceId: null, reason: args.reason, overrideReason, missing, balanceMinor: oc.overdueMinor, agencyId: agency?.id ?? null,
    });
    if (!created) {
      return { status: 'already_pending' as const, escalation: await loadEscalation(ctx.trx, actor.orgId, id),
        case: await summarize(ctx.trx, oc, oc.row) };
    }
    const row = await updateCase(ctx, oc.row.id);
    await recordChange(ctx, { action: 'escalation.request', subject: { type: 'escalation', id }, event: 'escalation.requested',
      caseId: oc.row.id, customerId: oc.customer.id,
      payload: { escalationId: id, kind, requestedBy: actor.userId, overridden: overrideReason !== null, missing, ...(agency ? { agencyId: agency.id } : {}) } });
    return { status: 'requested' as const, escalation: await loadEscalation(ctx.trx, actor.orgId, id), case: await summarize(ctx.trx, oc, row) };
  });
}
