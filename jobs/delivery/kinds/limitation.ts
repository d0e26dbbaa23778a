// A limitation warning (src/domain/case-events.ts 'limitation.warning'): posted to a 'legal'
// channel (subscription_id) or sent to the case owner (user_id), rendered from the event's payload
// with the case as it is now (its version for the Open case button).
import { userLocale } from '../../../src/services/people.js';
import { limitationWarningView } from '../../../src/chat/views/limitation-warning.js';
import type { CaseEventPayloads } from '../../../src/domain/case-events.js';
import type { DeliverySource } from '../deliver.js';
import { dmRecipient, type KindContext } from './context.js';

export function limitationKind(k: KindContext): DeliverySource {
  const { db } = k;
  return {
    async render(d) {
      const ev = await k.caseEvent(d);
      if (!ev || ev.type !== 'limitation.warning') return { op: 'skip', reason: 'event_gone' };
      const w = ev.payload as unknown as CaseEventPayloads['limitation.warning'];
      const org = await k.org(d.org_id);
      const kase = w.caseId === null ? undefined
        : await db.selectFrom('cases').select(['id', 'version', 'status']).where('org_id', '=', d.org_id).where('id', '=', w.caseId).executeTakeFirst();
      const input = {
        customer: { code: w.customerCode, name: w.customerName }, invoiceNumber: w.number, endsOn: w.endsOn, daysLeft: w.daysLeft,
        threshold: w.threshold, balanceMinor: BigInt(w.balanceMinor), currency: w.currency,
        case: kase && kase.status !== 'closed' ? { org: d.org_id, caseId: kase.id, version: kase.version } : null,
      };
      if (d.subscription_id !== null) {
        const sub = await k.subscription(d);
        if (!sub || sub.kind !== 'legal') return { op: 'skip', reason: 'unsubscribed' };
        return { op: 'post', channelId: sub.channel_id, message: limitationWarningView(input, org.locale), locale: org.locale };
      }
      if (d.user_id === null) return { op: 'skip', reason: 'no_recipient' };
      const locale = await userLocale(db, d.org_id, d.user_id);
      return { op: 'dm', externalUserId: dmRecipient(d), message: limitationWarningView(input, locale), locale };
    },
  };
}
