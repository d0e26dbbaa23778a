import { describe, expect, it } from 'vitest';
import { myCasesView, type MyCase } from '../../../../src/chat/views/my-cases.js';
import { checkMessage, plain } from './message-checks.js';

const c = (id: number, level: MyCase['level'], days: number, amount: bigint, extra: Partial<MyCase> = {}): MyCase => ({
  caseId: id, version: 1, customer: { code: `C${id}`, name: `Customer ${id}` }, level, maxDaysOverdue: days, overdueMinor: amount, ...extra,
});

describe('my cases view', () => {
  it('lists worst first: level, then days, then amount', () => {
    const m = myCasesView({ org: 1, currency: 'CNY', cases: [
      c(1, 'yellow', 40, 100n), c(2, 'red', 95, 100n), c(3, null, 5, 999_999n), c(4, 'red', 120, 1n), c(5, 'red', 120, 50n),
    ] }, 'en-US');
    checkMessage(m);
    const list = m.blocks.find((b) => b.type === 'list');
    const names = list?.type === 'list' ? list.items.map((i) => /Customer (\d+)/.exec(String(i))![1]) : [];
    expect(names).toEqual(['5', '4', '2', '1', '3']);
    expect(m.ephemeral).toBe(true);
  });

  it('shows promise and next-action dates on the line', () => {
    const m = myCasesView({ org: 1, currency: 'CNY', cases: [c(1, 'red', 95, 100_00n, { promiseOn: '2026-11-30' }), c(2, 'orange', 70, 1n, { nextActionOn: '2026-11-24' })] }, 'zh-CN');
    expect(plain(m)).toContain('🔴 Customer 1 (C1) · ¥100.00 · 95天 · 承诺还款日 2026年11月30日');
    expect(plain(m)).toContain('下次跟进 2026年11月24日');
    expect(plain(m)).toContain('2 个案件，逾期 ¥100.01');
  });

  it('limits buttons to the worst five and lines to twenty', () => {
    const cases = Array.from({ length: 60 }, (_, i) => c(i + 1, 'orange', 70 + i, 100n));
    const m = myCasesView({ org: 1, currency: 'CNY', cases }, 'en-US');
    checkMessage(m);
    expect(m.actions).toHaveLength(5);
    expect(m.actions!.every((a) => a.id === 'case')).toBe(true);
    expect(m.actions![0]!.label).toBe('Open C60');
    expect(plain(m)).toContain('+40 more');
  });

  it('says when there is nothing', () => {
    const m = myCasesView({ org: 1, currency: 'CNY', cases: [] }, 'en-US');
    checkMessage(m);
    expect(plain(m)).toContain('You have no open cases');
    expect(m.actions).toBeUndefined();
  });
});
