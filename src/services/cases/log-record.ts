// `/ar log <customer> <method> [<outcome>] <text>`: a collection record, hash-chained by the database
// (003: 记录每次催收的时间、方式、沟通内容及客户反馈; 001: immutable evidence chain).
import { z } from 'zod';
import { DuebotError } from '../../errors.js';
import { addDays, isIsoDate, weekday, zonedInstant, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import type { Method, Outcome } from '../../store/schema.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandContext, type CommandOptions } from './case-command.js';
import { openCaseFor, summarize, updateCase, type CaseSummary, type OpenCase } from './open-case.js';
import { requireCaseWork } from './permissions.js';

import { METHODS, OUTCOMES } from '../../domain/collection-records.js';
export { METHODS, OUTCOMES };

export interface RecordSummary {
  id: number;
  seq: bigint;
  method: Method;
  outcome: Outcome | null;
  body: string;
  nextActionOn: IsoDate | null;
  author: { id: number; name: string };
  /** ISO instant. */
  recordedAt: string;
  hash: string;
  prevHash: string;
}

/** Contacts with the customer this week (Monday, org time) against the org's cap (002, 003: 合规优先). */
export interface ContactCount { thisWeek: number; cap: number; overCap: boolean }

export interface LogRecordResult { status: 'logged'; record: RecordSummary; case: CaseSummary; contacts: ContactCount }

export const bodyText = z.string().trim().min(1, 'must not be empty').max(4000);

const LogRecordInput = z.object({
  customer: z.string(),
  method: z.enum(METHODS),
  outcome: z.enum(OUTCOMES).optional(),
  text: bodyText,
  nextActionOn: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').optional(),
});
export type LogRecordInput = z.input<typeof LogRecordInput>;

/**
 * Appends a record to the case (the trigger chains it), stamps the case's last record and next
 * action, bumps its version. Shared by log, promise and dispute.
 */
export async function insertRecord(ctx: CommandContext, oc: OpenCase, record: {
  method: Method; outcome: Outcome | null; body: string; nextActionOn?: IsoDate; idempotencyKey?: string;
}): Promise<{ summary: RecordSummary; caseRow: OpenCase['row'] }> {
  const row = await ctx.trx.insertInto('collection_records').values({
    org_id: ctx.actor.orgId, case_id: oc.row.id, customer_id: oc.customer.id, author_user_id: ctx.actor.userId,
    method: record.method, outcome: record.outcome, body: record.body, next_action_on: record.nextActionOn ?? null,
    idempotency_key: record.idempotencyKey ?? null,
    // The command's clock (the trigger would take the database's now()): the record's date is the
    // date the command ran on, the one the contact cap and the evidence rule count by.
    recorded_at: ctx.now,
  }).returningAll().executeTakeFirstOrThrow();
  const caseRow = await updateCase(ctx, oc.row.id, {
    last_record_at: row.recorded_at,
    ...(record.nextActionOn ? { next_action_on: record.nextActionOn } : {}),
  });
  return {
    caseRow,
    summary: {
      id: row.id, seq: row.seq, method: row.method, outcome: row.outcome, body: row.body, nextActionOn: row.next_action_on,
      author: { id: ctx.actor.userId, name: ctx.actor.name }, recordedAt: row.recorded_at.toISOString(),
      hash: row.hash, prevHash: row.prev_hash,
    },
  };
}

/** Contacts (every method but a note) with the customer since Monday of `today`'s week in the org's zone. */
export async function contactsThisWeek(db: Db, org: { id: number; timezone: string; policy: { contactCapPerWeek: number } },
  customerId: number, today: IsoDate): Promise<ContactCount> {
  const monday = addDays(today, 1 - weekday(today));
  const row = await db.selectFrom('collection_records').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', org.id).where('customer_id', '=', customerId).where('method', '<>', 'note')
    .where('recorded_at', '>=', zonedInstant(org.timezone, monday, 0))
    .where('recorded_at', '<', zonedInstant(org.timezone, addDays(monday, 7), 0))
    .executeTakeFirstOrThrow();
  const thisWeek = Number(row.n);
  const cap = org.policy.contactCapPerWeek;
  return { thisWeek, cap, overCap: thisWeek > cap };
}

export function checkNotPast(date: IsoDate | undefined, today: IsoDate, field: string): void {
  if (date !== undefined && date < today) {
    throw new DuebotError('invalid', `${field} ${date} is in the past (today is ${today})`, { field, reason: 'past', today });
  }
}

/** Logs a contact. An outcome 'promised' is only the record: `/ar promise` makes the promise. */
export async function logRecord(db: Db, actor: Actor, input: LogRecordInput, opts: CommandOptions = {}): Promise<LogRecordResult> {
  const args = parseInput(LogRecordInput, input);
  return runCommand(db, actor, 'record.log', opts, (ctx) => appendRecord(ctx, args, opts.idempotencyKey));
}

/** The record, the case stamped, the audit row and `record.logged`: inside a command's transaction. */
export async function appendRecord(ctx: CommandContext, args: z.output<typeof LogRecordInput>, idempotencyKey?: string): Promise<LogRecordResult> {
  checkNotPast(args.nextActionOn, ctx.today, 'nextActionOn');
  const oc = await openCaseFor(ctx, args.customer);
  requireCaseWork(ctx.actor, oc.row, 'log');
  const { summary, caseRow } = await insertRecord(ctx, oc, {
    method: args.method, outcome: args.outcome ?? null, body: args.text, nextActionOn: args.nextActionOn,
    idempotencyKey: idempotencyKey && `record.log:${idempotencyKey}`,
  });
  await recordChange(ctx, {
    action: 'record.log', subject: { type: 'record', id: summary.id }, event: 'record.logged',
    caseId: oc.row.id, customerId: oc.customer.id,
    payload: { recordId: summary.id, method: summary.method, outcome: summary.outcome },
  });
  return {
    status: 'logged' as const, record: summary, case: await summarize(ctx.trx, oc, caseRow),
    contacts: await contactsThisWeek(ctx.trx, ctx.org, oc.customer.id, ctx.today),
  };
}
