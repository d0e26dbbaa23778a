// Issue 9, item 7 (Slack): a Slack account is linked to a duebot user by its profile email only
// when Slack says the email is confirmed, the account is no guest, not deleted, and belongs to the
// linked team (users.info `team_id`); a user_change that breaks one of these removes the link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { postSigned } from '../../support/slack-signing.js';
import { slackText } from '../contract/slack-driver.js';
import { SECRET, seedSlackOrg, sendCommand, startSlackStack, type Person, type SlackFixture, type SlackStack } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;
/** A duebot manager with no Slack link yet: whoever Slack says has this email could become them. */
let target: Person;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  stack = await startSlackStack(t.db);
  const u = await t.db.insertInto('users').values({ org_id: f.orgId, email: 'boss@acme.example', name: 'Big Boss', role: 'manager', locale: 'en-US' })
    .returning('id').executeTakeFirstOrThrow();
  target = { id: u.id, slackId: '', name: 'Big Boss', email: 'boss@acme.example', role: 'manager' };
});
afterAll(async () => { await stack?.close(); });

const linkOf = (slackId: string) => t.db.selectFrom('chat_identities').select(['user_id', 'linked_by']).where('org_id', '=', f.orgId)
  .where('platform', '=', 'slack').where('external_user_id', '=', slackId).executeTakeFirst();

/** `/ar mine` from a Slack account whose profile email is the target's: what Slack showed them. */
async function tryAs(slackId: string, user: Record<string, unknown>): Promise<string> {
  stack.api.setUserEmail(slackId, target.email);
  stack.api.setUser(slackId, user);
  const from = stack.api.calls.length;
  await sendCommand(stack, f, { ...target, slackId }, 'mine', { channelId: 'CGENERAL' });
  await stack.slack.settled();
  return stack.api.calls.slice(from).filter((c) => c.method === 'chat.postEphemeral').map((c) => slackText(c.body)).join('\n');
}

const userChange = (user: Record<string, unknown>, eventId: string) => JSON.stringify({
  token: 'legacy', team_id: f.teamId, api_app_id: 'AE2E', type: 'event_callback', event_id: eventId, event_time: 1,
  event: { type: 'user_change', user: { team_id: f.teamId, name: 'boss', deleted: false, is_restricted: false, is_ultra_restricted: false,
    is_email_confirmed: true, ...user }, event_ts: '1.000001', cache_ts: 1 },
});

describe('identity by email in Slack', () => {
  it('does not link an unconfirmed email, a guest, or an account of another team', async () => {
    // What this test audits, not what the others left: their links and unlinks are the target's too.
    const before = await t.db.selectFrom('audit_log').select((e) => e.fn.max('id').as('id')).executeTakeFirstOrThrow();
    for (const [id, user] of [
      ['UUNCONF', { is_email_confirmed: false }],
      ['UGUEST1', { is_restricted: true }],
      ['UGUEST2', { is_ultra_restricted: true }],
      ['UCONNECT', { team_id: 'TCUSTOMER' }],
    ] as const) {
      const shown = await tryAs(id, user);
      expect(shown, id).not.toBe('');   // refused, in a message only they see
      expect(await linkOf(id), id).toBeUndefined();
    }
    const audit = await t.db.selectFrom('audit_log').select('id').where('org_id', '=', f.orgId).where('actor_user_id', '=', target.id)
      .where('id', '>', before.id ?? 0n).execute();
    expect(audit).toEqual([]);
  });

  it('links a confirmed full member, and unlinks them when user_change makes them a guest', async () => {
    await tryAs('UBOSS', {});
    expect(await linkOf('UBOSS')).toEqual({ user_id: target.id, linked_by: 'email' });
    // A profile edit that keeps everything: the link stays.
    const same = await postSigned(stack.url, SECRET, userChange({ id: 'UBOSS', profile: { email: target.email } }, 'EvSame'), { contentType: 'application/json' });
    expect(same.status).toBe(200);
    await stack.slack.settled();
    expect(await linkOf('UBOSS')).toEqual({ user_id: target.id, linked_by: 'email' });
    // Turned into a guest: the link goes, and the next command is refused.
    await postSigned(stack.url, SECRET, userChange({ id: 'UBOSS', is_restricted: true, profile: { email: target.email } }, 'EvGuest'), { contentType: 'application/json' });
    await stack.slack.settled();
    expect(await linkOf('UBOSS')).toBeUndefined();
    const unlinked = await t.db.selectFrom('audit_log').select('detail').where('org_id', '=', f.orgId).where('action', '=', 'chat_identity.unlinked').execute();
    // This account's unlink only: the email-change test unlinks UBOSS2 from the same person.
    expect(unlinked.map((r) => r.detail).filter((d) => d.externalUserId === 'UBOSS'))
      .toEqual([{ platform: 'slack', externalUserId: 'UBOSS', reason: 'guest' }]);
    expect(await tryAs('UBOSS', { is_restricted: true })).not.toBe('');
    expect(await linkOf('UBOSS')).toBeUndefined();
  });

  it('unlinks an email link when the profile email changes to someone else\'s', async () => {
    await tryAs('UBOSS2', {});
    expect(await linkOf('UBOSS2')).toMatchObject({ linked_by: 'email' });
    await postSigned(stack.url, SECRET, userChange({ id: 'UBOSS2', profile: { email: f.people.finance.email } }, 'EvEmail'), { contentType: 'application/json' });
    await stack.slack.settled();
    expect(await linkOf('UBOSS2')).toBeUndefined();
  });

  it('keeps a link an admin made whatever the profile says', async () => {
    await postSigned(stack.url, SECRET, userChange({ id: f.people.sales.slackId, is_restricted: true, profile: { email: 'x@y.example' } }, 'EvAdmin'),
      { contentType: 'application/json' });
    await stack.slack.settled();
    expect(await linkOf(f.people.sales.slackId)).toEqual({ user_id: f.people.sales.id, linked_by: 'admin' });
  });
});
