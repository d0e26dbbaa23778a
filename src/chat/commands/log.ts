// `/ar log <customer> <method> [outcome] <text>`; `/ar log` alone opens the form.
import { logRecord, type LogRecordResult } from '../../services/cases/index.js';
import { changed, confirm, type ChatContext } from '../context.js';
import type { CommandHandler, CommandResult } from '../command.js';
import { customerRef } from '../present.js';
import { openForm } from './open-form.js';

export const log: CommandHandler<'log'> = async (ctx, cmd) => {
  if (cmd.form) return openForm(ctx, { kind: 'open_form', form: 'log', case: null });
  const r = await logRecord(ctx.db, ctx.actor, { customer: cmd.customer, method: cmd.method, outcome: cmd.outcome ?? undefined, text: cmd.text }, ctx.opts);
  return logged(ctx, r);
};

/** The answer to a logged record (typed or from the form). */
export function logged(ctx: ChatContext, r: LogRecordResult): CommandResult {
  return changed(confirm({ kind: 'logged', customer: customerRef(r.case.customer), method: r.record.method, outcome: r.record.outcome,
    nextActionOn: r.record.nextActionOn, contacts: { count: r.contacts.thisWeek, cap: r.contacts.cap } }, ctx), r.case);
}
