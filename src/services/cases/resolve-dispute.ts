// `/ar dispute <invoice> resolve [note]`: a supervisor ends a dispute (issue 9 item 5). The invoice
// is open again, so it counts for levels and raises alerts; a pending request is withdrawn.
import { z } from 'zod';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import { disputeSubject } from './dispute-subject.js';
import { bodyText, insertRecord, type RecordSummary } from './log-record.js';
import { ensureOpenCase, summarize, type CaseSummary } from './open-case.js';
import { requireRole, SUPERVISORS } from './permissions.js';

export interface ResolveDisputeResult {
  /** resolved: the invoice was disputed and is open again; withdrawn: a pending request was dropped. */
  status: 'resolved' | 'withdrawn';
  invoice: { id: number; number: string; balanceMinor: bigint; currency: string };
  record: RecordSummary;
  case: CaseSummary;
}

const ResolveDisputeInput = z.object({ invoice: z.string(), note: bodyText.optional() });
export type ResolveDisputeInput = z.input<typeof ResolveDisputeInput>;

export async function resolveDispute(db: Db, actor: Actor, input: ResolveDisputeInput, opts: CommandOptions = {}): Promise<ResolveDisputeResult> {
  const args = parseInput(ResolveDisputeInput, input);
  return runCommand(db, actor, 'invoice.dispute_resolve', opts, async (ctx) => {
    requireRole(actor, SUPERVISORS, 'resolve_dispute');
    const { invoice, customer, oc, view } = await disputeSubject(ctx, args.invoice);
    const pending = invoice.status === 'open' && invoice.dispute_requested_reason !== null;
    if (invoice.status !== 'disputed' && !pending) {
      throw new DuebotError('conflict', `invoice ${invoice.number} is not disputed`, { reason: 'not_disputed', invoiceStatus: invoice.status });
    }
    await ctx.trx.updateTable('invoices').set({ status: 'open', disputed_reason: null, updated_at: new Date(),
      dispute_requested_by: null, dispute_requested_reason: null, dispute_requested_at: null })
      .where('org_id', '=', actor.orgId).where('id', '=', invoice.id).execute();
    const refreshed = await ensureOpenCase(ctx.trx, actor.orgId, customer.id, ctx.today, { org: ctx.org, now: ctx.now }) ?? oc;
    const note = args.note ? `: ${args.note}` : '';
    const { summary: record, caseRow } = await insertRecord(ctx, refreshed, {
      method: 'note', outcome: null, body: `${pending ? 'dispute request withdrawn' : 'dispute resolved'} ${invoice.number}${note}`,
      idempotencyKey: opts.idempotencyKey && `invoice.dispute_resolve:${opts.idempotencyKey}`,
    });
    await recordChange(ctx, { action: 'invoice.dispute_resolve', subject: { type: 'invoice', id: invoice.id }, event: 'invoice.dispute_resolved',
      caseId: oc.row.id, customerId: customer.id,
      payload: { invoiceId: invoice.id, invoiceNumber: invoice.number, recordId: record.id, note: args.note ?? null, withdrawn: pending } });
    return { status: pending ? 'withdrawn' as const : 'resolved' as const, invoice: view, record, case: await summarize(ctx.trx, refreshed, caseRow) };
  });
}
