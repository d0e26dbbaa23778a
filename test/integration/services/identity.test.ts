import { describe, expect, it } from 'vitest';
import { actorByEmail, resolveActor, setUserLocale } from '../../../src/services/identity.js';
import { linkWorkspace } from '../../../src/services/orgs.js';
import { testDatabase } from '../../support/db.js';
import { seedOrg } from './fixtures.js';

const t = testDatabase();

describe('resolveActor', () => {
  it('refuses a workspace that is not linked to an org', async () => {
    await expect(resolveActor(t.db, { platform: 'slack', workspaceId: 'T-NOPE', externalUserId: 'U1' }))
      .rejects.toMatchObject({ code: 'unlinked_workspace' });
  });

  it('matches the platform email case-insensitively once, then by the stored chat identity', async () => {
    const org = await seedOrg(t.db);
    await linkWorkspace(t.db, 'slack', 'T-1', org.slug);
    let lookups = 0;
    const lookupEmail = async () => { lookups++; return org.sales.email.toUpperCase(); };
    const first = await resolveActor(t.db, { platform: 'slack', workspaceId: 'T-1', externalUserId: 'U-SAM', lookupEmail });
    expect(first).toEqual({ orgId: org.orgId, userId: org.sales.userId, role: 'sales', name: 'Sam Sales', email: org.sales.email, locale: 'en-US' });
    const second = await resolveActor(t.db, { platform: 'slack', workspaceId: 'T-1', externalUserId: 'U-SAM', lookupEmail });
    expect(second).toEqual(first);
    expect(lookups).toBe(1);
    const link = await t.db.selectFrom('chat_identities').selectAll().where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ user_id: org.sales.userId, platform: 'slack', external_user_id: 'U-SAM' });
  });

  it('refuses a chat user with no email or an email of nobody in the org', async () => {
    const org = await seedOrg(t.db);
    const other = await seedOrg(t.db);
    await linkWorkspace(t.db, 'lark', 'tenant-1', org.slug);
    await expect(resolveActor(t.db, { platform: 'lark', workspaceId: 'tenant-1', externalUserId: 'ou_1' }))
      .rejects.toMatchObject({ code: 'unknown_user' });
    await expect(resolveActor(t.db, { platform: 'lark', workspaceId: 'tenant-1', externalUserId: 'ou_1',
      lookupEmail: async () => other.sales.email })).rejects.toMatchObject({ code: 'unknown_user' });
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
