import { describe, expect, it } from 'vitest';
import type { Message } from '../../../../src/chat/message.js';
import { blockKitViolations, LIMITS } from '../../../../adapters/slack/block-kit-limits.js';
import { actionIdOf, mentionedUserIds, renderHome, renderMessage } from '../../../../adapters/slack/render.js';
import { fit } from '../../../../adapters/slack/mrkdwn.js';
import { tableLines } from '../../../../adapters/slack/table-text.js';
import { displayWidth } from '../../../../src/domain/display-width.js';

const all = (m: ReturnType<typeof renderMessage>) => [...m.blocks, ...m.attachments.flatMap((a) => a.blocks ?? [])] as any[];
const json = (x: unknown) => JSON.stringify(x);

describe('renderMessage: escaping', () => {
  it('shows <!channel>, user mentions and disguised links typed in a note literally', () => {
    const note = 'call <!channel> and <@U999> see <http://evil.example|bank> & co';
    const out = renderMessage({ title: `Note <!here>`, blocks: [{ type: 'section', text: note }, { type: 'fields', fields: [{ label: 'A<b>', value: note }] },
      { type: 'list', items: [note] }, { type: 'context', text: note }], summary: note,
    actions: [{ id: 'claim', label: '<!channel>', value: '1.1.1.1', confirm: { title: '<!here>', text: note } }] });
    const s = json(out);
    expect(s).not.toMatch(/<!channel>|<!here>|<@U999>|<http:\/\/evil/);
    expect(s).toContain('&lt;!channel&gt;');
    expect(s).toContain('&lt;http://evil.example|bank&gt; &amp; co');
    expect(out.text).toContain('&lt;!channel&gt;');
  });

  it('mentions a user by Slack id only when they have a Slack identity, else by name', () => {
    const m: Message = { blocks: [{ type: 'section', text: [{ text: 'Owner: ' }, { mention: { userId: 7, name: 'Li Lei' } }, { text: ', ' }, { mention: { userId: 8, name: 'Han <Mei>' } }] }], summary: 's' };
    expect(mentionedUserIds(m)).toEqual([7, 8]);
    const s = json(renderMessage(m, { mentions: new Map([[7, 'U07LILEI']]) }));
    expect(s).toContain('Owner: <@U07LILEI>, Han &lt;Mei&gt;');
  });

  it('renders links we built, and drops the link of a non-web URL', () => {
    const m: Message = { blocks: [{ type: 'section', text: [{ link: { url: 'https://x.example/a?b=1&c=2', label: 'Report' } }, { text: ' ' }, { link: { url: 'javascript:alert(1)', label: 'bad' } }] }], summary: 's' };
    expect(json(renderMessage(m))).toContain('<https://x.example/a?b=1&amp;c=2|Report> bad');
  });

  it('makes bold text bold without swallowing the spaces around it', () => {
    const m: Message = { blocks: [{ type: 'section', text: [{ text: 'Customer ' }, { text: ' ACME ', bold: true }, { text: 'owes' }] }], summary: 's' };
    expect(json(renderMessage(m))).toContain('Customer  *ACME* owes');
  });
});

describe('renderMessage: levels and errors', () => {
  it('keeps content and buttons in top-level blocks, the level as the emoji before the title', () => {
    const out = renderMessage({ title: 'Red alert', level: 'red', blocks: [{ type: 'section', text: 'x' }], summary: 'Red alert: ACME',
      actions: [{ id: 'claim', label: 'Claim', value: '1.1.1.1' }] });
    expect(out.blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions']);
    expect(out.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🔴 Red alert', emoji: true } });
    expect(out.attachments).toEqual([]);
    expect(json(renderMessage({ title: 'T', level: 'yellow', blocks: [], summary: 's' }).blocks[0])).toContain('🟡 T');
    expect(json(renderMessage({ title: 'T', level: 'orange', blocks: [], summary: 's' }).blocks[0])).toContain('🟠 T');
  });

  it('puts the level before the first line of a message with no title, and says the sentence once', () => {
    const out = renderMessage({ level: 'red', blocks: [{ type: 'section', text: 'ACME paid.' }], summary: 'ACME paid.' });
    expect(out.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: '🔴 ACME paid.' } }]);
    expect(out.attachments).toEqual([]);
    // `text` is the notification; with top-level blocks Slack does not show it a second time.
    expect(out.text).toBe('ACME paid.');
  });

  it('gives every confirmation dialog its confirm and deny buttons, in the message language', () => {
    const confirm = { title: 'Approve?', text: 'Hand ACME to legal?' };
    const en = renderMessage({ blocks: [], summary: 'Escalation', actions: [{ id: 'approve', label: 'Approve', value: 'v', confirm }] }, { locale: 'en-US' });
    expect((en.blocks[0] as any).elements[0].confirm).toMatchObject({ confirm: { type: 'plain_text', text: 'Confirm' }, deny: { type: 'plain_text', text: 'Cancel' } });
    const zh = renderMessage({ blocks: [], summary: '升级', actions: [{ id: 'approve', label: '批准', value: 'v', confirm: { ...confirm, confirm: '批准', deny: '取消' } }] }, { locale: 'zh-CN' });
    expect((zh.blocks[0] as any).elements[0].confirm).toMatchObject({ confirm: { text: '批准' }, deny: { text: '取消' } });
    expect(blockKitViolations(en)).toEqual([]);
  });

  it('shows the error reference once, in the message and the fallback text', () => {
    const out = renderMessage({ blocks: [{ type: 'section', text: 'Something went wrong.' }], summary: 'Something went wrong.', errorRef: 'ab12cd34', ephemeral: true });
    expect(json(out.blocks).match(/ab12cd34/g)).toHaveLength(1);
    expect(out.text).toContain('ab12cd34');
    const already = renderMessage({ blocks: [{ type: 'context', text: 'Reference: ab12cd34' }], summary: 'x', errorRef: 'ab12cd34' });
    expect(json(already.blocks).match(/ab12cd34/g)).toHaveLength(1);
  });

  it('shows the level as an emoji in the App Home tab, where attachments do not exist', () => {
    const home = renderHome({ title: 'My cases', level: 'orange', blocks: [{ type: 'section', text: 'x' }], summary: 's' });
    expect(home.type).toBe('home');
    expect(json(home.blocks[0])).toContain('🟠 My cases');
  });
});

