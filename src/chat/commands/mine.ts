// `/ar mine`: the asker's cases.
import { myCases } from '../../services/cases/index.js';
import { answer, ephemeral } from '../context.js';
import type { CommandHandler } from '../command.js';
import { myCasesView } from '../views/my-cases.js';
import { myCasesInput } from '../present.js';

export const mine: CommandHandler<'mine'> = async (ctx) => {
  const cases = await myCases(ctx.db, ctx.actor, { today: ctx.today });
  return answer(ephemeral(myCasesView(myCasesInput(cases, ctx.org.id, ctx.org.currency.trim()), ctx.locale)));
};
