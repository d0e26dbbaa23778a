// `/ar reject <customer> <reason>`: the customer's pending request.
import type { CommandHandler } from '../command.js';
import { decisionReply } from './decide.js';

export const reject: CommandHandler<'reject'> = (ctx, cmd) =>
  decisionReply(ctx, { customer: cmd.customer }, 'reject', cmd.reason, false);
