// An approved legal escalation, posted to a channel subscribed to 'legal' (DESIGN.md: "legal: approved cases").
import { escalationDecision } from '../../../src/chat/case-messages.js';
import { dateIn } from '../../../src/domain/calendar.js';
import type { DeliverySource } from '../deliver.js';
import type { KindContext } from './context.js';

export function legalKind(k: KindContext): DeliverySource {
  return {
    async render(d) {
      const [ev, sub] = await Promise.all([k.caseEvent(d), k.subscription(d)]);
      if (!ev || ev.case_id === null) return { op: 'skip', reason: 'event_gone' };
      if (!sub || sub.kind !== 'legal') return { op: 'skip', reason: 'unsubscribed' };
      const org = await k.org(d.org_id);
      const { card } = await escalationDecision(k.db, d.org_id, ev.case_id, Number(ev.payload.escalationId), dateIn(org.timezone, k.now()), org.locale);
      return { op: 'post', channelId: sub.channel_id, message: card.message, locale: org.locale, alternates: card.opts.alternates };
    },
  };
}
