// The alert an `alert.raised` event posts to one subscribed channel (DESIGN.md "Alert"). The
// message is recorded in chat_messages, so later events update it and reply in its thread.
import { dateIn } from '../../../src/domain/calendar.js';
import type { DeliverySource } from '../deliver.js';
import { loadAlertData } from './alert-data.js';
import type { KindContext } from './context.js';

export function alertKind(k: KindContext): DeliverySource {
  return {
    async render(d) {
      const [ev, sub] = await Promise.all([k.caseEvent(d), k.subscription(d)]);
      if (!ev || ev.case_id === null) return { op: 'skip', reason: 'event_gone' };
      if (!sub) return { op: 'skip', reason: 'unsubscribed' };
      const org = await k.org(d.org_id);
      const alertIds = (ev.payload as { alertIds?: number[] }).alertIds ?? [];
      const data = await loadAlertData(k.db, d.org_id, ev.case_id, { alertIds }, dateIn(org.timezone, k.now()));
      if (!data) return { op: 'skip', reason: 'nothing_to_alert' };
      return { op: 'post', channelId: sub.channel_id, message: k.views.alert(data, org.locale), locale: org.locale,
        record: { kind: 'alert', caseId: ev.case_id, invoiceId: data.invoices[0]!.id } };
    },
  };
}
