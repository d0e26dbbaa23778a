// A request card updated in place with the decision (approved, rejected, cancelled).
import { escalationDecision } from '../../../src/chat/case-messages.js';
import { dateIn } from '../../../src/domain/calendar.js';
import type { DeliverySource } from '../deliver.js';
import { refOf, type KindContext } from './context.js';

export function escalationDecisionKind(k: KindContext): DeliverySource {
  return {
    async render(d) {
      const [ev, cm] = await Promise.all([k.caseEvent(d), k.chatMessage(d)]);
      if (!ev || ev.case_id === null || !cm || cm.kind !== 'escalation') return { op: 'skip', reason: 'message_gone' };
      const org = await k.org(d.org_id);
      const { card } = await escalationDecision(k.db, d.org_id, ev.case_id, Number(ev.payload.escalationId), dateIn(org.timezone, k.now()), org.locale);
      return { op: 'update', ref: refOf(cm), message: card.message, locale: org.locale, alternates: card.opts.alternates };
    },
  };
}