describe('renderMessage: Block Kit limits', () => {
  const long = (n: number, s = 'x') => s.repeat(n);

  it('keeps a huge message within every limit', () => {
    const m: Message = {
      title: long(400, '标'),
      level: 'red',
      blocks: [
        { type: 'section', text: long(10_000, '&') },
        { type: 'fields', fields: Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: long(5000, '<') })) },
        { type: 'list', items: Array.from({ length: 3000 }, (_, i) => `Customer ${i} <!channel> ${long(40)}`) },
        { type: 'table', columns: ['Customer', 'Amount'], rows: Array.from({ length: 500 }, (_, i) => [`客户${i}`, `${i},000.00`]), align: ['left', 'right'] },
        { type: 'context', text: long(5000) },
      ],
      actions: Array.from({ length: 300 }, (_, i) => ({ id: 'claim', label: long(100, 'L'), value: `1.1.${i + 1}.1` })),
      summary: long(5000),
      errorRef: 'ref1',
    };
    const out = renderMessage(m);
    expect(blockKitViolations(out)).toEqual([]);
    expect(all(out).length).toBe(LIMITS.messageBlocks);
    expect(json(out)).toContain('…');
    expect(all(out).at(-1).elements[0].text).toContain('ref1');
    const home = renderHome(m);
    expect(blockKitViolations(home, LIMITS.viewBlocks)).toEqual([]);
    expect(home.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
    expect(home.blocks.length).toBeGreaterThan(LIMITS.messageBlocks);
  });

  it('splits more than 10 fields and more than 25 buttons over several blocks', () => {
    const out = renderMessage({
      blocks: [{ type: 'fields', fields: Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, value: `v${i}` })) }],
      actions: Array.from({ length: 30 }, (_, i) => ({ id: `a${i}`, label: `B${i}`, value: 'v' })),
      summary: 's',
    });
    expect(out.blocks.map((b) => b.type)).toEqual(['section', 'section', 'actions', 'actions']);
    expect((out.blocks[0] as any).fields).toHaveLength(10);
    expect((out.blocks[2] as any).elements).toHaveLength(25);
  });

  it('gives repeated button ids distinct action_ids that map back to the same action', () => {
    const out = renderMessage({ blocks: [], actions: [{ id: 'claim', label: 'A', value: '1' }, { id: 'claim', label: 'B', value: '2' }], summary: 's' });
    const ids = (out.blocks[0] as any).elements.map((e: any) => e.action_id);
    expect(ids).toEqual(['claim', 'claim~2']);
    expect(ids.map(actionIdOf)).toEqual(['claim', 'claim']);
  });

  it('leaves out a button whose value is too long rather than cutting the value', () => {
    const out = renderMessage({ blocks: [], actions: [{ id: 'a', label: 'A', value: long(2001) }, { id: 'b', label: 'B', value: 'ok' }], summary: 's' });
    expect((out.blocks[0] as any).elements.map((e: any) => e.action_id)).toEqual(['b']);
  });

  it('cuts without breaking an entity or a mention', () => {
    expect(fit('abc&amp;def', 6)).toBe('abc…');
    expect(fit('ab <@U123> x', 6)).toBe('ab …');
    expect(fit('short', 10)).toBe('short');
    expect(fit('x'.repeat(10), 5)).toHaveLength(5);
  });
});

describe('tables', () => {
  it('aligns columns by display width, Chinese characters counting two', () => {
    const t = tableLines(['客户', 'Amount'], [['华东机电', '1,200.00'], ['ACME', '13.50']], ['left', 'right']);
    const widths = [t.header, ...t.rows].map(displayWidth);
    expect(new Set(widths).size).toBe(1);
    expect(t.rows[1]).toBe('ACME         13.50');
  });

  it('renders a table as a preformatted block whose cells cannot close the fence', () => {
    const out = renderMessage({ blocks: [{ type: 'table', columns: ['a'], rows: [['x```y'], ['<!channel>']] }], summary: 's' });
    const text = (out.blocks[0] as any).text.text as string;
    expect(text.startsWith('```\n')).toBe(true);
    expect(text.match(/```/g)).toHaveLength(2);
    expect(text).toContain('&lt;!channel&gt;');
  });
});
