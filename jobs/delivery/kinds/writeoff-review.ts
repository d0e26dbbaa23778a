// The monthly write-off review for a channel subscribed to 'escalations', as of the local date it
// was queued for (src/services/credit/writeoff-review.ts), rendered when it is sent.
import { writeoffReviewView } from '../../../src/chat/views/writeoff-review.js';
import { writeoffReviewData } from '../../../src/services/credit/writeoff-review.js';
import type { DeliverySource } from '../deliver.js';
import type { KindContext } from './context.js';

export function writeoffReviewKind(k: KindContext): DeliverySource {
  return {
    async render(d) {
      const sub = await k.subscription(d);
      if (!sub || sub.kind !== 'escalations' || d.local_date === null) return { op: 'skip', reason: 'unsubscribed' };
      const org = await k.org(d.org_id);
      const data = await writeoffReviewData(k.db, d.org_id, d.local_date);
      // Nothing over 180 days this month: no post (a month with nothing to review needs no message).
      if (data.customers.length === 0) return { op: 'skip', reason: 'nothing_over_180' };
      return { op: 'post', channelId: sub.channel_id, message: writeoffReviewView({ org: d.org_id, ...data }, org.locale), locale: org.locale };
    },
  };
}
