// Send on a preview (issue 11): the owner, finance or a manager approves the frozen message; it is
// queued for the `email` delivery (jobs/delivery/kinds/email.ts) by its `email.approved` event.
// Over the weekly contact cap only a manager may send, with a reason, which is kept. Outside the
// customer's working hours it waits for the next one (DOMAIN.md "Talking to customers").
import { nextWorkingInstant } from '../../domain/calendar.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { MessageKind } from '../../store/schema.js';
import { loadBusinessCalendar } from '../calendars/business-calendar.js';
import { runCommand, toJson, type CommandOptions } from '../cases/case-command.js';
import { orgMessaging } from '../documents/org-messaging.js';
import type { Actor } from '../identity.js';
import { parseIntArray } from '../reminders/working-hours.js';
import { capReached, weeklyContacts, type WeeklyContacts } from './contact-cap.js';
import { mayOverrideCap, requireSender } from './message-sender.js';

export interface SentMessageSummary {
  id: number; kind: MessageKind; customer: { code: string; name: string }; caseId: number | null; recipients: string[];
  /** ISO instant it waits for (outside the customer's working hours), else null. */
  notBefore: string | null;
}

export type SendMessageResult =
  | { status: 'queued'; message: SentMessageSummary; contacts: WeeklyContacts; overridden: boolean }
  /** A second click, or another person's: it was already approved (or sent). */
  | { status: 'already_queued'; message: SentMessageSummary };

export async function sendMessage(db: Db, actor: Actor, input: { messageId: number; overrideReason?: string },
  opts: CommandOptions & { now?: Date } = {}): Promise<SendMessageResult> {
  return runCommand(db, actor, 'message.send', opts, async (ctx) => {
    const m = await ctx.trx.selectFrom('outbound_messages as m').innerJoin('customers as c', 'c.id', 'm.customer_id')
      .select(['m.id', 'm.kind', 'm.status', 'm.case_id', 'm.customer_id', 'm.recipients', 'm.not_before', 'c.code', 'c.name', 'c.owner_user_id'])
      .where('m.org_id', '=', actor.orgId).where('m.id', '=', input.messageId).forUpdate('m').executeTakeFirst();
    if (!m) throw new DuebotError('not_found', 'no such message', { reason: 'message_gone' });
    const summary = (notBefore: Date | null): SentMessageSummary => ({ id: m.id, kind: m.kind, customer: { code: m.code, name: m.name },
      caseId: m.case_id, recipients: m.recipients, notBefore: notBefore ? notBefore.toISOString() : null });
    if (m.status === 'queued' || m.status === 'sent' || m.status === 'undelivered') return { status: 'already_queued' as const, message: summary(m.not_before) };
    if (m.status === 'cancelled') throw new DuebotError('conflict', 'the message was cancelled', { reason: 'message_cancelled' });

    const kase = m.case_id === null ? undefined
      : await ctx.trx.selectFrom('cases').select('owner_user_id').where('org_id', '=', actor.orgId).where('id', '=', m.case_id).executeTakeFirst();
    requireSender(actor, kase?.owner_user_id ?? m.owner_user_id);

    const contacts = await weeklyContacts(ctx.trx, ctx.org, m.customer_id, ctx.today);
    const reason = input.overrideReason?.trim() || null;
    const overridden = capReached(contacts);
    if (overridden) {
      if (!mayOverrideCap(actor)) {
        throw new DuebotError('forbidden', `${contacts.thisWeek} contacts this week (cap ${contacts.cap}): a manager may send with a reason`, { reason: 'over_cap' });
      }
      if (!reason) throw new DuebotError('invalid', 'over the weekly cap: give the reason to send anyway', { reason: 'over_cap_reason', field: 'reason' });
    }

    const messaging = await orgMessaging(ctx.trx, actor.orgId);
    const now = opts.now ?? new Date();
    const opens = nextWorkingInstant(ctx.org.timezone, { ...messaging.customerHours, days: parseIntArray(messaging.customerHours.days),
      calendar: await loadBusinessCalendar(ctx.trx, actor.orgId) }, now);
    const notBefore = opens.getTime() > now.getTime() ? opens : null;

    await ctx.trx.updateTable('outbound_messages').set({ status: 'queued', approved_by: actor.userId, approved_at: now,
      override_reason: overridden ? reason : null, not_before: notBefore, updated_at: now })
      .where('org_id', '=', actor.orgId).where('id', '=', m.id).execute();
    const payload = { caseId: m.case_id, customerId: m.customer_id, actor: { userId: actor.userId, name: actor.name },
      outboundId: m.id, messageKind: m.kind, automatic: false };
    await ctx.trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
      action: 'message.send', subject_type: 'outbound_message', subject_id: String(m.id),
      detail: toJson({ ...payload, recipients: m.recipients, ...(overridden ? { overrideReason: reason, contacts } : {}) }) }).execute();
    await ctx.trx.insertInto('case_events').values({ org_id: actor.orgId, case_id: m.case_id, type: 'email.approved', payload: toJson(payload) }).execute();
    return { status: 'queued' as const, message: summary(notBefore), contacts, overridden };
  });
}
