// Exactly-once send as far as the platforms allow (issue 8): a post whose answer never comes (the
// connection drops after the platform did it) is not posted again. Slack: the retry finds the
// delivery's metadata in conversations.history; Lark: the retry carries the same uuid.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { startFakeLarkApi, type FakeLarkApi } from '../../support/fake-lark-api.js';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { createLarkAdapter } from '../../../adapters/lark/index.js';
import type { Chat } from '../../../src/chat/chat.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { Clock, makeRuntime, seedOrg, silent, subscribe, testPrefix, waitFor } from './jobs-fixtures.js';

const t = testDatabase();
// The adapters are only used to send here: no event reaches the chat layer.
const noChat = {} as Chat;

describe('exactly-once send', () => {
  let slackApi: FakeSlackApi;
  let larkApi: FakeLarkApi;
  let rt: JobsRuntime;
  let orgId: number;
  const clock = new Clock(new Date()).at('Asia/Shanghai', '2026-03-09', '09:00');

  beforeAll(async () => {
    slackApi = await startFakeSlackApi();
    larkApi = await startFakeLarkApi();
    const slack = createSlackAdapter({ chat: noChat, db: t.db, log: silent, locale: 'en-US',
      config: { signingSecret: 'sig', botToken: 'xoxb-test', apiUrl: slackApi.url } });
    const lark = createLarkAdapter({ chat: noChat, db: t.db, log: silent,
      config: { appId: 'cli_x', appSecret: 'secret', verificationToken: 'tok', encryptKey: 'enc-key', domain: larkApi.url, mode: 'http' } });
    orgId = await seedOrg(t.db, 'once-org');
    rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: { slack: slack.port, lark: lark.port }, clock });
    await rt.start();
  });
  afterAll(async () => { await rt?.stop(); await slackApi?.close(); await larkApi?.close(); });

  const sent = (kind: string, channel: string) => waitFor(`the ${kind} to ${channel} to be recorded`, async () => {
    const d = await t.db.selectFrom('deliveries').selectAll().where('org_id', '=', orgId).where('channel_id', '=', channel).executeTakeFirst();
    return d && d.status === 'sent' ? d : undefined;
  }, 30_000);

  it('Slack: a post whose answer was lost is found by its metadata, not posted again', async () => {
    const sub = await subscribe(t.db, orgId, { kind: 'digest', channel: 'C-ONCE' });
    slackApi.drop('chat.postMessage', 1);
    await rt.delivery.enqueue([{ orgId, platform: 'slack', channelId: 'C-ONCE', kind: 'digest', subscriptionId: sub, localDate: '2026-03-09', dedupeKey: `digest:${sub}:2026-03-09` }]);
    const d = await sent('digest', 'C-ONCE');
    const messages = slackApi.messages('C-ONCE');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.metadata).toEqual({ event_type: 'duebot_delivery', event_payload: { delivery_id: String(d.id) } });
    expect(d.message_id).toBe(messages[0]!.ts);
    // This channel's calls only: the other tests post and look up in theirs.
    const to = (method: string) => slackApi.callsTo(method).filter((c) => c.body.channel === 'C-ONCE');
    expect(to('chat.postMessage')).toHaveLength(1);
    const looked = to('conversations.history');
    expect(looked).toHaveLength(1);
    expect(String(looked[0]!.body.include_all_metadata)).toBe('true');
  });

  it('Slack: a post that surely did not happen (the lookup finds nothing) is sent on the retry', async () => {
    const sub = await subscribe(t.db, orgId, { kind: 'digest', channel: 'C-RETRY' });
    slackApi.fail('chat.postMessage', 'internal_error');
    await rt.delivery.enqueue([{ orgId, platform: 'slack', channelId: 'C-RETRY', kind: 'digest', subscriptionId: sub, localDate: '2026-03-09', dedupeKey: `digest:${sub}:2026-03-09` }]);
    await sent('digest', 'C-RETRY');
    expect(slackApi.messages('C-RETRY')).toHaveLength(1);
  });

  it('Lark: a post whose answer was lost is sent again with the same uuid, and Lark keeps one message', async () => {
    const sub = await subscribe(t.db, orgId, { kind: 'digest', channel: 'oc_once', platform: 'lark' });
    larkApi.drop('create', 1);
    await rt.delivery.enqueue([{ orgId, platform: 'lark', channelId: 'oc_once', kind: 'digest', subscriptionId: sub, localDate: '2026-03-09', dedupeKey: `digest:${sub}:2026-03-09` }]);
    const d = await sent('digest', 'oc_once');
    const creates = larkApi.calls.filter((c) => c.endpoint === 'create' && c.body.receive_id === 'oc_once');
    expect(creates.length).toBe(2);
    expect(creates[0]!.body.uuid).toBe(`duebot-delivery-${d.id}`);
    expect(creates[1]!.body.uuid).toBe(creates[0]!.body.uuid);
    expect([...larkApi.messages.values()].filter((m) => m.chatId === 'oc_once')).toHaveLength(1);
    expect(d.message_id).toBe(creates[0]!.messageId);
  });
});
