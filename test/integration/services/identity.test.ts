import { describe, expect, it } from 'vitest';
import { actorByEmail, resolveActor, setUserLocale, type ChatProfile } from '../../../src/services/identity.js';
import { recheckChatLink } from '../../../src/services/people/recheck-chat-link.js';
import { linkWorkspace } from '../../../src/services/orgs.js';
import { testDatabase } from '../../support/db.js';
import { seedOrg } from './fixtures.js';

const t = testDatabase();
/** A Slack profile as users.info gives it for a full member of team T-1 with a confirmed email. */
const member = (email: string, over: Partial<ChatProfile> = {}): ChatProfile =>
  ({ email, emailConfirmed: true, guest: false, inactive: false, workspaceId: 'T-1', ...over });
const memberOf = (team: string) => (email: string, over: Partial<ChatProfile> = {}) => member(email, { workspaceId: team, ...over });
const links = (orgId: number) => t.db.selectFrom('chat_identities').select(['external_user_id', 'linked_by']).where('org_id', '=', orgId).execute();

describe('resolveActor', () => {
  it('refuses a workspace that is not linked to an org', async () => {
    await expect(resolveActor(t.db, { platform: 'slack', workspaceId: 'T-NOPE', externalUserId: 'U1' }))
      .rejects.toMatchObject({ code: 'unlinked_workspace' });
  });

  it('matches the platform email case-insensitively once, then by the stored chat identity', async () => {
    const org = await seedOrg(t.db);
    await linkWorkspace(t.db, 'slack', 'T-1', org.slug);
    let lookups = 0;
    const lookupProfile = async () => { lookups++; return member(org.sales.email.toUpperCase()); };
    const first = await resolveActor(t.db, { platform: 'slack', workspaceId: 'T-1', externalUserId: 'U-SAM', lookupProfile });
    expect(first).toEqual({ orgId: org.orgId, userId: org.sales.userId, role: 'sales', name: 'Sam Sales', email: org.sales.email, locale: 'en-US' });
    const second = await resolveActor(t.db, { platform: 'slack', workspaceId: 'T-1', externalUserId: 'U-SAM', lookupProfile });
    expect(second).toEqual(first);
    expect(lookups).toBe(1);
    const link = await t.db.selectFrom('chat_identities').selectAll().where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ user_id: org.sales.userId, platform: 'slack', external_user_id: 'U-SAM', linked_by: 'email' });
  });

  it('links by email only a confirmed address of a full, active member of the linked team (issue 9, item 7)', async () => {
    const org = await seedOrg(t.db);
    await linkWorkspace(t.db, 'slack', 'T-7', org.slug);
    const m7 = memberOf('T-7');
    const cases: [string, ChatProfile, string][] = [
      ['U-UNCONFIRMED', m7(org.manager.email, { emailConfirmed: false }), 'email_unconfirmed'],
      ['U-GUEST', m7(org.manager.email, { guest: true }), 'guest'],
      ['U-DELETED', m7(org.manager.email, { inactive: true }), 'inactive'],
      ['U-CONNECT', m7(org.manager.email, { workspaceId: 'T-CUSTOMER' }), 'other_workspace'],
      ['U-NOEMAIL', m7('', {}), 'no_email'],
    ];
    for (const [id, profile, reason] of cases) {
      await expect(resolveActor(t.db, { platform: 'slack', workspaceId: 'T-7', externalUserId: id, lookupProfile: async () => profile }))
        .rejects.toMatchObject({ code: 'unknown_user', detail: { reason } });
    }
    expect(await links(org.orgId)).toEqual([]);
  });

  it('re-checks an email link when the profile changes, and leaves an admin\'s link alone', async () => {
    const org = await seedOrg(t.db);
    await linkWorkspace(t.db, 'slack', 'T-8', org.slug);
    const m8 = memberOf('T-8');
    await resolveActor(t.db, { platform: 'slack', workspaceId: 'T-8', externalUserId: 'U-SAM', lookupProfile: async () => m8(org.sales.email) });
    await t.db.insertInto('chat_identities').values({ org_id: org.orgId, user_id: org.manager.userId, platform: 'slack', external_user_id: 'U-ADMIN' }).execute();
    expect(await recheckChatLink(t.db, 'slack', 'T-8', 'U-SAM', m8(org.sales.email))).toEqual({ status: 'still_valid' });
    expect(await recheckChatLink(t.db, 'slack', 'T-8', 'U-ADMIN', m8('someone@else.example', { guest: true }))).toEqual({ status: 'admin_link' });
    expect(await recheckChatLink(t.db, 'slack', 'T-8', 'U-SAM', m8(org.sales.email, { guest: true })))
      .toEqual({ status: 'unlinked', reason: 'guest', userId: org.sales.userId });
    expect(await links(org.orgId)).toEqual([{ external_user_id: 'U-ADMIN', linked_by: 'admin' }]);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'detail']).where('org_id', '=', org.orgId)
      .where('action', '=', 'chat_identity.unlinked').execute();
    expect(audit).toEqual([{ action: 'chat_identity.unlinked', detail: { platform: 'slack', externalUserId: 'U-SAM', reason: 'guest' } }]);
    // Linked again by email, then the address changes to someone else's: unlinked too.
    await resolveActor(t.db, { platform: 'slack', workspaceId: 'T-8', externalUserId: 'U-SAM', lookupProfile: async () => m8(org.sales.email) });
    expect(await recheckChatLink(t.db, 'slack', 'T-8', 'U-SAM', m8(org.manager.email)))
      .toEqual({ status: 'unlinked', reason: 'email_changed', userId: org.sales.userId });
    expect(await recheckChatLink(t.db, 'slack', 'T-NOT-LINKED', 'U-SAM', m8(org.sales.email))).toEqual({ status: 'unlinked_workspace' });
  });

  it('refuses a chat user with no email or an email of nobody in the org', async () => {
    const org = await seedOrg(t.db);
    const other = await seedOrg(t.db);
    await linkWorkspace(t.db, 'lark', 'tenant-1', org.slug);
    await expect(resolveActor(t.db, { platform: 'lark', workspaceId: 'tenant-1', externalUserId: 'ou_1' }))
      .rejects.toMatchObject({ code: 'unknown_user' });
    await expect(resolveActor(t.db, { platform: 'lark', workspaceId: 'tenant-1', externalUserId: 'ou_1',
      lookupProfile: async () => ({ ...member(other.sales.email), workspaceId: 'tenant-1' }) })).rejects.toMatchObject({ code: 'unknown_user' });
    expect(await t.db.selectFrom('chat_identities').select('id').where('org_id', '=', org.orgId).execute()).toEqual([]);
  });

  it('refuses a deactivated user', async () => {
    const org = await seedOrg(t.db);
    await t.db.updateTable('users').set({ active: false }).where('id', '=', org.sales2.userId).execute();
    await expect(actorByEmail(t.db, org.orgId, org.sales2.email)).rejects.toMatchObject({ code: 'unknown_user' });
  });
});

describe('setUserLocale', () => {
  it('stores the user\'s language over the org default', async () => {
    const org = await seedOrg(t.db);
    const zh = await setUserLocale(t.db, org.sales, 'zh-CN');
    expect(zh.locale).toBe('zh-CN');
    expect((await actorByEmail(t.db, org.orgId, org.sales.email)).locale).toBe('zh-CN');
    expect((await actorByEmail(t.db, org.orgId, org.sales2.email)).locale).toBe('en-US');
  });
});
