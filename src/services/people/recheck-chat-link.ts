// A chat account linked by its email (issue 9, item 7) stays linked only while the link would still
// be made: when the platform says the profile changed (Slack user_change, Lark
// contact.user.updated_v3), an email link whose email no longer names the same duebot user, or
// whose account became a guest, moved team, lost its confirmed address or was deactivated, is
// removed (audited); the person is linked again, or refused, on their next command. Links an
// administrator made (users.csv) are theirs to change.
import type { Db } from '../../store/connection.js';
import type { Platform } from '../../store/schema.js';
import { linkRefusal, type ChatProfile, type LinkRefusal } from '../identity.js';
import { orgForWorkspace } from '../orgs.js';

export type RecheckResult =
  | { status: 'unlinked_workspace' | 'not_linked' | 'admin_link' | 'still_valid' }
  | { status: 'unlinked'; reason: LinkRefusal | 'email_changed'; userId: number };

export async function recheckChatLink(db: Db, platform: Platform, workspaceId: string, externalUserId: string,
  profile: ChatProfile): Promise<RecheckResult> {
  const org = await orgForWorkspace(db, platform, workspaceId);
  if (!org) return { status: 'unlinked_workspace' };
  return db.transaction().execute(async (trx) => {
    const link = await trx.selectFrom('chat_identities').innerJoin('users', 'users.id', 'chat_identities.user_id')
      .select(['chat_identities.id', 'chat_identities.user_id', 'chat_identities.linked_by', 'users.email'])
      .where('chat_identities.org_id', '=', org.id).where('chat_identities.platform', '=', platform)
      .where('chat_identities.external_user_id', '=', externalUserId)
      .forUpdate().executeTakeFirst();
    if (!link) return { status: 'not_linked' as const };
    if (link.linked_by !== 'email') return { status: 'admin_link' as const };
    const refused = linkRefusal(profile, workspaceId);
    const reason = refused ?? (profile.email!.trim().toLowerCase() === link.email.toLowerCase() ? null : 'email_changed' as const);
    if (!reason) return { status: 'still_valid' as const };
    await trx.deleteFrom('chat_identities').where('id', '=', link.id).where('org_id', '=', org.id).execute();
    await trx.insertInto('audit_log').values({ org_id: org.id, actor_user_id: null, actor: 'system', action: 'chat_identity.unlinked',
      subject_type: 'user', subject_id: String(link.user_id),
      detail: JSON.stringify({ platform, externalUserId, reason }) }).execute();
    return { status: 'unlinked' as const, reason, userId: link.user_id };
  });
}
