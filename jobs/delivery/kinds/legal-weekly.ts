// The weekly list of open legal cases (and those agencies hold) for a channel subscribed to
// 'legal', as of the local date it was queued for (src/services/legal/legal-cases.ts).
import { legalWeeklyView } from '../../../src/chat/views/legal-weekly.js';
import { legalCases } from '../../../src/services/legal/legal-cases.js';
import type { DeliverySource } from '../deliver.js';
import type { KindContext } from './context.js';

export function legalWeeklyKind(k: KindContext): DeliverySource {
  return {
    async render(d) {
      const sub = await k.subscription(d);
      if (!sub || sub.kind !== 'legal' || d.local_date === null) return { op: 'skip', reason: 'unsubscribed' };
      const org = await k.org(d.org_id);
      const data = await legalCases(k.db, d.org_id, d.local_date);
      return { op: 'post', channelId: sub.channel_id, message: legalWeeklyView(data, org.locale), locale: org.locale };
    },
  };
}
