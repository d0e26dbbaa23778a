// `/ar approve <customer> [note]` | `/ar reject <customer> <reason>` and the Approve / Reject buttons:
// decide a pending legal escalation or write-off. Maker-checker: the requester never decides their
// own request. Approval re-checks the case: a paid case cancels the request, a changed balance
// refuses until the approver has seen the new figure. The decision is settled in PostgreSQL.
import { z } from 'zod';
import { handCaseToAgency } from '../legal/agencies.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Case, Escalation } from '../../store/schema.js';
import type { Actor } from '../identity.js';
import { CommittedRefusal, parseInput, recordChange, runCommand, type CommandContext, type CommandOptions } from './case-command.js';
import { escalationQuery, loadEscalation, type EscalationSummary } from './escalation-summary.js';
import { findCustomer } from './find-customer.js';
import { ensureOpenCase, summarize, updateCase, type CaseSummary } from './open-case.js';
import { LEGAL_DECIDERS, requireRole, WRITEOFF_DECIDERS } from './permissions.js';
import { ledgerNote } from './ledger-notes.js';

export interface DecisionResult {
  /** already_decided: someone decided first (a double click, two managers); `escalation` shows by whom. */
  status: 'approved' | 'rejected' | 'already_decided';
  escalation: EscalationSummary;
  case: CaseSummary;
  /** The invoice an approved write-off wrote off. */
  invoice?: { id: number; number: string; status: 'written_off'; writtenOffOn: string; balanceMinor: bigint };
}

const DecideInput = z.object({
  /** From a button: the escalation itself. */
  escalationId: z.number().int().positive().optional(),
  /** From a command: the customer whose pending escalation is meant. */
  customer: z.string().optional(),
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(2000).optional(),
  /** The Reject button on the request card: without a reason, the note says so in the org's language. */
  onCard: z.boolean().optional(),
}).superRefine((v, ctx) => {
  if ((v.escalationId === undefined) === (v.customer === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['escalationId'], message: 'name either the escalation or the customer' });
  }
  if (v.decision === 'reject' && !v.note && !v.onCard) ctx.addIssue({ code: 'custom', path: ['note'], message: 'a rejection needs a reason' });
});
export type DecideEscalationInput = z.input<typeof DecideInput>;

/** The one pending escalation of a customer's case; both a legal and a write-off pending is ambiguous. */
async function pendingOfCustomer(ctx: CommandContext, ref: string): Promise<number> {
  const customer = await findCustomer(ctx.trx, ctx.actor.orgId, ref);
  const rows = await escalationQuery(ctx.trx, ctx.actor.orgId).where('c.customer_id', '=', customer.id)
    .where('e.status', '=', 'pending').orderBy('e.id').execute();
  const who = { code: customer.code, name: customer.name };
  if (rows.length === 0) {
    throw new DuebotError('not_found', `${customer.code} has no pending escalation`, { reason: 'no_pending_escalation', customer: who });
  }
  if (rows.length > 1) {
    throw new DuebotError('ambiguous', `${customer.code} has several pending requests: decide them from their cards`, {
      reason: 'several_pending', customer: who,
      escalations: rows.map((r) => ({ id: r.id, kind: r.kind, invoiceNumber: r.invoice_number })),
    });
  }
  return rows[0]!.id;
}

/** The balance the request was about, now: null when nothing is left (paid, or closed). */
async function balanceNow(ctx: CommandContext, esc: Escalation, kase: Case): Promise<bigint | null> {
  if (kase.status === 'closed') return null;
  const oc = await ensureOpenCase(ctx.trx, ctx.actor.orgId, kase.customer_id, ctx.today, { org: ctx.org, now: ctx.now });
  if (!oc) return null;
  if (esc.kind !== 'writeoff') return oc.overdueMinor;
  const invoice = await ctx.trx.selectFrom('invoices').select(['status', 'amount_minor', 'paid_minor'])
    .where('org_id', '=', ctx.actor.orgId).where('id', '=', esc.invoice_id!).executeTakeFirstOrThrow();
  const balance = invoice.amount_minor - invoice.paid_minor;
  return (invoice.status === 'open' || invoice.status === 'disputed') && balance > 0n ? balance : null;
}

