// `/ar plan <customer> <n>x<amount> from <YYYY-MM-DD> every <week|month> [note]`: an instalment plan
// (分期还款, 001: 协调分期还款方案; 003: 协商还款计划). Each instalment is a row of `promises` with its
// plan and number, judged by the one allocation rule like any promise (DOMAIN.md "Promises and
// plans"), so a plan needs no rule of its own. Also a 'note' record with outcome 'promised': the
// evidence chain shows the agreement (and it interrupts the limitation period, 民法典 195).
import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../../domain/calendar.js';
import { instalmentDates, PLAN_EVERY, PLAN_INSTALMENTS, type PlanEvery } from '../../domain/promise-allocation.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import type { RecordSummary } from './log-record.js';
import { summarize, type CaseSummary } from './open-case.js';
import { agreeTerms, promiseRow } from './promise-terms.js';

export interface PlanSummary {
  id: number; instalments: number; amountMinor: bigint; totalMinor: bigint; currency: string;
  firstOn: IsoDate; lastOn: IsoDate; every: PlanEvery; note: string | null; dates: IsoDate[];
}

export interface PlanResult { status: 'planned'; plan: PlanSummary; record: RecordSummary; case: CaseSummary }

const MakePlanInput = z.object({
  customer: z.string(),
  instalments: z.number().int().min(PLAN_INSTALMENTS.min, `must be ${PLAN_INSTALMENTS.min} or more`)
    .max(PLAN_INSTALMENTS.max, `must be at most ${PLAN_INSTALMENTS.max}`),
  /** Each instalment: a plain decimal in major units ("5000", "1234.50"), in the org's currency. */
  amount: z.string(),
  firstOn: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD'),
  every: z.enum(PLAN_EVERY),
  note: z.string().trim().max(2000).optional(),
});
export type MakePlanInput = z.input<typeof MakePlanInput>;

export async function makePlan(db: Db, actor: Actor, input: MakePlanInput, opts: CommandOptions = {}): Promise<PlanResult> {
  const args = parseInput(MakePlanInput, input);
  return runCommand(db, actor, 'plan.make', opts, async (ctx) => {
    const dates = instalmentDates(args.firstOn, args.instalments, args.every);
    const agreed = await agreeTerms(ctx, {
      customer: args.customer, amount: args.amount, firstOn: args.firstOn, dateField: 'firstOn', note: args.note, work: 'plan',
      body: (amountText, note) =>
        `instalment plan: ${args.instalments} × ${amountText} every ${args.every} from ${dates[0]} to ${dates.at(-1)}${note ? `: ${note}` : ''}`,
      idempotencyKey: opts.idempotencyKey && `plan.make:${opts.idempotencyKey}`,
    });
    const { oc, record, caseRow, note } = agreed;
    const plan = await ctx.trx.insertInto('plans').values({
      org_id: actor.orgId, case_id: oc.row.id, customer_id: oc.customer.id, record_id: record.id, made_by_user_id: actor.userId,
      instalments: args.instalments, amount_minor: agreed.amountMinor, currency: ctx.org.currency, first_on: args.firstOn, every: args.every, note,
    }).returning('id').executeTakeFirstOrThrow();
    await ctx.trx.insertInto('promises').values(dates.map((on, i) => promiseRow(ctx, agreed, on, { planId: plan.id, instalment: i + 1 })))
      .execute();
    const totalMinor = agreed.amountMinor * BigInt(args.instalments);
    await recordChange(ctx, { action: 'plan.make', subject: { type: 'plan', id: plan.id }, event: 'plan.made',
      caseId: oc.row.id, customerId: oc.customer.id,
      payload: { planId: plan.id, recordId: record.id, instalments: args.instalments, amountMinor: agreed.amountMinor, currency: ctx.org.currency,
        firstOn: dates[0]!, lastOn: dates.at(-1)!, every: args.every } });
    return {
      status: 'planned' as const, record, case: await summarize(ctx.trx, oc, caseRow),
      plan: { id: plan.id, instalments: args.instalments, amountMinor: agreed.amountMinor, totalMinor, currency: ctx.org.currency,
        firstOn: dates[0]!, lastOn: dates.at(-1)!, every: args.every, note, dates },
    };
  });
}
