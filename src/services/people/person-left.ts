// A chat platform says a person left (Slack user_change with deleted, Lark contact.user.deleted_v3):
// the workspace names the org, the platform id names the person. An unlinked workspace or a
// person duebot does not know changes nothing.
import type { Db } from '../../store/connection.js';
import type { Platform } from '../../store/schema.js';
import { orgForWorkspace } from '../orgs.js';
import { deactivateUser, type DeactivateResult } from './deactivate-user.js';

export async function personLeft(db: Db, platform: Platform, workspaceId: string, externalUserId: string, now: Date = new Date()): Promise<DeactivateResult | { status: 'unlinked_workspace' }> {
  const org = await orgForWorkspace(db, platform, workspaceId);
  if (!org) return { status: 'unlinked_workspace' };
  return deactivateUser(db, org.id, { platform, externalUserId }, `${platform}:user_deleted`, now);
}
