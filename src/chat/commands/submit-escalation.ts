// The submitted escalation form.
import type { CommandHandler } from '../command.js';
import { requestEscalationReply } from './escalate.js';

export const submitEscalation: CommandHandler<'submit_escalation'> = (ctx, cmd) =>
  requestEscalationReply(ctx, cmd.customer, cmd.reason, cmd.overrideReason);
