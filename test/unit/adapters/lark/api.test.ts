import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import {
  classifyLarkFailure, isMessageExpired, LarkApi, LarkApiError, LarkRateLimitedError, larkDomain, receiveIdType,
} from '../../../../adapters/lark/api.js';
import { startFakeLarkApi, type FakeLarkApi } from '../../../support/fake-lark-api.js';
import { Domain } from '@larksuiteoapi/node-sdk';
import { isPlatformError } from '../../../../jobs/platform-error.js';

const log = pino({ level: 'silent' });
let fake: FakeLarkApi;
let api: LarkApi;

beforeAll(async () => { fake = await startFakeLarkApi(); });
afterAll(async () => { await fake.close(); });
beforeEach(() => {
  fake.reset();
  api = new LarkApi({ appId: 'cli_test', appSecret: 'secret', domain: fake.url, log });
});

const card = { schema: '2.0', body: { elements: [{ tag: 'markdown', content: 'hi' }] } };

describe('Lark Open API client', () => {
  it('gives up on a Lark API that never answers, as a transient failure (issue 9, 9)', async () => {
    // A server that accepts the connection and never answers.
    const held: http.ServerResponse[] = [];
    const hanging = http.createServer((_req, res) => { held.push(res); });
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    try {
      const slow = new LarkApi({ appId: 'cli_test', appSecret: 'secret', domain: `http://127.0.0.1:${(hanging.address() as { port: number }).port}`, log, timeoutMs: 300 });
      const started = Date.now();
      const e = await slow.sendCard('oc_group', card).catch((x: unknown) => x);
      expect(isPlatformError(e) && e.code).toBe('transient');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      held.forEach((r) => r.destroy());
      await new Promise((r) => hanging.close(r));
    }
  });

  it('maps LARK_DOMAIN to the SDK domain', () => {
    expect(larkDomain('feishu')).toBe(Domain.Feishu);
    expect(larkDomain('Lark')).toBe(Domain.Lark);
    expect(larkDomain('http://127.0.0.1:9/')).toBe('http://127.0.0.1:9');
  });

  it('tells chats from people by their id', () => {
    expect(receiveIdType('oc_123')).toBe('chat_id');
    expect(receiveIdType('ou_123')).toBe('open_id');
    expect(receiveIdType('on_123')).toBe('union_id');
  });

  it('gets a tenant token once and posts interactive cards to chats and people', async () => {
    const toChat = await api.sendCard('oc_group', card);
    const toPerson = await api.sendCard('ou_li', card);
    expect(toChat.chatId).toBe('oc_group');
    expect(fake.callsTo('token')).toHaveLength(1);
    const creates = fake.callsTo('create');
    expect(creates.map((c) => c.query.receive_id_type)).toEqual(['chat_id', 'open_id']);
    expect(creates[0]!.body.msg_type).toBe('interactive');
    expect(creates[0]!.card).toEqual(card);
    expect(creates[0]!.headers.authorization).toBe('Bearer t-fake-tenant-token');
    expect(toPerson.messageId).toMatch(/^om_/);
  });

  it('replies in a thread and patches cards', async () => {
    const root = await api.sendCard('oc_group', card);
    const reply = await api.replyCard(root.messageId, card, true);
    expect(reply.threadId).toBeDefined();
    expect(fake.callsTo('reply')[0]!.body.reply_in_thread).toBe(true);
    await api.patchCard(root.messageId, { ...card, header: { title: { tag: 'plain_text', content: 'new' } } });
    expect(fake.messages.get(root.messageId)!.card!.header.title.content).toBe('new');
  });

  it('classifies code 99991400 as rate limited with the reset time, on 429 and on 400', async () => {
    fake.rateLimit('create', { resetSec: 3, status: 429 });
    const e1 = await api.sendCard('oc_group', card).catch((e) => e);
    expect(e1).toBeInstanceOf(LarkRateLimitedError);
    expect(e1.code).toBe('rate_limited');
    expect(e1.reason).toBe('app_rate_limited');
    expect(e1.retryAfterMs).toBe(3000);
    expect(isPlatformError(e1)).toBe(true);
    fake.rateLimit('patch', { resetSec: 2, status: 400 });
    const e2 = await api.patchCard('om_x', card).catch((e) => e);
    expect(e2).toBeInstanceOf(LarkRateLimitedError);
    expect(e2.retryAfterMs).toBe(2000);
    const chat = classifyLarkFailure(400, { code: 230020, msg: 'chat rate limit' }, {}, 'x');
    expect(chat).toBeInstanceOf(LarkRateLimitedError);
    expect((chat as LarkRateLimitedError).reason).toBe('channel_rate_limited');
  });

  it('reports a patch of a card older than 14 days as expired', async () => {
    const m = await api.sendCard('oc_group', card);
    fake.expire(m.messageId);
    const e = await api.patchCard(m.messageId, card).catch((x) => x);
    expect(e).toBeInstanceOf(LarkApiError);
    expect(e.larkCode).toBe(230031);
    expect(isMessageExpired(e)).toBe(true);
    expect(isMessageExpired(new LarkApiError('permanent', 'invalid_message', 230001, 400, 'x'))).toBe(false);
    expect(e.code).toBe('permanent');
    expect(e.reason).toBe('message_too_old');
  });

  it('sorts other Lark errors into permanent and transient, never with a message body', async () => {
    fake.fail('create', 230002, { msg: 'Bot is not in the chat' });
    const e = await api.sendCard('oc_group', { secret: 'customer data' }).catch((x) => x);
    expect(e).toBeInstanceOf(LarkApiError);
    expect(e.larkCode).toBe(230002);
    expect([e.code, e.reason]).toEqual(['permanent', 'not_in_channel']);
    fake.fail('create', 1234567, { status: 500, msg: 'internal error' });
    const t = await api.sendCard('oc_group', { a: 1 }).catch((x) => x);
    expect([t.code, t.reason, t.httpStatus]).toEqual(['transient', 'lark_1234567', 500]);
    expect(e.message).not.toContain('customer data');
    // A 200 with a non-zero code is an error too.
    expect(classifyLarkFailure(200, { code: 99991672, msg: 'no permission' }, undefined, 'x')).toBeInstanceOf(LarkApiError);
  });

  it('looks up a person\'s email by open_id, and the bot\'s own open_id once', async () => {
    fake.setUserEmail('ou_li', 'li@example.com');
    expect(await api.userEmail('ou_li')).toBe('li@example.com');
    expect(await api.userEmail('ou_nobody')).toBeUndefined();
    expect(fake.callsTo('user')[0]!.query.user_id_type).toBe('open_id');
    expect(await api.botOpenId()).toBe('ou_bot');
    expect(await api.botOpenId()).toBe('ou_bot');
    expect(fake.callsTo('bot_info')).toHaveLength(1);
  });
});
