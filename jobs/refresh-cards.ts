// Lark cards stop answering their buttons, and stop taking updates, 14 days after they were sent
// (issue 14; Lark: "仅支持修改 14 天内发送的消息"). An open alert or a pending request must not
// go dead in the chat: the day before, its card is re-posted as it is now and the old one is
// marked superseded (the Lark port's repost, adapters/lark/port.ts), through one 'refresh'
// delivery per card so it happens once whatever the workers.
import { sql } from 'kysely';
import type { Db } from '../src/store/connection.js';
import type { DeliveryQueue } from './delivery/delivery-queue.js';

/** Re-posted this long before the card's update window ends. */
export const REFRESH_AHEAD_MS = 24 * 60 * 60 * 1000;

interface Expiring { id: number; channel_id: string; case_id: number | null }

/** Queues the re-post of each of the org's Lark cards still in use whose window ends within a day. Returns how many were queued. */
export async function queueCardRefresh(db: Db, delivery: DeliveryQueue, orgId: number, now: Date): Promise<number> {
  const { rows } = await sql<Expiring>`
    select m.id, m.channel_id, m.case_id from chat_messages m
    where m.org_id = ${orgId} and m.platform = 'lark' and m.superseded_by is null
      and m.updatable_until is not null and m.updatable_until < ${new Date(now.getTime() + REFRESH_AHEAD_MS)}
      and ((m.kind = 'alert' and exists (select 1 from cases c where c.org_id = m.org_id and c.id = m.case_id and c.status <> 'closed'))
        or (m.kind = 'escalation' and exists (select 1 from escalations e where e.org_id = m.org_id and e.id = m.escalation_id and e.status = 'pending')))
      and not exists (select 1 from deliveries d where d.org_id = m.org_id and d.kind = 'refresh' and d.chat_message_id = m.id)
    order by m.id limit 500`.execute(db);
  if (rows.length === 0) return 0;
  return delivery.enqueue(rows.map((m) => ({ orgId, platform: 'lark' as const, channelId: m.channel_id, kind: 'refresh' as const,
    chatMessageId: m.id, caseId: m.case_id, dedupeKey: `refresh:${m.id}` })));
}
