// The weekly KPI post of a subscribed channel (jobs/kpi-post.ts), for the local date it was queued for,
// with the 12-week trend of its scope (issue 13), drawn only where images are shown.
import { kpiPostChart } from '../../../src/services/charts/post-charts.js';
import { loadKpiPost } from '../../kpi-post.js';
import type { DeliverySource } from '../deliver.js';
import type { KindContext } from './context.js';

export function kpiKind(k: KindContext): DeliverySource {
  return {
    async render(d) {
      const sub = await k.subscription(d);
      if (!sub || sub.kind !== 'kpi' || d.local_date === null) return { op: 'skip', reason: 'unsubscribed' };
      const org = await k.org(d.org_id);
      const data = await loadKpiPost(k.db, d.org_id, d.local_date, { region: sub.region, product: sub.product });
      const scope = { region: sub.region, product: sub.product };
      return { op: 'post', channelId: sub.channel_id, message: k.views.kpi(data, org.locale), locale: org.locale, record: { kind: 'kpi' },
        chart: () => kpiPostChart(k.db, d.org_id, d.local_date!, scope, org.locale) };
    },
  };
}
