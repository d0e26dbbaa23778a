import { describe, expect, it } from 'vitest';
import { escapeLarkMarkdown, escapeSlackText } from '../../../src/chat/escape.js';

describe('escapeSlackText', () => {
  it.each([
    ['<!channel> pay now', '&lt;!channel&gt; pay now'],
    ['<!here|here>', '&lt;!here|here&gt;'],
    ['<@U024BE7LH>', '&lt;@U024BE7LH&gt;'],
    ['<!subteam^S123|@finance>', '&lt;!subteam^S123|@finance&gt;'],
    ['<http://evil.example|Bank of China>', '&lt;http://evil.example|Bank of China&gt;'],
    ['Tom & Jerry > Co <Ltd>', 'Tom &amp; Jerry &gt; Co &lt;Ltd&gt;'],
  ])('turns %j into literal text', (input, expected) => {
    expect(escapeSlackText(input)).toBe(expected);
  });

  it('escapes an already-escaped entity again, so it shows as typed', () => {
    expect(escapeSlackText('&lt;!channel&gt;')).toBe('&amp;lt;!channel&amp;gt;');
  });

  it('leaves no raw control character of Slack mrkdwn', () => {
    const out = escapeSlackText('<<!everyone>> && <#C123> <mailto:a@b.c|x>');
    expect(out).not.toMatch(/[<>]/);
    expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  });

  it('keeps Chinese and ordinary punctuation as is', () => {
    expect(escapeSlackText('珠江物流：已付 50%（约 ¥6,000.25）')).toBe('珠江物流：已付 50%（约 ¥6,000.25）');
  });
});

describe('escapeLarkMarkdown', () => {
  it.each([
    '<at id=all></at>',
    '<at user_id="ou_123">Boss</at>',
    '<at email=ceo@example.com></at>',
    '[Bank of China](https://evil.example)',
    '**urgent** _now_ ~~old~~ `code`',
    '# heading',
    '<font color="red">fake alert</font>',
    '<text_tag color="red">PAID</text_tag>',
    '![img](https://evil.example/x.png)',
    '| a | b |\n|---|---|',
    '\\*still escaped\\*',
    ':OK: :Fire:',
    '$$x^2$$ and {{customer}}',
    '- [ ] item',
  ])('leaves %j without any markup character', (input) => {
    // Take out our character references: nothing of the markup may be left.
    const bare = escapeLarkMarkdown(input).replace(/&(amp|#\d+);/g, '');
    expect(bare).not.toMatch(/[<>*_~[\]()`#|!\\&:${}]/);
  });

  it('uses character references that decode back to the text', () => {
    const input = '<at id=all></at> **x** [a](b) #1 a_b ~c~ `d` e\\f g|h !i -j +k & l :OK: $m$ {{n}}\n1. o 2.50';
    const decoded = escapeLarkMarkdown(input)
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
      .replace(/&amp;/g, '&');
    expect(decoded).toBe(input);
  });

  it('escapes an entity the user typed, so it is not decoded into a tag', () => {
    expect(escapeLarkMarkdown('&#60;at id=all&#62;')).toBe('&amp;&#35;60;at id=all&amp;&#35;62;');
  });

  it('makes a numbered line literal but keeps the full stops of amounts and sentences', () => {
    expect(escapeLarkMarkdown('1. pay\n  2. now 1,234.50.')).toBe('1&#46; pay\n  2&#46; now 1,234.50.');
  });

  it('keeps Chinese text and plain words readable', () => {
    expect(escapeLarkMarkdown('珠江物流 已付款 50%')).toBe('珠江物流 已付款 50%');
  });
});
