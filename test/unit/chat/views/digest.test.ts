import { describe, expect, it } from 'vitest';
import { decodeAction } from '../../../../src/chat/action-payload.js';
import { digestView } from '../../../../src/chat/views/digest.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import { checkMessage, plain } from './message-checks.js';
import { digestInput } from './fixtures.js';

describe('digest view', () => {
  it.each(LOCALES)('stays within the block and character budget with 300 overdue customers (%s)', (locale) => {
    const m = digestView(digestInput(300), locale);
    checkMessage(m);
    const list = m.blocks.find((b) => b.type === 'list');
    expect(list?.type === 'list' && list.items.length).toBe(15);
    expect(plain(m)).toContain(locale === 'en-US' ? '+285 more: /ar mine or /ar report aging' : '另有 285 个：/ar mine 或 /ar report aging');
    expect(m.actions).toHaveLength(15);
  });

  it('stays within budget even with enormous names and many cases asked for', () => {
    const input = digestInput(300, { limit: 500 });
    for (const c of input.worst) {
      c.customer = { code: 'X'.repeat(200), name: '很长的客户名称'.repeat(100) };
      if (c.owner) c.owner = { id: c.owner.id, name: 'N'.repeat(500) };
    }
    const m = digestView(input, 'zh-CN');
    checkMessage(m);
    expect(plain(m)).toMatch(/另有 \d+ 个/);
  });

  it('shows totals, levels, changes and the worst cases with owner or unclaimed', () => {
    const m = digestView(digestInput(8), 'en-US');
    const text = plain(m);
    expect(m.title).toBe('Overdue digest · Nov 23, 2026');
    expect(text).toContain('8 customers · 24 invoices');
    expect(text).toMatch(/Red: 2 · CNY [\d,]+\.\d\d/);
    expect(text).toContain('New since yesterday: 4 · CNY 1,234.56');
    expect(text).toContain('Promises due today: 2 · CNY 50,000.00');
    expect(text).toContain('Promises broken: 1 · CNY 20,000.00');
    expect(text).toContain('Unclaimed reds: 9 · CNY 300,000.00');
    expect(text).toContain('🔴 华南贸易有限公司');
    expect(text).toContain('400 days · unclaimed');
    expect(text).toContain('@Owner 1 张伟');
    expect(text).not.toContain('more:');
    expect(m.level).toBe('red');
  });

  it.each(LOCALES)('tags a worst case that is on hold, over its limit or grade D (%s)', (locale) => {
    const input = digestInput(3);
    input.worst[0]!.credit = { overLimit: true, gradeD: true, hold: true };
    const m = digestView(input, locale);
    checkMessage(m);
    const list = m.blocks.find((b) => b.type === 'list');
    const lines = list?.type === 'list' ? list.items.map((i) => JSON.stringify(i)) : [];
    expect(lines[0]).toContain(locale === 'en-US' ? '⛔ on hold ⚠ over limit ⚠ grade D' : '⛔ 暂停供货 ⚠ 超信用额度 ⚠ D 级');
    expect(lines[1]).not.toContain('⚠');
  });

  it('offers Claim for unclaimed cases and Open for owned ones, with the case version', () => {
    const m = digestView(digestInput(3), 'en-US');
    expect(m.actions!.map((a) => a.id)).toEqual(['claim', 'case', 'case']);
    expect(decodeAction(m.actions![1]!.value)).toEqual({ v: 1, org: 1, case: 2, ver: 2 });
    expect(m.actions![0]!.label).toMatch(/^Claim /);
  });

  it('puts mentions as mention segments, never as markup in text', () => {
    const m = digestView(digestInput(3), 'en-US');
    const list = m.blocks.find((b) => b.type === 'list');
    expect(JSON.stringify(list)).toContain('"mention":{"userId":101,"name":"Owner 1 张伟"}');
  });

  it('says there is nothing to chase when nothing is overdue', () => {
    const m = digestView(digestInput(0), 'zh-CN');
    checkMessage(m);
    expect(plain(m)).toContain('没有逾期发票');
    expect(m.actions).toBeUndefined();
    expect(m.level).toBe('green');
  });

  it('names the region and product line of a filtered subscription', () => {
    const m = digestView(digestInput(5, { scope: { region: '华东', product: 'pumps' } }), 'zh-CN');
    expect(plain(m)).toContain('区域 华东 · 产品线 pumps');
    expect(m.title).toBe('逾期汇总 · 2026年11月23日');
  });

  it('keeps user text as plain strings, so renderers escape it', () => {
    const input = digestInput(1);
    input.worst[0]!.customer = { code: 'EVIL', name: '<!channel> *pay*' };
    const m = digestView(input, 'en-US');
    expect(plain(m)).toContain('<!channel> *pay* (EVIL)');
  });
});
