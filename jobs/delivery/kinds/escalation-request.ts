// The approval request card of an escalation or write-off, posted to a channel subscribed to
// 'escalations' (DESIGN.md "Escalation request"); recorded so the decision updates it.
import { escalationRequestCard } from '../../../src/chat/case-messages.js';
import { dateIn } from '../../../src/domain/calendar.js';
import type { DeliverySource } from '../deliver.js';
import type { KindContext } from './context.js';

export function escalationRequestKind(k: KindContext): DeliverySource {
  return {
    async render(d) {
      const [ev, sub] = await Promise.all([k.caseEvent(d), k.subscription(d)]);
      if (!ev || ev.case_id === null) return { op: 'skip', reason: 'event_gone' };
      if (!sub || sub.kind !== 'escalations') return { op: 'skip', reason: 'unsubscribed' };
      const org = await k.org(d.org_id);
      const escalationId = Number(ev.payload.escalationId);
      const card = await escalationRequestCard(k.db, d.org_id, ev.case_id, escalationId, dateIn(org.timezone, k.now()), org.locale);
      if (!card) return { op: 'skip', reason: 'escalation_not_pending' };
      return { op: 'post', channelId: sub.channel_id, message: card.message, locale: org.locale, alternates: card.opts.alternates,
        record: { kind: 'escalation', caseId: ev.case_id, escalationId } };
    },
  };
}
