// The submitted log form.
import { logRecord } from '../../services/cases/index.js';
import type { CommandHandler } from '../command.js';
import { logged } from './log.js';

export const submitLog: CommandHandler<'submit_log'> = async (ctx, cmd) => {
  // The method and outcome are checked by the service (the form's select can be forged).
  const r = await logRecord(ctx.db, ctx.actor, { customer: cmd.customer, method: cmd.method as never, outcome: cmd.outcome as never,
    text: cmd.text, nextActionOn: cmd.nextActionOn }, ctx.opts);
  return logged(ctx, r);
};
