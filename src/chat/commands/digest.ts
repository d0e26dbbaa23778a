// `/ar digest`: today's digest, in the channel when the asker may post money figures there
// (issue 9: a supervisor, a channel not shared with another organisation), else only to them.
import { digestData } from '../../services/cases/index.js';
import { answer } from '../context.js';
import type { CommandHandler } from '../command.js';
import { digestView } from '../views/digest.js';
import { digestInput } from '../present.js';
import { moneyFiguresReply } from '../money-reply.js';

export const digest: CommandHandler<'digest'> = async (ctx) => {
  const d = await digestData(ctx.db, ctx.org.id, { today: ctx.today });
  return answer(await moneyFiguresReply(ctx, digestView(digestInput(d, ctx.org.id), ctx.locale)));
};
