// Send, Cancel and "Send over the cap…" on a message preview (issue 11). The button names a message
// and an org: another org's message is refused; the services re-read the message and re-check who
// may send. The answer replaces the preview, so its buttons cannot be pressed twice by mistake.
import { DuebotError } from '../../errors.js';
import { cancelMessage } from '../../services/messages/cancel-message.js';
import { sendMessage } from '../../services/messages/send-message.js';
import type { ChatContext } from '../context.js';
import type { CommandHandler } from '../command.js';
import { messageReplyView, overrideForm } from '../views/message-preview.js';

function sameOrg(ctx: ChatContext, org: number): void {
  if (org !== ctx.org.id) throw new DuebotError('forbidden', 'button of another org', { reason: 'other_org' });
}

export const sendMessageButton: CommandHandler<'send_message'> = async (ctx, cmd) => {
  sameOrg(ctx, cmd.org);
  const r = await sendMessage(ctx.db, ctx.actor, { messageId: cmd.messageId, ...(cmd.overrideReason !== undefined ? { overrideReason: cmd.overrideReason } : {}) }, { ...ctx.opts, now: ctx.now });
  const view = r.status === 'queued'
    ? messageReplyView({ status: 'queued', kind: r.message.kind, customer: r.message.customer, recipients: r.message.recipients,
      notBefore: r.message.notBefore, overridden: r.overridden }, ctx.locale, ctx.org.timezone)
    : messageReplyView({ status: 'already_queued', kind: r.message.kind, customer: r.message.customer }, ctx.locale, ctx.org.timezone);
  // A case-less message (a courtesy reminder before anything is overdue) is picked up by the outbox's next pass.
  return { reply: view, replaceSource: view, changedCaseIds: r.status === 'queued' && r.message.caseId !== null ? [r.message.caseId] : [] };
};

export const cancelMessageButton: CommandHandler<'cancel_message'> = async (ctx, cmd) => {
  sameOrg(ctx, cmd.org);
  const r = await cancelMessage(ctx.db, ctx.actor, { messageId: cmd.messageId }, ctx.opts);
  const view = messageReplyView({ status: r.status === 'already_queued' ? 'cancel_too_late' : r.status, kind: r.kind, customer: r.customer },
    ctx.locale, ctx.org.timezone);
  return { reply: view, replaceSource: r.status === 'cancelled' ? view : undefined, changedCaseIds: [] };
};

export const openOverrideForm: CommandHandler<'open_override_form'> = async (ctx, cmd) => {
  sameOrg(ctx, cmd.org);
  return { form: overrideForm({ org: cmd.org, messageId: cmd.messageId }, ctx.locale), changedCaseIds: [] };
};
