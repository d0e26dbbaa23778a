// The alert an `alert.raised` event posts to one subscribed channel (DESIGN.md "Alert"). The
// message is recorded in chat_messages, so later events update it and reply in its thread.
import { dateIn, type IsoDate } from '../../../src/domain/calendar.js';
import type { AlertData } from '../../views.js';
import { BATCH_WINDOW_MS, batchLoader } from '../batch.js';
import type { DeliverySource } from '../deliver.js';
import { loadAlertDataMany } from './alert-data.js';
import type { KindContext } from './context.js';

interface AlertKey { orgId: number; caseId: number; alertIds: number[]; today: IsoDate }

export function alertKind(k: KindContext): DeliverySource {
  // The alerts of one scan go out together: their data is read in one batch per org and day.
  const alertData = batchLoader<AlertKey, AlertData | null>(async (keys) => {
    const out = new Map<string, AlertData | null>();
    const groups = new Map<string, AlertKey[]>();
    for (const key of keys) {
      const g = `${key.orgId}:${key.today}`;
      groups.set(g, [...(groups.get(g) ?? []), key]);
    }
    for (const group of groups.values()) {
      const { orgId, today } = group[0]!;
      const data = await loadAlertDataMany(k.db, orgId, group.map((g) => ({ caseId: g.caseId, alertIds: g.alertIds })), today);
      group.forEach((g, i) => out.set(keyOf(g), data[i] ?? null));
    }
    return out;
  }, keyOf, 200, BATCH_WINDOW_MS.load);

  return {
    async render(d) {
      const [ev, sub] = await Promise.all([k.caseEvent(d), k.subscription(d)]);
      if (!ev || ev.case_id === null) return { op: 'skip', reason: 'event_gone' };
      if (!sub) return { op: 'skip', reason: 'unsubscribed' };
      const org = await k.org(d.org_id);
      const alertIds = (ev.payload as { alertIds?: number[] }).alertIds ?? [];
      const data = await alertData({ orgId: d.org_id, caseId: ev.case_id, alertIds, today: dateIn(org.timezone, k.now()) });
      if (!data) return { op: 'skip', reason: 'nothing_to_alert' };
      return { op: 'post', channelId: sub.channel_id, message: k.views.alert(data, org.locale), locale: org.locale,
        record: { kind: 'alert', caseId: ev.case_id, invoiceId: data.invoices[0]!.id } };
    },
  };
}

const keyOf = (k: AlertKey) => `${k.orgId}:${k.caseId}:${k.alertIds.join(',')}:${k.today}`;