async function staleRefusal(ctx: CommandContext, esc: Escalation, kase: Case, now: bigint | null): Promise<CommittedRefusal> {
  const base = { escalationId: esc.id, kind: esc.kind, caseId: kase.id };
  if (now === null) {
    await ctx.trx.updateTable('escalations').set({ status: 'cancelled', decision_note: 'stale: paid', decided_at: ctx.now })
      .where('id', '=', esc.id).where('status', '=', 'pending').execute();
    await updateCase(ctx, kase.id);
    await recordChange(ctx, { action: 'escalation.cancel', subject: { type: 'escalation', id: esc.id }, event: 'escalation.cancelled',
      caseId: kase.id, customerId: kase.customer_id, payload: { ...base, reason: 'paid' } });
    return new CommittedRefusal(new DuebotError('stale', 'nothing is owed any more: the request is cancelled', { ...base, reason: 'paid' }));
  }
  // Still pending, with the new figure: approving again confirms the approver has seen it.
  const row = await ctx.trx.selectFrom('cases').select('version').where('id', '=', kase.id).executeTakeFirstOrThrow();
  await ctx.trx.updateTable('escalations').set({ balance_minor: now, case_version: row.version })
    .where('id', '=', esc.id).where('status', '=', 'pending').execute();
  await recordChange(ctx, { action: 'escalation.refresh', subject: { type: 'escalation', id: esc.id }, event: 'escalation.refreshed',
    caseId: kase.id, customerId: kase.customer_id, payload: { ...base, wasMinor: esc.balance_minor, nowMinor: now } });
  return new CommittedRefusal(new DuebotError('stale', 'the balance changed since the request: review it and approve again', {
    ...base, reason: 'changed', wasMinor: esc.balance_minor.toString(), nowMinor: now.toString(), currency: ctx.org.currency }));
}

