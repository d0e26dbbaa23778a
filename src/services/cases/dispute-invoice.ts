// `/ar dispute <invoice> <reason>`: the customer contests an invoice. Disputed invoices stay in the
// case and in aging, but raise no alert (DOMAIN.md), so the case's level is recomputed.
import { z } from 'zod';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import { findInvoice } from './find-customer.js';
import { bodyText, insertRecord, type RecordSummary } from './log-record.js';
import { ensureOpenCase, openCaseOf, summarize, type CaseSummary } from './open-case.js';
import { requireCaseWork } from './permissions.js';

export interface DisputeResult {
  status: 'disputed' | 'already_disputed';
  invoice: { id: number; number: string; balanceMinor: bigint; currency: string; reason: string | null };
  record?: RecordSummary;
  case: CaseSummary;
}

const DisputeInput = z.object({ invoice: z.string(), reason: bodyText });
export type DisputeInput = z.input<typeof DisputeInput>;

export async function disputeInvoice(db: Db, actor: Actor, input: DisputeInput, opts: CommandOptions = {}): Promise<DisputeResult> {
  const args = parseInput(DisputeInput, input);
  return runCommand(db, actor, 'invoice.dispute', opts, async (ctx) => {
    const invoice = await findInvoice(ctx.trx, actor.orgId, args.invoice);
    const customer = await ctx.trx.selectFrom('customers').select(['id', 'code', 'name'])
      .where('org_id', '=', actor.orgId).where('id', '=', invoice.customer_id).executeTakeFirstOrThrow();
    const oc = await openCaseOf(ctx, customer);
    requireCaseWork(actor, oc.row, 'dispute');
    const balanceMinor = invoice.amount_minor - invoice.paid_minor;
    const view = { id: invoice.id, number: invoice.number, balanceMinor, currency: invoice.currency.trim() };
    if (invoice.status === 'disputed') {
      return { status: 'already_disputed' as const, invoice: { ...view, reason: invoice.disputed_reason }, case: await summarize(ctx.trx, oc, oc.row) };
    }
    if (invoice.status !== 'open' || balanceMinor <= 0n) {
      throw new DuebotError('conflict', `invoice ${invoice.number} is ${invoice.status === 'open' ? 'paid' : invoice.status}: nothing to dispute`,
        { reason: 'not_open', invoiceStatus: invoice.status });
    }
    await ctx.trx.updateTable('invoices').set({ status: 'disputed', disputed_reason: args.reason, updated_at: new Date() })
      .where('org_id', '=', actor.orgId).where('id', '=', invoice.id).execute();
    const refreshed = await ensureOpenCase(ctx.trx, actor.orgId, customer.id, ctx.today, { org: ctx.org }) ?? oc;
    const { summary: record, caseRow } = await insertRecord(ctx, refreshed, {
      method: 'note', outcome: 'disputed', body: `dispute ${invoice.number}: ${args.reason}`,
      idempotencyKey: opts.idempotencyKey && `invoice.dispute:${opts.idempotencyKey}`,
    });
    await recordChange(ctx, { action: 'invoice.dispute', subject: { type: 'invoice', id: invoice.id }, event: 'invoice.disputed',
      caseId: oc.row.id, customerId: customer.id,
      payload: { invoiceId: invoice.id, invoiceNumber: invoice.number, recordId: record.id, reason: args.reason } });
    return { status: 'disputed' as const, invoice: { ...view, reason: args.reason }, record, case: await summarize(ctx.trx, refreshed, caseRow) };
  });
}
