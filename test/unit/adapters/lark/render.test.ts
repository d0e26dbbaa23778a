import { describe, expect, it } from 'vitest';
import type { Form, Message } from '../../../../src/chat/message.js';
import {
  CARD_BUDGET_BYTES, cardBytes, normaliseFormValues, renderCard, renderFormCard, renderToast, richMarkdown, toastText, zipLocales,
} from '../../../../adapters/lark/render.js';

const all = (card: unknown): any[] => {
  const out: any[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') { out.push(n); Object.values(n).forEach(walk); }
  };
  walk(card);
  return out;
};
const markdownTexts = (card: unknown) => all(card).filter((n) => n.tag === 'markdown').map((n) => n.content as string);
const buttons = (card: unknown) => all(card).filter((n) => n.tag === 'button');

const alert = (locale: 'zh-CN' | 'en-US'): Message => ({
  title: locale === 'zh-CN' ? '红色预警：华东机电' : 'Red alert: East China Electric',
  level: 'red',
  blocks: [
    { type: 'fields', fields: [
      { label: locale === 'zh-CN' ? '客户' : 'Customer', value: '华东机电 (HDJD)' },
      { label: locale === 'zh-CN' ? '发票' : 'Invoice', value: 'INV-001' },
      { label: locale === 'zh-CN' ? '负责人' : 'Owner', value: [{ mention: { userId: 7, name: 'Li Lei' } }] },
    ] },
    { type: 'context', text: locale === 'zh-CN' ? '逾期 95 天' : '95 days overdue' },
  ],
  actions: [
    { id: 'claim', label: locale === 'zh-CN' ? '认领' : 'Claim', value: '1.1.2.3.i4', style: 'primary' },
    { id: 'escalate', label: locale === 'zh-CN' ? '升级' : 'Escalate', value: '1.1.2.3.i4', style: 'danger', confirm: { title: 'Sure?', text: 'Really' } },
  ],
  summary: locale === 'zh-CN' ? '红色预警' : 'Red alert',
});

