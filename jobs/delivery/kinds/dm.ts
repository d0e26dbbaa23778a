// A decision told to the requester and the case owner by direct message, in their language; and
// (issue 11) an email to the customer that was not delivered, told to the case owner.
import { escalationDecision } from '../../../src/chat/case-messages.js';
import { userLocale } from '../../../src/services/people.js';
import { dateIn } from '../../../src/domain/calendar.js';
import type { DeliverySource } from '../deliver.js';
import { dmRecipient, type KindContext } from './context.js';
import { messageUndeliveredView } from '../../../src/chat/views/message-preview.js';
import type { MessageKind } from '../../../src/domain/message-kinds.js';

export function dmKind(k: KindContext): DeliverySource {
  const { db } = k;
  return {
    async render(d) {
      const ev = await k.caseEvent(d);
      if (!ev || ev.case_id === null || d.user_id === null) return { op: 'skip', reason: 'event_gone' };
      const org = await k.org(d.org_id);
      // The person's language, else the org's: the same on the console as on Slack and Lark.
      const locale = await userLocale(db, d.org_id, d.user_id);
      if (ev.type === 'email.undelivered') {
        // Issue 11: a send the server refused, told to the case's owner.
        const p = ev.payload as { messageKind?: string; recipients?: string[]; reason?: string };
        const c = await db.selectFrom('customers').select(['code', 'name']).where('org_id', '=', d.org_id)
          .where('id', '=', Number(ev.payload.customerId)).executeTakeFirst();
        if (!c) return { op: 'skip', reason: 'event_gone' };
        const message = messageUndeliveredView({ kind: (p.messageKind ?? 'reminder') as MessageKind, customer: c,
          recipients: p.recipients ?? [], reason: p.reason ?? '' }, locale);
        return { op: 'dm', externalUserId: dmRecipient(d), message, locale };
      }
      const { render } = await escalationDecision(db, d.org_id, ev.case_id, Number(ev.payload.escalationId), dateIn(org.timezone, k.now()), org.locale);
      return { op: 'dm', externalUserId: dmRecipient(d), message: render(locale), locale };
    },
  };
}
