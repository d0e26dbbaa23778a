// Issue 11: the SMTP variables, checked at start with one line naming the variable.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('SMTP configuration', () => {
  it('takes smtp:// and smtps:// URLs with a sender', () => {
    const c = loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465', SMTP_FROM: 'AR Team <ar@example.com>', SMTP_REPLY_TO: 'ar@example.com' });
    expect(c.SMTP_URL).toBe('smtps://u:p@mail.example.com:465');
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example.com:587', SMTP_FROM: 'ar@example.com' }).SMTP_FROM).toBe('ar@example.com');
    expect(loadConfig({}).SMTP_URL).toBeUndefined();
  });

  it('refuses another scheme, a URL without a sender and a bad address, naming the variable', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com', SMTP_FROM: 'ar@example.com' })).toThrow(/^SMTP_URL: expected an SMTP URL/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com' })).toThrow(/^SMTP_FROM: expected the sender address/);
    expect(() => loadConfig({ SMTP_FROM: 'not an address' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_REPLY_TO: 'AR <ar@example.com>' })).toThrow(/^SMTP_REPLY_TO/);
  });
});