describe('Lark card rendering', () => {
  it('is card JSON 2.0 with a header coloured by level', () => {
    const card = renderCard(alert('en-US'), { locale: 'en-US' });
    expect(card.schema).toBe('2.0');
    expect(card.config.update_multi).toBe(true);
    expect(card.header).toEqual({ title: { tag: 'plain_text', content: 'Red alert: East China Electric' }, template: 'red' });
    for (const [level, template] of [['orange', 'orange'], ['yellow', 'yellow'], ['green', 'green'], ['grey', 'grey']] as const) {
      expect(renderCard({ ...alert('en-US'), level }, { locale: 'en-US' }).header.template).toBe(template);
    }
    expect(renderCard({ ...alert('en-US'), level: undefined }, { locale: 'en-US' }).header.template).toBe('blue');
    expect(renderCard({ blocks: [], summary: 'just text' }, { locale: 'en-US' }).header).toBeUndefined();
  });

  it('escapes user text so it cannot mention everyone, link or format', () => {
    const evil = '<at id=all></at> **boss** [bank](https://evil.example) `x` # h | y';
    const card = renderCard({ title: evil, blocks: [
      { type: 'section', text: evil },
      { type: 'fields', fields: [{ label: evil, value: evil }] },
      { type: 'list', items: [evil] },
      { type: 'table', columns: ['a', evil], rows: [[evil, '1']] },
    ], summary: evil }, { locale: 'en-US' });
    for (const text of markdownTexts(card)) {
      expect(text).not.toContain('<at');
      expect(text).not.toContain('[bank]');
      expect(text).not.toContain('`x`');
      expect(text).not.toMatch(/\*\*boss\*\*/);
    }
    // The title is plain_text: shown as typed, never parsed.
    expect(card.header.title).toEqual({ tag: 'plain_text', content: evil });
    expect(markdownTexts(card)[0]).toContain('&#60;at id=all&#62;');
  });

  it('renders fields as column sets and buttons whose callback carries the action id and payload', () => {
    const card = renderCard(alert('en-US'), { locale: 'en-US', openIds: new Map([[7, 'ou_li']]) });
    const sets = all(card).filter((n) => n.tag === 'column_set' && n.flex_mode === 'bisect');
    expect(sets).toHaveLength(2);
    expect(markdownTexts(card)).toContain('**Owner**\n<at id=ou_li></at>');
    const [claim, escalate] = buttons(card);
    expect(claim.behaviors).toEqual([{ type: 'callback', value: { a: 'claim', v: '1.1.2.3.i4' } }]);
    expect(claim.type).toBe('primary');
    expect(escalate.type).toBe('danger');
    expect(escalate.confirm).toEqual({ title: { tag: 'plain_text', content: 'Sure?' }, text: { tag: 'plain_text', content: 'Really' } });
  });

  it('shows a mention without a Lark identity as a bold, escaped name', () => {
    expect(richMarkdown([{ mention: { userId: 9, name: 'Ann_*' } }])).toBe('**@Ann&#95;&#42;**');
    expect(richMarkdown([{ mention: { userId: 9, name: 'Ann' } }], new Map([[9, 'ou_x></at><at id=all']]))).toBe('**@Ann**');
  });

  it('links only http(s) URLs', () => {
    expect(richMarkdown([{ link: { url: 'https://duebot.example/case/1', label: 'open' } }])).toBe('[open](https://duebot.example/case/1)');
    expect(richMarkdown([{ link: { url: 'javascript:alert(1)', label: 'open' } }])).toBe('open');
    expect(richMarkdown([{ link: { url: 'https://x.example/a)b', label: 'l' } }])).toBe('[l](https://x.example/a%29b)');
  });

  it('renders a table as a markdown table with escaped cells and alignment', () => {
    const card = renderCard({ blocks: [{ type: 'table', columns: ['Customer', 'Amount'], rows: [['A|B', '1,000.00']] }], summary: 's' }, { locale: 'en-US' });
    expect(markdownTexts(card)[0]).toBe('| Customer | Amount |\n| :--- | ---: |\n| A&#124;B | 1,000.00 |');
  });

  it('carries both languages: i18n_content on every text and config.locales', () => {
    const card = renderCard(alert('zh-CN'), { locale: 'zh-CN', alternates: { 'en-US': alert('en-US') } });
    expect(card.config.locales).toEqual(['zh_cn', 'en_us']);
    expect(card.header.title.i18n_content).toEqual({ zh_cn: '红色预警：华东机电', en_us: 'Red alert: East China Electric' });
    expect(card.header.title.content).toBe('红色预警：华东机电');
    const [claim] = buttons(card);
    expect(claim.text.i18n_content).toEqual({ zh_cn: '认领', en_us: 'Claim' });
    expect(card.config.summary.i18n_content).toEqual({ zh_cn: '红色预警', en_us: 'Red alert' });
    const invoice = all(card).find((n) => n.tag === 'markdown' && n.content.includes('INV&#45;001'));
    expect(invoice.i18n_content).toEqual({ zh_cn: '**发票**\nINV&#45;001', en_us: '**Invoice**\nINV&#45;001' });
    // Text that reads the same in both languages is not doubled.
    expect(zipLocales({ tag: 'markdown', content: 'INV' }, [{ key: 'en_us', node: { tag: 'markdown', content: 'INV' } }], 'zh_cn'))
      .toEqual({ tag: 'markdown', content: 'INV' });
  });

  it('keeps one language when the two renders differ in shape', () => {
    const en = { ...alert('en-US'), actions: [] };
    const card = renderCard(alert('zh-CN'), { locale: 'zh-CN', alternates: { 'en-US': en } });
    expect(card.config.locales).toBeUndefined();
    expect(card.header.title.i18n_content).toBeUndefined();
    expect(zipLocales({ a: 1 }, [{ key: 'en_us', node: { a: 2 } }], 'zh_cn')).toBeNull();
  });

  it('stays within Lark\'s 30 KB card limit, cutting long tables with a "more" line', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [`客户 ${i} 华东机电有限公司`, `${i},000.00`, `${i} 天`]);
    const m: Message = { title: 'Digest', blocks: [{ type: 'table', columns: ['客户', '金额', '逾期'], rows }], summary: 's' };
    const card = renderCard(m, { locale: 'zh-CN', alternates: { 'en-US': m } });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const texts = markdownTexts(card);
    const more = texts.find((t) => t.startsWith('… +'));
    expect(more).toBeDefined();
    const shown = texts[0]!.split('\n').length - 2;
    expect(Number(more!.slice(3))).toBe(2000 - shown);
  });

  it('shows tables past Lark\'s limit of three per card as lists', () => {
    const table = (n: number) => ({ type: 'table' as const, columns: ['Customer', 'Amount'], rows: [[`C${n}`, '1.00']] });
    const card = renderCard({ blocks: [table(1), table(2), table(3), table(4)], summary: 's' }, { locale: 'en-US' });
    const texts = markdownTexts(card);
    expect(texts.filter((t) => t.startsWith('| Customer'))).toHaveLength(3);
    expect(texts[3]).toBe('**Customer · Amount**\n- C4 · 1.00');
  });

  it('renders a form as a card with a form container and a submit button that calls back', () => {
    const form: Form = {
      id: 'log', title: 'Log a contact', submitLabel: 'Save', value: '1.1.2.3',
      fields: [
        { name: 'method', label: 'Method', kind: 'select', options: [{ value: 'call', label: 'Call' }, { value: 'visit', label: 'Visit' }], initial: 'call' },
        { name: 'text', label: 'What was said', kind: 'multiline' },
        { name: 'date', label: 'Next action', kind: 'date', optional: true },
        { name: 'amount', label: 'Amount', kind: 'amount', placeholder: '1000.00' },
      ],
    };
    const card = renderFormCard(form, { locale: 'en-US' });
    const container = all(card).find((n) => n.tag === 'form');
    expect(container).toBeDefined();
    const named = Object.fromEntries(all(container).filter((n) => n.name).map((n) => [n.name, n]));
    expect(named.method.tag).toBe('select_static');
    expect(named.method.initial_option).toBe('call');
    expect(named.text).toMatchObject({ tag: 'input', input_type: 'multiline_text', required: true });
    expect(named.date).toMatchObject({ tag: 'date_picker', required: false });
    expect(named.amount.placeholder).toEqual({ tag: 'plain_text', content: '1000.00' });
    expect(named.submit).toMatchObject({ tag: 'button', form_action_type: 'submit', behaviors: [{ type: 'callback', value: { a: 'form:log', v: '1.1.2.3' } }] });
  });

  it('normalises form values: date pickers answer a date with an offset', () => {
    expect(normaliseFormValues({ date: '2025-03-04 +0800', text: 'hi', n: 3, gone: null })).toEqual({ date: '2025-03-04', text: 'hi', n: '3' });
    expect(normaliseFormValues(undefined)).toEqual({});
  });

  it('answers refusals with an error toast in the reader\'s languages', () => {
    const no = (t: string): Message => ({ blocks: [{ type: 'section', text: t }], summary: t, ephemeral: true, errorRef: 'r1' });
    expect(renderToast(no('Only managers can approve'), { locale: 'en-US' })).toEqual({ type: 'error', content: 'Only managers can approve' });
    expect(renderToast(no('只有经理可以审批'), { locale: 'zh-CN', alternates: { 'en-US': no('Only managers can approve') } })?.i18n)
      .toEqual({ zh_cn: '只有经理可以审批', en_us: 'Only managers can approve' });
    expect(renderToast({ blocks: [], summary: 'Saved', ephemeral: true, level: 'green' }, { locale: 'en-US' })?.type).toBe('success');
    expect(renderToast({ blocks: [{ type: 'list', items: ['a', 'b'] }], summary: 's' }, { locale: 'en-US', type: 'error' }))
      .toEqual({ type: 'error', content: 'a; b' });
  });

  it('gives no toast for what does not fit in one line: buttons, tables, long text', () => {
    expect(renderToast(alert('en-US'), { locale: 'en-US' })).toBeNull();
    expect(toastText({ blocks: [{ type: 'table', columns: ['a'], rows: [] }], summary: 's' })).toBeNull();
    expect(toastText({ blocks: [{ type: 'section', text: 'x'.repeat(400) }], summary: 's' })).toBeNull();
  });
});
