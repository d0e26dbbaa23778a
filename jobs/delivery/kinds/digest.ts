// The daily digest of a subscribed channel (DESIGN.md "Daily digest"), for the local date it was queued for,
// with the aging chart of the channel's scope (issue 13), drawn only where images are shown.
import { digestInput } from '../../../src/chat/present.js';
import { digestData } from '../../../src/services/cases/digest-data.js';
import { digestChart } from '../../../src/services/charts/post-charts.js';
import type { DeliverySource } from '../deliver.js';
import type { KindContext } from './context.js';

export function digestKind(k: KindContext): DeliverySource {
  return {
    async render(d) {
      const sub = await k.subscription(d);
      if (!sub || sub.kind !== 'digest' || d.local_date === null) return { op: 'skip', reason: 'unsubscribed' };
      const org = await k.org(d.org_id);
      const data = await digestData(k.db, d.org_id, { today: d.local_date, ...(sub.region ? { region: sub.region } : {}), ...(sub.product ? { product: sub.product } : {}) });
      const scope = { region: sub.region, product: sub.product };
      return { op: 'post', channelId: sub.channel_id, message: k.views.digest(digestInput(data, data.orgId), org.locale), locale: org.locale, record: { kind: 'digest' },
        chart: () => digestChart(k.db, d.org_id, d.local_date!, scope, org.locale) };
    },
  };
}
