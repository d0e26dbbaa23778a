// What every promise to pay starts with, whether one promise (`/ar promise`) or a plan's instalments
// (`/ar plan`): a positive amount in the org's currency, a first date not in the past, a case the
// actor may work on, and one 'note' record with outcome 'promised' — the agreement in the evidence
// chain, which also interrupts the limitation period (民法典 195). The promises themselves are rows
// of `promises`, judged by the one allocation rule (DOMAIN.md "Promises and plans").
import { DuebotError } from '../../errors.js';
import type { IsoDate } from '../../domain/calendar.js';
import { formatMinor, parseMoney } from '../../domain/money.js';
import type { CommandContext } from './case-command.js';
import { checkNotPast, insertRecord, type RecordSummary } from './log-record.js';
import { openCaseFor, type OpenCase } from './open-case.js';
import { requireCaseWork } from './permissions.js';

export interface PromiseTerms {
  customer: string;
  /** A plain decimal in major units ("1234.50"), in the org's currency: one promise or one instalment. */
  amount: string;
  /** The (first) date promised, and the input field it came from, for the error. */
  firstOn: IsoDate; dateField: 'promisedOn' | 'firstOn';
  note?: string | undefined;
  work: 'promise' | 'plan';
  /** The record's body, given the amount as text ("1,234.50 CNY"). */
  body: (amountText: string, note: string | null) => string;
  idempotencyKey?: string | undefined;
}

export interface AgreedTerms {
  amountMinor: bigint; note: string | null; oc: OpenCase; record: RecordSummary; caseRow: OpenCase['row'];
}

/** Checks the terms and writes the agreement's record; nothing is written when a check fails. */
export async function agreeTerms(ctx: CommandContext, terms: PromiseTerms): Promise<AgreedTerms> {
  const { currency } = ctx.org;
  const money = parseMoney(terms.amount, currency);
  if (!money.ok || money.minor <= 0n) {
    throw new DuebotError('invalid', `amount "${terms.amount}" must be a positive decimal in ${currency}`,
      { field: 'amount', reason: money.ok ? 'zero' : money.reason, currency });
  }
  checkNotPast(terms.firstOn, ctx.today, terms.dateField);
  const oc = await openCaseFor(ctx, terms.customer);
  requireCaseWork(ctx.actor, oc.row, terms.work);
  const note = terms.note || null;
  const { summary: record, caseRow } = await insertRecord(ctx, oc, {
    method: 'note', outcome: 'promised', body: terms.body(`${formatMinor(money.minor, currency)} ${currency}`, note),
    idempotencyKey: terms.idempotencyKey,
  });
  return { amountMinor: money.minor, note, oc, record, caseRow };
}

/** The `promises` row of one promise or instalment agreed in `agreed`. */
export function promiseRow(ctx: CommandContext, agreed: AgreedTerms, promisedOn: IsoDate, plan?: { planId: number; instalment: number }) {
  return {
    org_id: ctx.actor.orgId, case_id: agreed.oc.row.id, customer_id: agreed.oc.customer.id, record_id: agreed.record.id,
    made_by_user_id: ctx.actor.userId, amount_minor: agreed.amountMinor, currency: ctx.org.currency, promised_on: promisedOn,
    note: agreed.note, created_at: ctx.now, ...(plan ? { plan_id: plan.planId, instalment: plan.instalment } : {}),
  };
}
