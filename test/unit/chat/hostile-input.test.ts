// Issue 9, part 2, hostile input: whatever a person types or a platform sends back — huge,
// unicode, right-to-left and zero-width characters, mrkdwn and card markup, `<!channel>`,
// `<at id=all>`, SQL fragments, numbers out of range — the grammar, the amount and date parsers,
// the button decoders and both renderers never crash, and nothing typed becomes a ping, a mention
// or a link. Property-based (fast-check), with modest run counts to keep CI fast.
import fc from 'fast-check';
import { configureFastCheck } from '../../support/fast-check-seed.js';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/chat/grammar.js';
import { decodeAction } from '../../../src/chat/action-payload.js';
import { parseMoney, formatMinor } from '../../../src/domain/money.js';
import type { Message } from '../../../src/chat/message.js';
import { renderMessage } from '../../../adapters/slack/render.js';
import { normaliseFormValues, renderCard } from '../../../adapters/lark/render.js';
import { parseButtonValue } from '../../../adapters/lark/events.js';

// A fixed seed, so CI runs the same inputs every time; FC_SEED=<n>|random explores others
// (test/support/fast-check-seed.ts). A failure prints its seed and counterexample.
configureFastCheck();

const RUNS = { numRuns: 200 };

/** Fragments an attacker (or an unlucky customer name) brings. */
const HOSTILE = [
  '<!channel>', '<!here>', '<!everyone>', '<@U0123ABC>', '<#C0123|general>', '<!subteam^S123>', '<https://evil.example|your bank>',
  '<at id=all></at>', '<at user_id="ou_x"></at>', '<at id="all">', '[click](https://evil.example)', '<font color="red">x</font>',
  '**bold**', '_it_', '~strike~', '`code`', '```block```', '# heading', '1. item', '> quote', ':OK:', '$$x$$', '{{var}}',
  "'; drop table invoices; --", '" or 1=1 --', '\\x00', '\u0000', '\u202e', '\u200b', '\u2066', '\ufeff', '\u0301',
  '١٢٣', 'مرحبا', 'שלום', '😀👍🏽', '华东机电', '𠀀', '-1', '1e309', '99999999999999999999999999', 'NaN', 'Infinity', '0x10',
  '2026-02-30', '9999-99-99', '&amp;', '&lt;!channel&gt;', '\n', '\r\n', '\t', ' ',
];
const hostileText = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 })),
  { maxLength: 12 }).map((parts) => parts.join(' '));
const words = ['claim', 'log', 'promise', 'dispute', 'report', 'subscribe', 'target', 'legal', 'hold', 'escalate', 'writeoff', 'snooze',
  'assign', 'case', 'digest', 'help', 'lang', 'approve', 'reject', 'unhold', 'release', 'mine'];
const command = fc.tuple(fc.constantFrom('', '/ar ', '@duebot '), fc.constantFrom(...words), hostileText).map(([p, w, rest]) => `${p}${w} ${rest}`);

/** What Slack would turn into a ping, a mention or a link: any `<` left unescaped. */
const SLACK_CONTROL = /<[!@#]|<https?:|<mailto:/i;

function message(text: string): Message {
  return {
    title: text.slice(0, 200),
    level: 'red',
    summary: text,
    blocks: [
      { type: 'section', text },
      { type: 'section', text: [{ text, bold: true }, { text: ' · ' }, { text }] },
      { type: 'fields', fields: [{ label: text.slice(0, 40), value: text }] },
      { type: 'context', text },
      { type: 'list', items: [text, text] },
      { type: 'table', columns: [text.slice(0, 20), 'n'], rows: [[text, '1']] },
    ],
    actions: [{ id: 'claim', label: text.slice(0, 60) || 'x', value: '1.1.1.1' }],
  };
}

/** The markdown Lark renders (markdown elements, lark_md texts); plain_text shows as typed anyway. */
function larkMarkdown(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) for (const v of x) larkMarkdown(v, out);
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if ((o.tag === 'markdown' || o.tag === 'lark_md') && typeof o.content === 'string') out.push(o.content);
    for (const v of Object.values(o)) larkMarkdown(v, out);
  }
  return out;
}

/** Every string inside a rendered payload. */
function strings(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') out.push(x);
  else if (Array.isArray(x)) for (const v of x) strings(v, out);
  else if (x && typeof x === 'object') for (const v of Object.values(x)) strings(v, out);
  return out;
}

describe('hostile input', () => {
  it('the command grammar answers every input with a command or a usage error, never a throw', () => {
    fc.assert(fc.property(fc.oneof(command, hostileText, fc.string({ maxLength: 5000 })), (text) => {
      const r = parseCommand(text);
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) expect(r.error).toBeTruthy();
    }), RUNS);
    // Huge: a 200 kB line is answered too.
    expect(typeof parseCommand(`log C1 note ${'<!channel> '.repeat(20_000)}`).ok).toBe('boolean');
  });

  it('amounts parse exactly or are refused with a reason: no float, no negative, no overflow', () => {
    const amount = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }),
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((n) => `${n / 100n}.${String(n < 0n ? -n % 100n : n % 100n).padStart(2, '0')}`));
    fc.assert(fc.property(amount, fc.constantFrom('CNY', 'USD', 'JPY', 'KWD'), (text, currency) => {
      const r = parseMoney(text, currency);
      if (r.ok) {
        expect(typeof r.minor).toBe('bigint');
        expect(r.minor >= 0n).toBe(true);
        // What parsed prints back to the same amount.
        const again = parseMoney(formatMinor(r.minor, currency), currency);
        expect(again).toEqual({ ok: true, minor: r.minor });
      } else {
        expect(['format', 'digits', 'negative']).toContain(r.reason);
      }
    }), RUNS);
  });

  it('button values and Lark card values decode to a payload or to nothing, never a throw', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(fc.property(fc.oneof(hostileText, json.map((j) => JSON.stringify(j)), json), (v) => {
      const p = decodeAction(v);
      if (p !== null) expect(Number.isInteger(p.org) && Number.isInteger(p.case)).toBe(true);
      const b = parseButtonValue(v);
      if (b !== null) expect(typeof b.a === 'string' && typeof b.v === 'string').toBe(true);
      const form = normaliseFormValues(v);
      for (const value of Object.values(form)) expect(typeof value).toBe('string');
    }), RUNS);
  });

  it('a Lark form value that is an object whose toString is not a function is dropped, not a crash', () => {
    // The counterexample FC_SEED=342514342 drew (20,000 runs): String() throws on it.
    expect(normaliseFormValues([{ toString: null }])).toEqual({});
    expect(normaliseFormValues({ note: { toString: null }, tags: ['a', { valueOf: null }], ok: 'yes', many: ['x', 'y'] })).toEqual({ ok: 'yes', many: 'x,y' });
  });

  it('Slack messages show typed text as text: no <!channel>, mention or link survives', () => {
    fc.assert(fc.property(hostileText, (text) => {
      const rendered = renderMessage(message(text), { locale: 'en-US' });
      for (const s of strings(rendered)) expect(s).not.toMatch(SLACK_CONTROL);
    }), RUNS);
  });

  it('Lark cards show typed text as text: no <at>, no link, no markup survives', () => {
    fc.assert(fc.property(hostileText, (text) => {
      const card = renderCard(message(text), { locale: 'en-US' });
      const markdown = larkMarkdown(card);
      expect(markdown.length).toBeGreaterThan(0);
      for (const s of markdown) {
        expect(s).not.toMatch(/<at\b/i);
        expect(s).not.toMatch(/\]\(/);
        expect(s).not.toMatch(/<font\b/i);
      }
    }), RUNS);
  });
});
