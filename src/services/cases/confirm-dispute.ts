// `/ar dispute <invoice> confirm`: a supervisor confirms a pending dispute request (issue 9 item 5,
// maker-checker). Only then does the invoice stop raising alerts and counting for levels.
import { z } from 'zod';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import type { DisputeResult } from './dispute-invoice.js';
import { disputeSubject } from './dispute-subject.js';
import { insertRecord } from './log-record.js';
import { ensureOpenCase, summarize } from './open-case.js';
import { requireRole, SUPERVISORS } from './permissions.js';

const ConfirmDisputeInput = z.object({ invoice: z.string() });
export type ConfirmDisputeInput = z.input<typeof ConfirmDisputeInput>;

export async function confirmDispute(db: Db, actor: Actor, input: ConfirmDisputeInput, opts: CommandOptions = {}): Promise<DisputeResult> {
  const args = parseInput(ConfirmDisputeInput, input);
  return runCommand(db, actor, 'invoice.dispute_confirm', opts, async (ctx) => {
    requireRole(actor, SUPERVISORS, 'confirm_dispute');
    const { invoice, customer, oc, view } = await disputeSubject(ctx, args.invoice);
    if (invoice.status === 'disputed') {
      return { status: 'already_disputed' as const, invoice: { ...view, reason: invoice.disputed_reason }, case: await summarize(ctx.trx, oc, oc.row) };
    }
    if (invoice.dispute_requested_reason === null || invoice.status !== 'open') {
      throw new DuebotError('conflict', `invoice ${invoice.number} has no dispute waiting for confirmation`, { reason: 'no_dispute_request' });
    }
    const reason = invoice.dispute_requested_reason;
    await ctx.trx.updateTable('invoices').set({ status: 'disputed', disputed_reason: reason, updated_at: new Date(),
      dispute_requested_by: null, dispute_requested_reason: null, dispute_requested_at: null })
      .where('org_id', '=', actor.orgId).where('id', '=', invoice.id).execute();
    const refreshed = await ensureOpenCase(ctx.trx, actor.orgId, customer.id, ctx.today, { org: ctx.org, now: ctx.now }) ?? oc;
    const { summary: record, caseRow } = await insertRecord(ctx, refreshed, {
      method: 'note', outcome: 'disputed', body: `dispute confirmed ${invoice.number}: ${reason}`,
      idempotencyKey: opts.idempotencyKey && `invoice.dispute_confirm:${opts.idempotencyKey}`,
    });
    await recordChange(ctx, { action: 'invoice.dispute', subject: { type: 'invoice', id: invoice.id }, event: 'invoice.disputed',
      caseId: oc.row.id, customerId: customer.id,
      payload: { invoiceId: invoice.id, invoiceNumber: invoice.number, recordId: record.id, reason } });
    return { status: 'disputed' as const, invoice: { ...view, reason }, record, case: await summarize(ctx.trx, refreshed, caseRow) };
  });
}
