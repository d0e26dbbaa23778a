// `/ar snooze <customer> <days> <reason>`: no reminders for the case until then.
import { z } from 'zod';
import { addDays, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { parseInput, recordChange, runCommand, type CommandOptions } from './case-command.js';
import { bodyText } from './log-record.js';
import { openCaseFor, summarize, updateCase, type CaseSummary } from './open-case.js';
import { requireCaseWork } from './permissions.js';
import { CARD_SNOOZE_DAYS, ledgerNote } from './ledger-notes.js';

export interface SnoozeResult { status: 'snoozed'; until: IsoDate; reason: string; case: CaseSummary }

const SnoozeInput = z.object({
  customer: z.string(),
  days: z.number().int().min(1).max(365).optional(),
  reason: bodyText.optional(),
  /** The Snooze button on a card: CARD_SNOOZE_DAYS, with a note in the org's language. */
  fromCard: z.literal(true).optional(),
}).superRefine((v, ctx) => {
  if (v.fromCard) return;
  if (v.days === undefined) ctx.addIssue({ code: 'custom', path: ['days'], message: 'how many days?' });
  if (v.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a snooze needs a reason' });
});
export type SnoozeInput = z.input<typeof SnoozeInput>;

export async function snoozeCase(db: Db, actor: Actor, input: SnoozeInput, opts: CommandOptions = {}): Promise<SnoozeResult> {
  const args = parseInput(SnoozeInput, input);
  return runCommand(db, actor, 'case.snooze', opts, async (ctx) => {
    const oc = await openCaseFor(ctx, args.customer);
    requireCaseWork(actor, oc.row, 'snooze');
    const days = args.fromCard ? CARD_SNOOZE_DAYS : args.days!;
    const reason = args.fromCard ? ledgerNote('card_snooze', ctx.org.locale) : args.reason!;
    const until = addDays(ctx.today, days);
    const row = await updateCase(ctx, oc.row.id, { snoozed_until: until, snooze_reason: reason });
    await recordChange(ctx, { action: 'case.snooze', subject: { type: 'case', id: row.id }, event: 'case.snoozed',
      caseId: row.id, customerId: oc.customer.id, payload: { until, days, reason } });
    return { status: 'snoozed' as const, until, reason, case: await summarize(ctx.trx, oc, row) };
  });
}
