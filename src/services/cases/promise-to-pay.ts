// `/ar promise <customer> <amount> <YYYY-MM-DD> [note]`: the customer's promise to pay (还款承诺),
// kept if paid by the date, broken otherwise. Also a 'note' record, so the evidence chain shows it.
import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import type { RecordSummary } from './log-record.js';
import { summarize, type CaseSummary } from './open-case.js';
import { agreeTerms, promiseRow } from './promise-terms.js';

export interface PromiseSummary {
  id: number; amountMinor: bigint; currency: string; promisedOn: IsoDate; note: string | null;
  status: 'pending' | 'kept' | 'broken' | 'cancelled';
}

export interface PromiseResult { status: 'promised'; promise: PromiseSummary; record: RecordSummary; case: CaseSummary }

const PromiseInput = z.object({
  customer: z.string(),
  /** A plain decimal in major units ("1234.50"), in the org's currency. */
  amount: z.string(),
  promisedOn: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD'),
  note: z.string().trim().max(2000).optional(),
});
export type PromiseInput = z.input<typeof PromiseInput>;

export async function promiseToPay(db: Db, actor: Actor, input: PromiseInput, opts: CommandOptions = {}): Promise<PromiseResult> {
  const args = parseInput(PromiseInput, input);
  return runCommand(db, actor, 'promise.make', opts, async (ctx) => {
    const agreed = await agreeTerms(ctx, {
      customer: args.customer, amount: args.amount, firstOn: args.promisedOn, dateField: 'promisedOn', note: args.note, work: 'promise',
      body: (amountText, note) => `promise to pay ${amountText} by ${args.promisedOn}${note ? `: ${note}` : ''}`,
      idempotencyKey: opts.idempotencyKey && `promise.make:${opts.idempotencyKey}`,
    });
    const { oc, record, caseRow } = agreed;
    const promise = await ctx.trx.insertInto('promises').values(promiseRow(ctx, agreed, args.promisedOn))
      .returningAll().executeTakeFirstOrThrow();
    await recordChange(ctx, { action: 'promise.make', subject: { type: 'promise', id: promise.id }, event: 'promise.made',
      caseId: oc.row.id, customerId: oc.customer.id,
      payload: { promiseId: promise.id, recordId: record.id, amountMinor: agreed.amountMinor, currency: ctx.org.currency,
        promisedOn: args.promisedOn } });
    return {
      status: 'promised' as const, record, case: await summarize(ctx.trx, oc, caseRow),
      promise: { id: promise.id, amountMinor: promise.amount_minor, currency: promise.currency.trim(), promisedOn: promise.promised_on,
        note: promise.note, status: promise.status },
    };
  });
}
