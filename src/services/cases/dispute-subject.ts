// What the dispute commands share: the invoice (row locked, so two confirmations or a confirmation
// and a resolve cannot both apply), its customer and its open case.
import type { Selectable } from 'kysely';
import type { InvoicesTable } from '../../store/schema.js';
import type { CommandContext } from './case-command.js';
import { findInvoice } from './find-customer.js';
import { openCaseOf, type OpenCase } from './open-case.js';

export interface DisputeSubject {
  invoice: Selectable<InvoicesTable>;
  customer: { id: number; code: string; name: string };
  oc: OpenCase;
  view: { id: number; number: string; balanceMinor: bigint; currency: string };
}

export async function disputeSubject(ctx: CommandContext, ref: string): Promise<DisputeSubject> {
  const found = await findInvoice(ctx.trx, ctx.actor.orgId, ref);
  const invoice = await ctx.trx.selectFrom('invoices').selectAll()
    .where('org_id', '=', ctx.actor.orgId).where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow();
  const customer = await ctx.trx.selectFrom('customers').select(['id', 'code', 'name'])
    .where('org_id', '=', ctx.actor.orgId).where('id', '=', invoice.customer_id).executeTakeFirstOrThrow();
  const oc = await openCaseOf(ctx, customer);
  const view = { id: invoice.id, number: invoice.number, balanceMinor: invoice.amount_minor - invoice.paid_minor, currency: invoice.currency.trim() };
  return { invoice, customer, oc, view };
}
