// `/ar promise <customer> <amount> <YYYY-MM-DD> [note]`: the customer's promise to pay (还款承诺),
// kept if paid by the date, broken otherwise. Also a 'note' record, so the evidence chain shows it.
import { z } from 'zod';
import { DuebotError } from '../../errors.js';
import { isIsoDate, type IsoDate } from '../../domain/calendar.js';
import { formatMinor, parseMoney } from '../../domain/money.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import { checkNotPast, insertRecord, type RecordSummary } from './log-record.js';
import { openCaseFor, summarize, type CaseSummary } from './open-case.js';
import { requireCaseWork } from './permissions.js';

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
    const money = parseMoney(args.amount, ctx.org.currency);
    if (!money.ok || money.minor <= 0n) {
      throw new DuebotError('invalid', `amount "${args.amount}" must be a positive decimal in ${ctx.org.currency}`,
        { field: 'amount', reason: money.ok ? 'zero' : money.reason, currency: ctx.org.currency });
    }
    checkNotPast(args.promisedOn, ctx.today, 'promisedOn');
    const oc = await openCaseFor(ctx, args.customer);
    requireCaseWork(actor, oc.row, 'promise');
    const note = args.note || null;
    const amountText = `${formatMinor(money.minor, ctx.org.currency)} ${ctx.org.currency}`;
    const { summary: record, caseRow } = await insertRecord(ctx, oc, {
      method: 'note', outcome: 'promised',
      body: `promise to pay ${amountText} by ${args.promisedOn}${note ? `: ${note}` : ''}`,
      idempotencyKey: opts.idempotencyKey && `promise.make:${opts.idempotencyKey}`,
    });
    const promise = await ctx.trx.insertInto('promises').values({
      org_id: actor.orgId, case_id: oc.row.id, customer_id: oc.customer.id, record_id: record.id, made_by_user_id: actor.userId,
      amount_minor: money.minor, currency: ctx.org.currency, promised_on: args.promisedOn, note,
    }).returningAll().executeTakeFirstOrThrow();
    await recordChange(ctx, { action: 'promise.make', subject: { type: 'promise', id: promise.id }, event: 'promise.made',
      caseId: oc.row.id, customerId: oc.customer.id,
      payload: { promiseId: promise.id, recordId: record.id, amountMinor: money.minor, currency: ctx.org.currency,
        promisedOn: args.promisedOn } });
    return {
      status: 'promised' as const, record, case: await summarize(ctx.trx, oc, caseRow),
      promise: { id: promise.id, amountMinor: promise.amount_minor, currency: promise.currency.trim(), promisedOn: promise.promised_on,
        note: promise.note, status: promise.status },
    };
  });
}
