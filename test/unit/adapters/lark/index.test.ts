import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createLarkAdapter, larkConfig } from '../../../../adapters/lark/index.js';
import type { Chat } from '../../../../src/chat/chat.js';
import { ConfigError, loadConfig } from '../../../../src/config.js';
import type { Db } from '../../../../src/store/connection.js';

const log = pino({ level: 'silent' });
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

  it('refuses to start the long connection with an app id Lark would not accept', async () => {
    const a = createLarkAdapter({ chat, db, log, config: { appId: 'my-app', appSecret: 's', domain: 'http://127.0.0.1:9', mode: 'ws' } });
    await expect(a.start()).rejects.toThrow(/LARK_APP_ID/);
  });
});
