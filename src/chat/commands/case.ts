// `/ar case <customer>` and the "case" button: the case card, to the asker.
import { DuebotError, isDuebotError } from '../../errors.js';
import { caseDetail } from '../../services/cases/index.js';
import { answer, ephemeral, type ChatContext } from '../context.js';
import type { CommandHandler, CommandResult } from '../command.js';
import type { Message } from '../message.js';
import { caseCardView } from '../views/case-card.js';
import { caseCardInput } from '../present.js';

export const kase: CommandHandler<'case'> = (ctx, cmd) => showCase(ctx, 'caseId' in cmd ? cmd.caseId : cmd.customer);

/** The open case of a customer (by code or name) or a case by id; no open case → not_found. */
export async function showCase(ctx: ChatContext, ref: string | number): Promise<CommandResult> {
  const d = await caseDetail(ctx.db, ctx.org.id, ref, { today: ctx.today });
  const input = caseCardInput(d, ctx.org.id, ctx.actor.userId);
  if (!input) throw new DuebotError('not_found', 'no open case', { subject: typeof ref === 'string' ? ref : d.customer.code });
  return answer(ephemeral(caseCardView(input, ctx.locale)));
}

/** The card `showCase` answers with, or null when there is no such case. */
export async function caseCardMessage(ctx: ChatContext, ref: string | number): Promise<Message | null> {
  try {
    return (await showCase(ctx, ref)).reply ?? null;
  } catch (e) {
    if (isDuebotError(e) && e.code === 'not_found') return null;
    throw e;
  }
}
