// The messages duebot posted and keeps up to date (chat_messages), as the adapters need them:
// find one, and replace one that can no longer be edited by a newer post.
import type { Selectable } from 'kysely';
import type { Db } from '../store/connection.js';
import type { ChatMessagesTable } from '../store/schema.js';

export type ChatMessage = Selectable<ChatMessagesTable>;

/** The record of a posted message, or undefined when duebot does not track it. */
export async function findChatMessage(db: Db, platform: 'slack' | 'lark', channelId: string, messageId: string): Promise<ChatMessage | undefined> {
  return db.selectFrom('chat_messages').selectAll()
    .where('platform', '=', platform).where('channel_id', '=', channelId).where('message_id', '=', messageId)
    .executeTakeFirst();
}

/**
 * Replaces `old` by a message `send` posts, recording the new one and marking the old superseded.
 * The old row is locked while this happens, so two processes replacing the same old message make
 * one new one: the second gets `{ newer }`, the message that already replaced it, and sends nothing.
 */
export async function supersedeChatMessage(db: Db, old: ChatMessage, at: { threadId?: string }, now: Date, updatableUntil: Date,
  send: () => Promise<{ messageId: string }>): Promise<{ newer?: string }> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('chat_messages').select(['superseded_by']).where('org_id', '=', old.org_id)
      .where('id', '=', old.id).forUpdate().executeTakeFirst();
    if (locked?.superseded_by) {
      const newer = await trx.selectFrom('chat_messages').select(['message_id']).where('org_id', '=', old.org_id)
        .where('id', '=', locked.superseded_by).executeTakeFirst();
      return newer ? { newer: newer.message_id } : {};
    }
    const sent = await send();
    const fresh = await trx.insertInto('chat_messages').values({
      org_id: old.org_id, platform: old.platform, channel_id: old.channel_id, message_id: sent.messageId,
      thread_id: at.threadId ?? null, kind: old.kind, case_id: old.case_id, escalation_id: old.escalation_id,
      invoice_id: old.invoice_id, updatable_until: updatableUntil,
    }).returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('chat_messages').set({ superseded_by: fresh.id, updated_at: now })
      .where('org_id', '=', old.org_id).where('id', '=', old.id).execute();
    return {};
  });
}