export async function decideEscalation(db: Db, actor: Actor, input: DecideEscalationInput,
  opts: CommandOptions = {}): Promise<DecisionResult> {
  const args = parseInput(DecideInput, input);
  return runCommand(db, actor, 'escalation.decide', opts, async (ctx): Promise<DecisionResult | CommittedRefusal> => {
    const id = args.escalationId ?? await pendingOfCustomer(ctx, args.customer!);
    // Locked first, before the case: two deciders queue here instead of taking the escalation and
    // the case in opposite orders (approve refreshes the case first; reject updates it last): a deadlock.
    const esc = await ctx.trx.selectFrom('escalations').selectAll()
      .where('org_id', '=', actor.orgId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!esc) throw new DuebotError('not_found', `no escalation ${id}`, { kind: 'escalation' });
    // A hand-off to an agency is decided as a legal escalation is (the same evidence, the same deciders).
    requireRole(actor, esc.kind === 'writeoff' ? WRITEOFF_DECIDERS : LEGAL_DECIDERS, esc.kind === 'writeoff' ? 'decide_writeoff' : 'decide_legal');
    if (esc.requested_by === actor.userId) {
      throw new DuebotError('own_request', 'you cannot decide your own request: another manager must', { escalationId: esc.id });
    }
    const customer = await ctx.trx.selectFrom('customers').selectAll()
      .where('org_id', '=', actor.orgId).where('id', '=', (await caseRow(ctx, esc.case_id)).customer_id).executeTakeFirstOrThrow();
    const closedView = { customer, overdueMinor: 0n, currency: ctx.org.currency, maxDaysOverdue: 0 };
    const alreadyDecided = async () => {
      const kase = await caseRow(ctx, esc.case_id);
      const oc = kase.status === 'closed' ? null : await ensureOpenCase(ctx.trx, actor.orgId, customer.id, ctx.today, { org: ctx.org, now: ctx.now });
      return { status: 'already_decided' as const, escalation: await loadEscalation(ctx.trx, actor.orgId, esc.id),
        case: await summarize(ctx.trx, oc ?? closedView, oc?.row ?? kase) };
    };
    if (esc.status !== 'pending') return alreadyDecided();

    const kase = await caseRow(ctx, esc.case_id);
    if (args.decision === 'approve') {
      const now = await balanceNow(ctx, esc, kase);
      if (now === null || now !== esc.balance_minor) return staleRefusal(ctx, esc, kase, now);
    }
    const note = args.note || (args.decision === 'reject' ? ledgerNote('card_reject', ctx.org.locale) : null);
    const decided = await ctx.trx.updateTable('escalations').set({
      status: args.decision === 'approve' ? 'approved' : 'rejected', decided_by: actor.userId,
      decision_note: note, decided_at: ctx.now,
    }).where('id', '=', esc.id).where('status', '=', 'pending').returning('id').executeTakeFirst();
    if (!decided) return alreadyDecided();

    let invoice: DecisionResult['invoice'];
    if (args.decision === 'approve' && esc.kind === 'legal') {
      await updateCase(ctx, kase.id, { status: 'legal', stage: 'legal' });
    } else if (args.decision === 'approve' && esc.kind === 'agency') {
      // The agency holds the case from today: its recoveries and fee are counted from here (agencies.ts).
      await handCaseToAgency(ctx.trx, actor.orgId, { caseId: kase.id, agencyId: esc.agency_id!, escalationId: esc.id, on: ctx.today });
      await updateCase(ctx, kase.id);
    } else if (args.decision === 'approve' && esc.kind === 'writeoff') {
      const inv = await ctx.trx.updateTable('invoices').set({ status: 'written_off', written_off_on: ctx.today, updated_at: new Date() })
        .where('org_id', '=', actor.orgId).where('id', '=', esc.invoice_id!)
        .returning(['id', 'number', 'amount_minor', 'paid_minor']).executeTakeFirstOrThrow();
      invoice = { id: inv.id, number: inv.number, status: 'written_off', writtenOffOn: ctx.today, balanceMinor: inv.amount_minor - inv.paid_minor };
      // Closes the case when the rest is written off (DOMAIN.md).
      await ensureOpenCase(ctx.trx, actor.orgId, customer.id, ctx.today, { org: ctx.org, closeReason: 'written_off', now: ctx.now });
      await updateCase(ctx, kase.id);
    } else {
      await updateCase(ctx, kase.id);
    }
    await recordChange(ctx, {
      action: `escalation.${args.decision}`, subject: { type: 'escalation', id: esc.id }, event: 'escalation.decided',
      caseId: kase.id, customerId: customer.id,
      payload: { escalationId: esc.id, kind: esc.kind, decision: args.decision, requestedBy: esc.requested_by,
        invoiceId: esc.invoice_id, note },
    });
    const after = await caseRow(ctx, kase.id);
    const oc = after.status === 'closed' ? null : await ensureOpenCase(ctx.trx, actor.orgId, customer.id, ctx.today, { org: ctx.org, now: ctx.now });
    return {
      status: args.decision === 'approve' ? 'approved' as const : 'rejected' as const,
      escalation: await loadEscalation(ctx.trx, actor.orgId, esc.id),
      case: await summarize(ctx.trx, oc ?? closedView, oc?.row ?? after),
      ...(invoice ? { invoice } : {}),
    };
  });
}

function caseRow(ctx: CommandContext, id: number): Promise<Case> {
  return ctx.trx.selectFrom('cases').selectAll().where('org_id', '=', ctx.actor.orgId).where('id', '=', id).executeTakeFirstOrThrow();
}
