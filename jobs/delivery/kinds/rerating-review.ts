// The monthly re-rating post for a channel subscribed to 'escalations', for the month the event
// names (src/services/credit/raise-rerating.ts), rendered when it is sent: decisions taken since
// the event show as decided, without their buttons.
import { reratingReviewView } from '../../../src/chat/views/rerating-review.js';
import { reratingReviewData } from '../../../src/services/credit/rerating-review.js';
import type { DeliverySource } from '../deliver.js';
import type { KindContext } from './context.js';

export function reratingReviewKind(k: KindContext): DeliverySource {
  return {
    async render(d) {
      const sub = await k.subscription(d);
      if (!sub || sub.kind !== 'escalations' || d.local_date === null) return { op: 'skip', reason: 'unsubscribed' };
      const org = await k.org(d.org_id);
      const data = await reratingReviewData(k.db, d.org_id, `${d.local_date.slice(0, 7)}-01`, d.local_date);
      if (data.lines.length === 0) return { op: 'skip', reason: 'nothing_to_rerate' };
      return { op: 'post', channelId: sub.channel_id, message: reratingReviewView({ org: d.org_id, ...data }, org.locale), locale: org.locale };
    },
  };
}
