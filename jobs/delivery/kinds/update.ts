// An alert message re-rendered in place, as its case is now (DESIGN.md "Case thread": claimed by,
// paid, escalated). Updates of one message coalesce: the job that runs covers every update of that
// message queued before it started (delivery-queue.ts keeps one waiting behind a running one).
import { dateIn } from '../../../src/domain/calendar.js';
import type { DeliveryRow } from '../delivery-log.js';
import type { DeliverySource } from '../deliver.js';
import { loadAlertData } from './alert-data.js';
import { refOf, type KindContext } from './context.js';

export function updateKind(k: KindContext): DeliverySource {
  const { db } = k;
  const queuedOf = (d: DeliveryRow) => db.selectFrom('deliveries').where('org_id', '=', d.org_id).where('kind', '=', 'update')
    .where('status', '=', 'queued').where('chat_message_id', '=', d.chat_message_id);
  // The newest queued update of each message when a rendering started: the send covers those.
  const coveredUpTo = new Map<string, bigint>();
  return {
    async render(d) {
      const newest = await queuedOf(d).select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      coveredUpTo.set(String(d.id), BigInt(String(newest?.id ?? d.id)));
      const cm = await k.chatMessage(d);
      if (!cm || cm.case_id === null || cm.kind !== 'alert') return { op: 'skip', reason: 'message_gone' };
      if (cm.updatable_until && cm.updatable_until < k.now()) return { op: 'skip', reason: 'update_window_passed' };
      const org = await k.org(d.org_id);
      const data = await loadAlertData(db, d.org_id, cm.case_id, { invoiceId: cm.invoice_id }, dateIn(org.timezone, k.now()));
      if (!data) return { op: 'skip', reason: 'nothing_to_show' };
      return { op: 'update', ref: refOf(cm), message: k.views.alert(data, org.locale), locale: org.locale };
    },
    async successor(d) {
      return queuedOf(d).selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst() as Promise<DeliveryRow | undefined>;
    },
    async settled(d, outcome) {
      // The rendering just sent covered every update of this message queued before it started;
      // one queued since is sent after it (its job waits behind this one: keepLastIfActive).
      const upTo = coveredUpTo.get(String(d.id)) ?? BigInt(String(d.id));
      coveredUpTo.delete(String(d.id));
      await db.updateTable('deliveries').set({ status: outcome.status === 'failed' ? 'failed' : 'sent', reason: 'coalesced', updated_at: new Date() })
        .where('org_id', '=', d.org_id).where('kind', '=', 'update').where('status', '=', 'queued')
        .where('chat_message_id', '=', d.chat_message_id).where('id', '<>', d.id as never).where('id', '<=', upTo as never).execute();
    },
  };
}
