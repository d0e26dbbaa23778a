// Issue 9, item 7 (Lark): a Lark account is linked to a duebot user by its directory email only
// when the person belongs to the linked tenant itself (the event's sender / operator tenant_key;
// someone of another tenant in an external chat is not) and is active; contact.user.updated_v3
// that changes the email or deactivates the account removes a link made by email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { messageEvent, userUpdatedEvent } from '../../support/lark-signing.js';
import { startLarkWorld, TOKEN, type LarkOrg, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;
let org: LarkOrg;

beforeAll(async () => {
  w = await startLarkWorld(t.db);
  org = await w.newOrg();
});
afterAll(async () => { await w?.close(); });

const linkOf = (openId: string) => t.db.selectFrom('chat_identities').select(['user_id', 'linked_by']).where('org_id', '=', org.orgId)
  .where('platform', '=', 'lark').where('external_user_id', '=', openId).executeTakeFirst();

describe('Lark: identity by email', () => {
  it('does not link a person of another tenant whose email is a duebot user\'s', async () => {
    const stranger = `ou_stranger_${org.orgId}`;
    w.fake.setUserEmail(stranger, org.manager.email);
    w.fake.knowUsers(stranger);
    const messageId = `om_typed_stranger_${org.orgId}`;
    w.fake.seedMessage({ id: messageId, chatId: 'oc_external' });
    const r = await w.send(messageEvent({ token: TOKEN, tenantKey: org.tenantKey }, {
      messageId, openId: stranger, chatId: 'oc_external', chatType: 'group', senderTenantKey: 'tk_customer',
      text: '@_user_1 mine', mentions: [{ key: '@_user_1', openId: w.fake.botOpenId, name: 'duebot' }],
    }));
    expect(r.status).toBe(200);
    expect(await linkOf(stranger)).toBeUndefined();
  });

  it('links a person of the tenant by email, and unlinks them when their directory email changes or they resign', async () => {
    await w.say(org, 'finance', 'mine');
    expect(await linkOf(org.openId.finance)).toEqual({ user_id: org.finance.userId, linked_by: 'email' });
    // Unchanged email: still linked.
    await w.send(userUpdatedEvent({ token: TOKEN, tenantKey: org.tenantKey }, { openId: org.openId.finance, email: org.finance.email }));
    expect(await linkOf(org.openId.finance)).toMatchObject({ linked_by: 'email' });
    await w.send(userUpdatedEvent({ token: TOKEN, tenantKey: org.tenantKey }, { openId: org.openId.finance, email: 'someone.else@example.com' }));
    expect(await linkOf(org.openId.finance)).toBeUndefined();
    // Linked again by the next command, then resigned: unlinked.
    await w.say(org, 'finance', 'mine');
    expect(await linkOf(org.openId.finance)).toMatchObject({ linked_by: 'email' });
    await w.send(userUpdatedEvent({ token: TOKEN, tenantKey: org.tenantKey }, { openId: org.openId.finance, email: org.finance.email, status: { is_resigned: true } }));
    expect(await linkOf(org.openId.finance)).toBeUndefined();
    const audit = await t.db.selectFrom('audit_log').select('detail').where('org_id', '=', org.orgId).where('action', '=', 'chat_identity.unlinked').execute();
    expect(audit.map((a) => (a.detail as { reason: string }).reason)).toEqual(['email_changed', 'inactive']);
  });

  it('leaves a link an admin made (users.csv) alone', async () => {
    await w.send(userUpdatedEvent({ token: TOKEN, tenantKey: org.tenantKey }, { openId: org.openId.sales, email: 'changed@example.com' }));
    expect(await linkOf(org.openId.sales)).toEqual({ user_id: org.sales.userId, linked_by: 'admin' });
  });
});
