// `/ar evidence <customer>` (legal, managers, admins): the evidence file is built and sent to the
// asker privately by the jobs (a PDF can take seconds and is a file upload on Slack and Lark: the
// command only records the request, as an 'evidence.requested' event; jobs/delivery/kinds/evidence.ts
// builds the file when it sends it).
import { z } from 'zod';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from '../cases/case-command.js';
import { findCustomer } from '../cases/find-customer.js';
import { requireRole } from '../cases/permissions.js';
import { EVIDENCE_READERS } from './evidence-data.js';

const Input = z.object({ customer: z.string().trim().min(1) });

export interface EvidenceRequested { customer: { id: number; code: string; name: string } }

export async function requestEvidenceFile(db: Db, actor: Actor, input: z.input<typeof Input>, opts: CommandOptions = {}): Promise<EvidenceRequested> {
  const args = parseInput(Input, input);
  requireRole(actor, EVIDENCE_READERS, 'evidence');
  return runCommand(db, actor, 'evidence.request', opts, async (ctx) => {
    const found = await findCustomer(ctx.trx, actor.orgId, args.customer);
    const customer = { id: found.id, code: found.code, name: found.name };
    // The customer's latest case: the file is about the customer's records, which hang off it.
    const kase = await ctx.trx.selectFrom('cases').select('id').where('org_id', '=', actor.orgId).where('customer_id', '=', customer.id)
      .orderBy('id', 'desc').executeTakeFirst();
    if (!kase) throw new DuebotError('not_found', `${customer.name} has no case yet: there is nothing to put in an evidence file`, { reason: 'no_case' });
    await recordChange(ctx, { action: 'evidence.request', subject: { type: 'case', id: kase.id }, event: 'evidence.requested',
      caseId: kase.id, customerId: customer.id, payload: { requestedBy: actor.userId } });
    return { customer };
  });
}
