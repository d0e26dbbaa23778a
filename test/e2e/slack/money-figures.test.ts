// Issue 9, item 4 (Slack): who may publish money figures where. A report or digest goes into the
// channel only from a supervisor and only in a channel not shared with another organisation
// (conversations.info: is_ext_shared / is_shared); anyone else, a Slack Connect channel, and a
// conversation Slack will not describe get it ephemerally. response_url `in_channel` never carries
// them; `/ar subscribe digest|kpi` in a shared channel is refused.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { postSigned } from '../../support/slack-signing.js';
import { slackText } from '../contract/slack-driver.js';
import { SECRET, seedSlackOrg, sendCommand, startSlackStack, type SlackFixture, type SlackStack } from './slack-fixture.js';

const t = testDatabase();
let f: SlackFixture;
let stack: SlackStack;

beforeAll(async () => {
  f = await seedSlackOrg(t.db);
  stack = await startSlackStack(t.db);
});
afterAll(async () => { await stack?.close(); });
beforeEach(() => { stack.api.reset(); });

/** Everything the bot said about a command, once its work after the ack is done. */
async function answered() {
  await stack.slack.settled();
  const calls = stack.api.calls;
  return {
    posts: calls.filter((c) => c.method === 'chat.postMessage'),
    ephemerals: calls.filter((c) => c.method === 'chat.postEphemeral'),
    hooks: calls.filter((c) => c.method === 'response_url'),
  };
}

const channelEvent = (type: 'channel_shared' | 'channel_unshared', channel: string, eventId: string) => JSON.stringify({
  token: 'legacy', team_id: f.teamId, api_app_id: 'AE2E', type: 'event_callback', event_id: eventId, event_time: 1,
  event: { type, connected_team_id: 'TCUSTOMER', channel, event_ts: '1.000001' },
});

describe('money figures in Slack', () => {
  // Each test speaks in its own channel: the adapter remembers what a channel is for five minutes
  // (adapters/slack/channels.ts), so a channel another test used first would not be asked about again.
  it('posts a manager\'s aging report in an internal channel', async () => {
    await sendCommand(stack, f, f.people.manager, 'report aging', { channelId: 'CINTERNAL' });
    const a = await answered();
    expect(a.posts).toHaveLength(1);
    expect(a.posts[0]!.body.channel).toBe('CINTERNAL');
    expect(slackText(a.posts[0]!.body)).toMatch(/aging/i);
    expect(a.ephemerals).toHaveLength(0);
    expect(stack.api.callsTo('conversations.info').map((c) => c.body.channel)).toEqual(['CINTERNAL']);
  });

  it('shows a sales person\'s digest to them only, saying why', async () => {
    await sendCommand(stack, f, f.people.sales, 'digest', { channelId: 'CSALESTEAM' });
    const a = await answered();
    expect(a.posts).toHaveLength(0);
    expect(a.ephemerals).toHaveLength(1);
    expect(a.ephemerals[0]!.body.user).toBe(f.people.sales.slackId);
    const shown = slackText(a.ephemerals[0]!.body);
    expect(shown).toContain('Only you see this: reports and digests are posted to a channel by managers, finance or admins.');
    expect(shown).toMatch(/digest/i);
  });

  it('keeps a manager\'s report out of a Slack Connect channel shared with a customer', async () => {
    stack.api.setChannel('CSHARED', { is_shared: true, is_ext_shared: true });
    await sendCommand(stack, f, f.people.manager, 'report kpi', { channelId: 'CSHARED' });
    const a = await answered();
    expect(a.posts).toHaveLength(0);
    expect(a.ephemerals).toHaveLength(1);
    expect(slackText(a.ephemerals[0]!.body)).toContain('this channel is shared with another organisation');
  });

  it('treats a pending Slack Connect invitation as shared', async () => {
    stack.api.setChannel('CPENDING', { is_pending_ext_shared: true });
    await sendCommand(stack, f, f.people.finance, 'report provision', { channelId: 'CPENDING' });
    const a = await answered();
    expect(a.posts).toHaveLength(0);
    expect(a.ephemerals).toHaveLength(1);
  });

  it('never answers money figures in_channel through response_url, even where the bot cannot post', async () => {
    // A DM between two other people: Slack will not describe it to the bot, nor take its messages.
    stack.api.setChannel('DHUMANS', { error: 'channel_not_found' });
    stack.api.fail('chat.postEphemeral', 'channel_not_found');
    await sendCommand(stack, f, f.people.manager, 'digest', { channelId: 'DHUMANS' });
    const a = await answered();
    expect(a.posts).toHaveLength(0);
    expect(a.hooks).toHaveLength(1);
    expect(a.hooks[0]!.body.response_type).toBe('ephemeral');
    expect(slackText(a.hooks[0]!.body)).toContain('duebot could not check who can read this conversation');
  });

  it('posts in the person\'s own direct message with the bot', async () => {
    await sendCommand(stack, f, f.people.sales, 'report aging', { channelId: `D${f.people.sales.slackId}` });
    const a = await answered();
    expect(a.posts.map((p) => p.body.channel)).toEqual([`D${f.people.sales.slackId}`]);
  });

  it('asks again when a channel becomes shared (channel_shared forgets what was cached)', async () => {
    await sendCommand(stack, f, f.people.manager, 'report aging', { channelId: 'CLATER' });
    expect((await answered()).posts).toHaveLength(1);
    stack.api.reset();
    stack.api.setChannel('CLATER', { is_shared: true, is_ext_shared: true });
    const ev = await postSigned(stack.url, SECRET, channelEvent('channel_shared', 'CLATER', 'EvShared1'), { contentType: 'application/json' });
    expect(ev.status).toBe(200);
    await sendCommand(stack, f, f.people.manager, 'report aging', { channelId: 'CLATER' });
    const a = await answered();
    expect(a.posts).toHaveLength(0);
    expect(a.ephemerals).toHaveLength(1);
  });

  it('refuses /ar subscribe digest and kpi in a shared channel and stores nothing', async () => {
    stack.api.setChannel('CCONNECT', { is_shared: true, is_ext_shared: true });
    for (const kind of ['digest', 'kpi']) {
      await sendCommand(stack, f, f.people.manager, `subscribe ${kind}`, { channelId: 'CCONNECT' });
    }
    const a = await answered();
    expect(a.ephemerals).toHaveLength(2);
    for (const e of a.ephemerals) expect(slackText(e.body)).toContain('This channel is shared with another organisation');
    const rows = await t.db.selectFrom('channel_subscriptions').select('kind').where('org_id', '=', f.orgId).where('channel_id', '=', 'CCONNECT').execute();
    expect(rows).toEqual([]);
    // Escalation requests are not money figures of the whole ledger: that subscription is taken.
    await sendCommand(stack, f, f.people.manager, 'subscribe escalations', { channelId: 'CCONNECT' });
    await stack.slack.settled();
    const after = await t.db.selectFrom('channel_subscriptions').select('kind').where('org_id', '=', f.orgId).where('channel_id', '=', 'CCONNECT').execute();
    expect(after.map((r) => r.kind)).toEqual(['escalations']);
  });

  it('subscribes the digest in an internal channel', async () => {
    await sendCommand(stack, f, f.people.manager, 'subscribe digest at:09:00', { channelId: 'CTEAM' });
    await stack.slack.settled();
    const rows = await t.db.selectFrom('channel_subscriptions').select('kind').where('org_id', '=', f.orgId).where('channel_id', '=', 'CTEAM').execute();
    expect(rows.map((r) => r.kind)).toEqual(['digest']);
  });
});
