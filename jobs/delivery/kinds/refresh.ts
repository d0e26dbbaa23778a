// A card re-posted before Lark's 14-day window closes (jobs/refresh-cards.ts): rendered as it is
// now (an open alert, a pending request) and sent as an update the port turns into a new card,
// the old one superseded. The message's window is closed first, so the port re-posts rather than
// patches; nothing else updates a card whose window has closed (update.ts skips it).
import { escalationRequestCard } from '../../../src/chat/case-messages.js';
import type { Message } from '../../../src/chat/message.js';
import type { SendOptions } from '../../../src/chat/port.js';
import { dateIn } from '../../../src/domain/calendar.js';
import type { DeliverySource } from '../deliver.js';
import { loadAlertData } from './alert-data.js';
import { refOf, type KindContext } from './context.js';

export function refreshKind(k: KindContext): DeliverySource {
  const { db } = k;
  return {
    async render(d) {
      const cm = await k.chatMessage(d);
      if (!cm || cm.case_id === null) return { op: 'skip', reason: 'message_gone' };
      const row = await db.selectFrom('chat_messages').select('superseded_by').where('org_id', '=', d.org_id).where('id', '=', cm.id).executeTakeFirst();
      if (row?.superseded_by) return { op: 'skip', reason: 'already_reposted' };
      const org = await k.org(d.org_id);
      const today = dateIn(org.timezone, k.now());
      let out: { message: Message; alternates?: SendOptions['alternates'] } | null = null;
      if (cm.kind === 'alert') {
        const kase = await db.selectFrom('cases').select('status').where('org_id', '=', d.org_id).where('id', '=', cm.case_id).executeTakeFirst();
        const data = kase && kase.status !== 'closed' ? await loadAlertData(db, d.org_id, cm.case_id, { invoiceId: cm.invoice_id }, today) : null;
        if (data) out = { message: k.views.alert(data, org.locale) };
      } else if (cm.kind === 'escalation' && cm.escalation_id !== null) {
        const card = await escalationRequestCard(db, d.org_id, cm.case_id, cm.escalation_id, today, org.locale);
        if (card) out = { message: card.message, alternates: card.opts.alternates };
      }
      if (!out) return { op: 'skip', reason: 'no_longer_open' };
      // The port re-posts a card whose window has closed (adapters/lark/port.ts updateCard).
      await db.updateTable('chat_messages').set({ updatable_until: k.now() }).where('org_id', '=', d.org_id).where('id', '=', cm.id)
        .where('superseded_by', 'is', null).execute();
      return { op: 'update', ref: refOf(cm), message: out.message, locale: org.locale, ...(out.alternates ? { alternates: out.alternates } : {}) };
    },
  };
}
