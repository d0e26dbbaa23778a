// `/ar writeoff <invoice> <reason>`: finance proposes writing an invoice off; a manager approves it
// like an escalation (maker-checker; 001: >180 days enters write-off review).
import { z } from 'zod';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import { loadEscalation, type EscalationSummary } from './escalation-summary.js';
import { findInvoice } from './find-customer.js';
import { bodyText } from './log-record.js';
import { openCaseOf, summarize, updateCase, type CaseSummary } from './open-case.js';
import { requireRole, SUPERVISORS } from './permissions.js';
import { insertEscalation, pendingEscalationId } from './request-escalation.js';

export interface WriteoffProposalResult {
  status: 'proposed' | 'already_pending';
  escalation: EscalationSummary;
  case: CaseSummary;
}

const ProposeInput = z.object({ invoice: z.string(), reason: bodyText });
export type ProposeWriteoffInput = z.input<typeof ProposeInput>;

export async function proposeWriteoff(db: Db, actor: Actor, input: ProposeWriteoffInput,
  opts: CommandOptions = {}): Promise<WriteoffProposalResult> {
  const args = parseInput(ProposeInput, input);
  return runCommand(db, actor, 'writeoff.propose', opts, async (ctx) => {
    requireRole(actor, SUPERVISORS, 'propose_writeoff');
    const invoice = await findInvoice(ctx.trx, actor.orgId, args.invoice);
    const balanceMinor = invoice.amount_minor - invoice.paid_minor;
    if (!(invoice.status === 'open' || invoice.status === 'disputed') || balanceMinor <= 0n) {
      throw new DuebotError('conflict', `invoice ${invoice.number} has no open balance to write off`,
        { reason: 'not_open', invoiceStatus: invoice.status });
    }
    const customer = await ctx.trx.selectFrom('customers').select(['id', 'code', 'name'])
      .where('org_id', '=', actor.orgId).where('id', '=', invoice.customer_id).executeTakeFirstOrThrow();
    const oc = await openCaseOf(ctx, customer);
    const pending = await pendingEscalationId(ctx.trx, actor.orgId, oc.row.id, 'writeoff', invoice.id);
    const { id, created } = pending !== undefined ? { id: pending, created: false } : await insertEscalation(ctx, oc, {
      kind: 'writeoff', invoiceId: invoice.id, reason: args.reason, overrideReason: null, missing: [], balanceMinor,
    });
    if (!created) {
      return { status: 'already_pending' as const, escalation: (await loadEscalation(ctx.trx, actor.orgId, id)),
        case: await summarize(ctx.trx, oc, oc.row) };
    }
    const row = await updateCase(ctx, oc.row.id);
    await recordChange(ctx, { action: 'writeoff.propose', subject: { type: 'escalation', id }, event: 'writeoff.proposed',
      caseId: oc.row.id, customerId: customer.id,
      payload: { escalationId: id, kind: 'writeoff', invoiceId: invoice.id, invoiceNumber: invoice.number,
        balanceMinor, requestedBy: actor.userId } });
    return { status: 'proposed' as const, escalation: (await loadEscalation(ctx.trx, actor.orgId, id)),
      case: await summarize(ctx.trx, oc, row) };
  });
}
