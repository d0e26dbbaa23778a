import { describe, expect, it } from 'vitest';
import { COMMANDS, parseCommand, USAGE, type UsageError } from '../../../../src/chat/grammar.js';
import { helpView } from '../../../../src/chat/views/help.js';
import { errorView } from '../../../../src/chat/views/error.js';
import { usageErrorView } from '../../../../src/chat/views/usage-error.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import type { ErrorCode } from '../../../../src/errors.js';
import { checkMessage, plain } from './message-checks.js';

describe('help view', () => {
  it.each(LOCALES)('lists every command with a one-line description (%s)', (locale) => {
    const m = helpView({}, locale);
    checkMessage(m);
    const text = plain(m);
    for (const c of COMMANDS) expect(text).toContain(`/ar ${c} — `);
    expect(m.ephemeral).toBe(true);
  });

  it.each(LOCALES)('explains each command with its usage and an example that parses (%s)', (locale) => {
    for (const c of COMMANDS) {
      const m = helpView({ topic: c }, locale);
      checkMessage(m);
      expect(plain(m)).toContain(USAGE[c]);
      const example = /(?:Example: |示例：)(.*)$/m.exec(plain(m))?.[1];
      expect(example, c).toBeDefined();
      // Examples mention people as the user would type them; everything else must parse.
      const r = parseCommand(example!.replace(/@\S+(?: Wei)?$/, '<@U1>'));
      expect(r.ok, `${locale} ${c}: ${example}`).toBe(true);
      if (r.ok) expect(r.command.kind).toBe(c);
    }
  });
});

describe('error view', () => {
  const codes: (ErrorCode | 'internal')[] = ['not_found', 'ambiguous', 'forbidden', 'invalid', 'conflict', 'stale', 'unknown_user',
    'unlinked_workspace', 'evidence_missing', 'own_request', 'rate_limited', 'internal'];

  it.each(LOCALES)('has a message for every error code (%s)', (locale) => {
    for (const code of codes) {
      const m = errorView({ code, ref: 'e7f3a1' }, locale);
      checkMessage(m);
      expect(m.ephemeral).toBe(true);
      expect(m.errorRef).toBe('e7f3a1');
      expect(plain(m)).toContain('e7f3a1');
    }
  });

  it('lists the matches of an ambiguous name', () => {
    const matches = Array.from({ length: 14 }, (_, i) => ({ code: `P${i}`, name: `Pearl ${i}` }));
    const m = errorView({ code: 'ambiguous', subject: 'Pearl', matches }, 'en-US');
    checkMessage(m);
    expect(plain(m)).toContain('"Pearl" matches several customers');
    expect(plain(m)).toContain('Pearl 9 (P9)');
    expect(plain(m)).toContain('+4 more');
  });

  it('names what was not found and lists missing evidence', () => {
    expect(plain(errorView({ code: 'not_found', subject: 'Zhujiang' }, 'zh-CN'))).toContain('没有找到“Zhujiang”');
    const m = errorView({ code: 'evidence_missing', missing: [{ kind: 'customer_response' }] }, 'en-US');
    expect(plain(m)).toContain("Evidence of the customer's response");
  });
});

describe('usage error view', () => {
  const fails = (text: string): UsageError => {
    const r = parseCommand(text);
    if (r.ok) throw new Error('parsed');
    return r.error;
  };

  it.each(LOCALES)('says what was wrong and shows the right form (%s)', (locale) => {
    for (const text of ['pay', 'promise PRL', 'promise PRL 0 2026-01-01', 'promise PRL 10 2026-02-30', 'digest now', 'log Pearl River call x',
      'subscribe digest at:25:00', 'target org recovery 0', 'lang fr', 'report x', 'promise "PRL 1 2026-01-01', 'assign PRL bob']) {
      const m = usageErrorView(fails(text), locale);
      checkMessage(m);
      expect(m.ephemeral).toBe(true);
    }
  });

  it('explains a bad date with the expected form', () => {
    const m = usageErrorView(fails('/ar promise PRL 100 2026-02-30'), 'en-US');
    const text = plain(m);
    expect(text).toContain('"2026-02-30" is not a valid date.');
    expect(text).toContain('A date is YYYY-MM-DD');
    expect(text).toContain('Usage: /ar promise <customer> <amount> <YYYY-MM-DD> [note]');
    expect(plain(usageErrorView(fails('/ar promise PRL 100 2026-02-30'), 'zh-CN'))).toContain('用法：/ar promise <customer>');
  });

  it('suggests quotes for a customer name with spaces', () => {
    const m = usageErrorView(fails('log Pearl River call said ok'), 'zh-CN');
    expect(plain(m)).toContain('客户名称含空格时请加引号');
    expect(plain(m)).toContain('“River”不是有效的催收方式。');
  });

  it('points an unknown command to help', () => {
    const text = plain(usageErrorView(fails('pay PRL'), 'en-US'));
    expect(text).toContain('I do not know the command "pay".');
    expect(text).toContain('/ar help lists every command.');
  });

  it('names the missing argument', () => {
    expect(plain(usageErrorView(fails('snooze PRL 7'), 'zh-CN'))).toContain('缺少理由。');
    expect(plain(usageErrorView(fails('snooze PRL 7'), 'en-US'))).toContain('Missing: reason.');
  });
});
