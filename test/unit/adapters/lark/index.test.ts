import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createLarkAdapter, larkConfig } from '../../../../adapters/lark/index.js';
import type { Chat } from '../../../../src/chat/chat.js';
import { ConfigError, loadConfig } from '../../../../src/config.js';
import type { RouteHandler } from '../../../../src/server/http-server.js';
import type { Db } from '../../../../src/store/connection.js';
import { cardActionEvent, larkRequest } from '../../../support/lark-signing.js';

const log = pino({ level: 'silent' });

/** Runs a route handler on a fake request and response; returns the status written. */
async function callHandler(handler: RouteHandler, req: { body: string; headers: Record<string, string> }) {
  let status = 0;
  const res = { writeHead: (s: number) => { status = s; return res; }, end: () => res } as unknown as http.ServerResponse;
  await handler({ headers: req.headers } as http.IncomingMessage, res, Buffer.from(req.body));
  return { status };
}
const chat = {} as Chat;
const db = {} as Db;

describe('createLarkAdapter', () => {
  it('is off without app credentials, and reads the LARK_* variables', () => {
    expect(larkConfig(loadConfig({}))).toBeNull();
    expect(larkConfig(loadConfig({ LARK_APP_ID: 'cli_a1b2c3d4e5f60718', LARK_APP_SECRET: 's', LARK_ENCRYPT_KEY: 'k', LARK_MODE: 'ws', LARK_DOMAIN: 'lark' })))
      .toEqual({ appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', encryptKey: 'k', domain: 'lark', mode: 'ws' });
  });

  it('refuses HTTP mode with neither a verification token nor an encrypt key', () => {
    expect(() => createLarkAdapter({ chat, db, log, config: { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: 'feishu', mode: 'http' } }))
      .toThrow(ConfigError);
  });

  it('refuses HTTP mode on the verification token alone, in the config and in the adapter (issue 9, 2)', () => {
    const env = { LARK_APP_ID: 'cli_a1b2c3d4e5f60718', LARK_APP_SECRET: 's', LARK_VERIFICATION_TOKEN: 't' };
    expect(() => loadConfig(env)).toThrow(/^LARK_ENCRYPT_KEY: expected the Encrypt Key with LARK_MODE=http/);
    expect(() => loadConfig({ ...env, LARK_MODE: 'ws' })).not.toThrow();
    expect(() => createLarkAdapter({ chat, db, log, config: { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', verificationToken: 't', domain: 'feishu', mode: 'http' } }))
      .toThrow(/LARK_ENCRYPT_KEY/);
  });

  it('mounts POST /lark/events in HTTP mode only; in ws mode a posted event is refused (issue 9, 1)', async () => {
    const http = createLarkAdapter({ chat, db, log, config: { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', encryptKey: 'k', domain: 'feishu', mode: 'http' } });
    expect(Object.keys(http.routes)).toEqual(['POST /lark/events']);
    const ws = createLarkAdapter({ chat, db, log, config: { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: 'feishu', mode: 'ws' } });
    expect(ws.routes).toEqual({});
    const req = larkRequest(cardActionEvent({ token: 't', tenantKey: 'tk' }, { openId: 'ou_manager', chatId: 'oc_1', messageId: 'om_1', value: { a: 'approve' } }));
    const answer = await callHandler(ws.handler, req);
    expect(answer.status).toBe(401);
  });

  it('refuses to start the long connection with an app id Lark would not accept', async () => {
    const a = createLarkAdapter({ chat, db, log, config: { appId: 'my-app', appSecret: 's', domain: 'http://127.0.0.1:9', mode: 'ws' } });
    await expect(a.start()).rejects.toThrow(/LARK_APP_ID/);
  });
});
