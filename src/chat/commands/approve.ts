// `/ar approve <customer> [note]`: the customer's pending request.
import type { CommandHandler } from '../command.js';
import { decisionReply } from './decide.js';

export const approve: CommandHandler<'approve'> = (ctx, cmd) =>
  decisionReply(ctx, { customer: cmd.customer }, 'approve', cmd.note ?? undefined, false);
