// The App Home tab shows the person's open cases; an unknown person gets the polite refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKitViolations, LIMITS } from '../../../adapters/slack/block-kit-limits.js';
import { escapeSlackText } from '../../../src/chat/escape.js';
import { LOCALES, t as say } from '../../../src/chat/i18n.js';
import { testDatabase } from '../../support/db.js';
import { postSigned } from '../../support/slack-signing.js';
import { SECRET, seedSlackOrg, sendCommand, startSlackStack, type SlackFixture, type SlackStack } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  stack = await startSlackStack(t.db);
});
afterAll(async () => { await stack?.close(); });

const homeOpened = (user: string, eventId: string) => JSON.stringify({
  token: 'legacy', team_id: f.teamId, api_app_id: 'AE2E', type: 'event_callback', event_id: eventId, event_time: 1,
  event: { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: '1.000001' },
});

describe('App Home and identity', () => {
  it('publishes the owner\'s open cases on the Home tab', async () => {
    const res = await postSigned(stack.url, SECRET, homeOpened(f.people.other.slackId, 'EvHome1'), { contentType: 'application/json' });
    expect(res.status).toBe(200);
    await stack.api.waitFor((c) => c.some((x) => x.method === 'views.publish'));
    const call = stack.api.callsTo('views.publish')[0]!;
    expect(call.body.user_id).toBe('USALES2');
    expect(call.body.view.type).toBe('home');
    expect(JSON.stringify(call.body.view)).toContain('Pearl River Trading');
    expect(blockKitViolations(call.body.view, LIMITS.viewBlocks)).toEqual([]);
  });

  it('links a Slack user by the email of their profile the first time they use the bot', async () => {
    await t.db.insertInto('users').values({ org_id: f.orgId, email: 'new.person@acme.example', name: 'New Person', role: 'sales' }).execute();
    stack.api.setUserEmail('UNEW1', 'New.Person@acme.example');
    stack.api.reset();
    await sendCommand(stack, f, { id: 0, slackId: 'UNEW1', name: 'new', email: '', role: 'sales' }, 'mine');
    await stack.api.waitFor((c) => c.some((x) => x.method === 'chat.postEphemeral'));
    expect(stack.api.callsTo('users.info')[0]!.body.user).toBe('UNEW1');
    const link = await t.db.selectFrom('chat_identities').innerJoin('users', 'users.id', 'chat_identities.user_id')
      .select('users.email').where('chat_identities.external_user_id', '=', 'UNEW1').executeTakeFirst();
    expect(link?.email).toBe('new.person@acme.example');
  });

  it('answers an unknown person and an unlinked workspace politely, changing nothing', async () => {
    stack.api.reset();
    await sendCommand(stack, f, { id: 0, slackId: 'USTRANGER', name: 'x', email: '', role: 'sales' }, 'claim HDJD');
    await sendCommand(stack, { teamId: 'TOTHER' }, f.people.sales, 'claim HDJD');
    await stack.api.waitFor((c) => c.filter((x) => x.method === 'chat.postEphemeral').length === 2);
    const texts = stack.api.callsTo('chat.postEphemeral').map((c) => String(c.body.text));
    // Before the person is known, the answer is in the default language (DUEBOT_LOCALE, zh-CN).
    const said = (key: 'error.unknown_user' | 'error.unlinked_workspace') => LOCALES.map((l) => escapeSlackText(say(l, key)));
    expect(texts.some((s) => said('error.unknown_user').some((x) => s.includes(x)))).toBe(true);
    expect(texts.some((s) => said('error.unlinked_workspace').some((x) => s.includes(x)))).toBe(true);
    const kase = await t.db.selectFrom('cases').select('owner_user_id').where('id', '=', f.alertCase.caseId).executeTakeFirstOrThrow();
    expect(kase.owner_user_id).toBeNull();
  });
});
