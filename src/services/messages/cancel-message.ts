// Cancel on a preview (issue 11): the draft is kept, marked cancelled, and never sent. A message
// already approved is on its way: cancelling it changes nothing and says so.
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { MessageKind } from '../../store/schema.js';
import { runCommand, toJson, type CommandOptions } from '../cases/case-command.js';
import type { Actor } from '../identity.js';
import { requireSender } from './message-sender.js';

export type CancelMessageResult =
  | { status: 'cancelled' | 'already_cancelled' | 'already_queued'; kind: MessageKind; customer: { code: string; name: string } };

export async function cancelMessage(db: Db, actor: Actor, input: { messageId: number }, opts: CommandOptions = {}): Promise<CancelMessageResult> {
  return runCommand(db, actor, 'message.cancel', opts, async (ctx) => {
    const m = await ctx.trx.selectFrom('outbound_messages as m').innerJoin('customers as c', 'c.id', 'm.customer_id')
      .select(['m.id', 'm.kind', 'm.status', 'm.case_id', 'c.code', 'c.name', 'c.owner_user_id'])
      .where('m.org_id', '=', actor.orgId).where('m.id', '=', input.messageId).forUpdate('m').executeTakeFirst();
    if (!m) throw new DuebotError('not_found', 'no such message', { reason: 'message_gone' });
    const out = (status: CancelMessageResult['status']) => ({ status, kind: m.kind, customer: { code: m.code, name: m.name } });
    if (m.status === 'cancelled') return out('already_cancelled');
    if (m.status !== 'draft') return out('already_queued');
    const kase = m.case_id === null ? undefined
      : await ctx.trx.selectFrom('cases').select('owner_user_id').where('org_id', '=', actor.orgId).where('id', '=', m.case_id).executeTakeFirst();
    requireSender(actor, kase?.owner_user_id ?? m.owner_user_id);
    await ctx.trx.updateTable('outbound_messages').set({ status: 'cancelled', updated_at: new Date() })
      .where('org_id', '=', actor.orgId).where('id', '=', m.id).execute();
    await ctx.trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
      action: 'message.cancel', subject_type: 'outbound_message', subject_id: String(m.id), detail: toJson({ kind: m.kind }) }).execute();
    return out('cancelled');
  });
}
