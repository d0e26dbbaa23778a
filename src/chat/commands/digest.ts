// `/ar digest`: today's digest, in the channel.
import { digestData } from '../../services/cases/index.js';
import { answer } from '../context.js';
import type { CommandHandler } from '../command.js';
import { digestView } from '../views/digest.js';
import { digestInput } from '../present.js';

export const digest: CommandHandler<'digest'> = async (ctx) => {
  const d = await digestData(ctx.db, ctx.org.id, { today: ctx.today });
  return answer(digestView(digestInput(d, ctx.org.id), ctx.locale));
};
