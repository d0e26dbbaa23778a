// Where a person gets direct messages: their chat identity on a platform this worker can reach
// (Slack first, then Lark), or on the console (by email) in the demo.
import type { PlatformName } from '../src/chat/port.js';
import type { Db } from '../src/store/connection.js';

export interface Recipient { platform: PlatformName; externalUserId: string }

export async function recipientsOf(db: Db, orgId: number, userIds: number[], platforms: PlatformName[]): Promise<Map<number, Recipient>> {
  const out = new Map<number, Recipient>();
  if (userIds.length === 0) return out;
  const ids = await db.selectFrom('chat_identities').select(['user_id', 'platform', 'external_user_id'])
    .where('org_id', '=', orgId).where('user_id', 'in', userIds).execute();
  for (const p of ['slack', 'lark'] as const) {
    if (!platforms.includes(p)) continue;
    for (const i of ids) if (i.platform === p && !out.has(i.user_id)) out.set(i.user_id, { platform: p, externalUserId: i.external_user_id });
  }
  if (platforms.includes('console')) {
    const users = await db.selectFrom('users').select(['id', 'email']).where('org_id', '=', orgId).where('id', 'in', userIds).execute();
    for (const u of users) if (!out.has(u.id)) out.set(u.id, { platform: 'console', externalUserId: u.email });
  }
  return out;
}
