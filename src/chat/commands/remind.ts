// `/ar remind <customer> [reminder|statement|final_notice|courtesy]` and `/ar statement <customer>`
// (issue 11): the preview of the message, with Send / Cancel. Nothing leaves before Send.
import { prepareMessage } from '../../services/messages/prepare-message.js';
import { answer } from '../context.js';
import type { CommandHandler } from '../command.js';
import { messagePreviewView } from '../views/message-preview.js';

export const remind: CommandHandler<'remind'> = async (ctx, cmd) => {
  const r = await prepareMessage(ctx.db, ctx.actor, { customer: cmd.customer, kind: cmd.message }, { ...ctx.opts, now: ctx.now, replyTo: ctx.replyTo });
  return answer(messagePreviewView(r.preview, ctx.locale, ctx.org.timezone));
};

export const statement: CommandHandler<'statement'> = (ctx, cmd) => remind(ctx, { kind: 'remind', customer: cmd.customer, message: 'statement' });
