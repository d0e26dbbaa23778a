// `/ar dispute <invoice> <reason>`: the customer contests an invoice. Disputed invoices stay in the
// case and in aging, but raise no alert (DOMAIN.md), so the case's level is recomputed.
// Issue 9 item 5: a supervisor's dispute takes effect at once; anyone else's is a request that a
// supervisor confirms (confirm-dispute.ts) — until then the invoice stays open and keeps counting.
import { z } from 'zod';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import { disputeSubject } from './dispute-subject.js';
import { bodyText, insertRecord, type RecordSummary } from './log-record.js';
import { ensureOpenCase, summarize, type CaseSummary } from './open-case.js';
import { hasRole, requireCaseWork, SUPERVISORS } from './permissions.js';

export interface DisputeResult {
  /** requested: waits for a supervisor; the invoice is still open. */
  status: 'disputed' | 'already_disputed' | 'requested' | 'already_requested';
  invoice: { id: number; number: string; balanceMinor: bigint; currency: string; reason: string | null };
  record?: RecordSummary;
  case: CaseSummary;
}

const DisputeInput = z.object({ invoice: z.string(), reason: bodyText });
export type DisputeInput = z.input<typeof DisputeInput>;

export async function disputeInvoice(db: Db, actor: Actor, input: DisputeInput, opts: CommandOptions = {}): Promise<DisputeResult> {
  const args = parseInput(DisputeInput, input);
  return runCommand(db, actor, 'invoice.dispute', opts, async (ctx) => {
    const { invoice, customer, oc, view } = await disputeSubject(ctx, args.invoice);
    requireCaseWork(actor, oc.row, 'dispute');
    if (invoice.status === 'disputed') {
      return { status: 'already_disputed' as const, invoice: { ...view, reason: invoice.disputed_reason }, case: await summarize(ctx.trx, oc, oc.row) };
    }
    if (invoice.status !== 'open' || view.balanceMinor <= 0n) {
      throw new DuebotError('conflict', `invoice ${invoice.number} is ${invoice.status === 'open' ? 'paid' : invoice.status}: nothing to dispute`,
        { reason: 'not_open', invoiceStatus: invoice.status });
    }
    const supervisor = hasRole(actor, SUPERVISORS);
    if (!supervisor && invoice.dispute_requested_by !== null) {
      return { status: 'already_requested' as const, invoice: { ...view, reason: invoice.dispute_requested_reason }, case: await summarize(ctx.trx, oc, oc.row) };
    }
    if (supervisor) {
      await ctx.trx.updateTable('invoices').set({ status: 'disputed', disputed_reason: args.reason, updated_at: new Date(),
        dispute_requested_by: null, dispute_requested_reason: null, dispute_requested_at: null })
        .where('org_id', '=', actor.orgId).where('id', '=', invoice.id).execute();
    } else {
      // Maker-checker: recorded, but the invoice still raises alerts and counts for levels.
      await ctx.trx.updateTable('invoices').set({ dispute_requested_by: actor.userId, dispute_requested_reason: args.reason,
        dispute_requested_at: ctx.now, updated_at: new Date() })
        .where('org_id', '=', actor.orgId).where('id', '=', invoice.id).execute();
    }
    const refreshed = await ensureOpenCase(ctx.trx, actor.orgId, customer.id, ctx.today, { org: ctx.org, now: ctx.now }) ?? oc;
    const { summary: record, caseRow } = await insertRecord(ctx, refreshed, {
      method: 'note', outcome: 'disputed', body: `${supervisor ? 'dispute' : 'dispute requested'} ${invoice.number}: ${args.reason}`,
      idempotencyKey: opts.idempotencyKey && `invoice.dispute:${opts.idempotencyKey}`,
    });
    await recordChange(ctx, { action: supervisor ? 'invoice.dispute' : 'invoice.dispute_request', subject: { type: 'invoice', id: invoice.id },
      event: supervisor ? 'invoice.disputed' : 'invoice.dispute_requested', caseId: oc.row.id, customerId: customer.id,
      payload: { invoiceId: invoice.id, invoiceNumber: invoice.number, recordId: record.id, reason: args.reason } });
    return { status: supervisor ? 'disputed' as const : 'requested' as const, invoice: { ...view, reason: args.reason }, record,
      case: await summarize(ctx.trx, refreshed, caseRow) };
  });
}
