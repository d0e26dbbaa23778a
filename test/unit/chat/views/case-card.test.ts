import { describe, expect, it } from 'vitest';
import { decodeAction } from '../../../../src/chat/action-payload.js';
import { caseCardView, type CaseCardInput } from '../../../../src/chat/views/case-card.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import { checkMessage, plain } from './message-checks.js';
import { chen, li, prl } from './fixtures.js';

function card(over: Partial<CaseCardInput> = {}): CaseCardInput {
  return {
    org: 3, caseId: 42, version: 9, currency: 'CNY', status: 'open',
    customer: { ...prl, grade: 'C', region: 'South' },
    owner: li, stage: 'advanced', level: 'red', overdueMinor: 4_500_000n, maxDaysOverdue: 120,
    nextActionOn: '2026-11-25',
    invoices: [
      { number: 'INV-1', openMinor: 3_000_000n, dueOn: '2026-07-26', daysOverdue: 120, status: 'open' },
      { number: 'INV-2', openMinor: 1_500_000n, dueOn: '2026-10-01', daysOverdue: 53, status: 'disputed' },
    ],
    records: [
      { on: '2026-11-20', author: li, method: 'letter', outcome: null, body: 'Final notice sent\nby registered mail' },
      { on: '2026-11-10', author: chen, method: 'call', outcome: 'promised', body: 'Mr Chen promised half by the 30th' },
    ],
    promises: [{ amountMinor: 2_250_000n, promisedOn: '2026-11-30', status: 'pending', note: 'half' }],
    pendingEscalation: null,
    ...over,
  };
}

describe('case card view', () => {
  it.each(LOCALES)('shows owner, grade, stage, level, invoices, records and promises (%s)', (locale) => {
    const m = caseCardView(card(), locale);
    checkMessage(m);
    const text = plain(m);
    if (locale === 'en-US') {
      expect(m.title).toBe('Case: Pearl River Logistics (PRL)');
      expect(text).toContain('Owner: @Li Wei');
      expect(text).toContain('Credit grade: C');
      expect(text).toContain('Stage: Advanced');
      expect(text).toContain('Overdue: CNY 45,000.00 · 120 days');
      expect(text).toContain('INV-1 | 30,000.00 | Jul 26, 2026 | 120 | 91–180 days');
      expect(text).toContain('INV-2 (disputed) | 15,000.00 | Oct 1, 2026 | 53 | 31–60 days');
      expect(text).toContain('Nov 20, 2026 · Letter · @Li Wei: Final notice sent by registered mail');
      expect(text).toContain('Nov 10, 2026 · Call · Promised to pay · @陈经理: Mr Chen promised half by the 30th');
      expect(text).toContain('CNY 22,500.00 by Nov 30, 2026 (pending): half');
      expect(text).toContain('Next action: Nov 25, 2026');
    } else {
      expect(text).toContain('阶段: 高级催收');
      expect(text).toContain('INV-1 | 30,000.00 | 2026年7月26日 | 120 | 91–180天');
      expect(text).toContain('2026年11月10日 · 电话 · 承诺还款 · @陈经理');
      expect(text).toContain('2026年11月30日前支付 ¥22,500.00（待兑现）: half');
    }
    expect(m.level).toBe('red');
  });

  it('offers Release to its owner, Claim when unowned, Escalate on red without a pending request', () => {
    expect(caseCardView(card({ viewerId: li.id }), 'en-US').actions!.map((a) => a.id)).toEqual(['release', 'log', 'promise', 'snooze', 'escalate']);
    expect(caseCardView(card({ viewerId: 99 }), 'en-US').actions!.map((a) => a.id)).toEqual(['log', 'promise', 'snooze', 'escalate']);
    expect(caseCardView(card({ owner: null }), 'en-US').actions!.map((a) => a.id)).toEqual(['claim', 'log', 'promise', 'snooze', 'escalate']);
    expect(caseCardView(card({ level: 'yellow', stage: 'intermediate' }), 'en-US').actions!.map((a) => a.id)).not.toContain('escalate');
    const m = caseCardView(card(), 'en-US');
    expect(decodeAction(m.actions![0]!.value)).toEqual({ v: 1, org: 3, case: 42, ver: 9 });
  });

  it('shows a pending escalation and then offers no second Escalate', () => {
    const m = caseCardView(card({ pendingEscalation: { id: 5, kind: 'legal', requestedBy: li, reason: 'three letters, no answer', on: '2026-11-21' } }), 'en-US');
    expect(plain(m)).toContain('Legal escalation requested by @Li Wei on Nov 21, 2026: three letters, no answer');
    expect(m.actions!.map((a) => a.id)).not.toContain('escalate');
  });

  it('has no buttons once closed, and only Log and the next legal step while with legal', () => {
    expect(caseCardView(card({ status: 'closed' }), 'en-US').actions).toBeUndefined();
    expect(caseCardView(card({ status: 'legal', stage: 'legal' }), 'en-US').actions!.map((a) => a.id)).toEqual(['log', 'legal']);
    const closed = { stage: 'closed' as const, agency: null, limitation: null };
    expect(caseCardView(card({ status: 'legal', stage: 'legal', legal: closed }), 'en-US').actions!.map((a) => a.id)).toEqual(['log']);
  });

  it('shows the legal stage, the agency and the limitation period, lapsed or not', () => {
    const legal = { stage: 'filed' as const, agency: { name: 'Huatai Recovery', since: '2026-10-01' },
      limitation: { invoiceNumber: 'I-7', endsOn: '2027-01-15', daysLeft: 49, lapsed: false } };
    const text = plain(caseCardView(card({ status: 'legal', stage: 'legal', legal }), 'en-US'));
    expect(text).toContain('Legal stage: filed in court.');
    expect(text).toContain('With the collection agency Huatai Recovery since');
    expect(text).toMatch(/Limitation period: invoice I-7 ends on .*2027 \(49 days left\)/);
    const lapsed = plain(caseCardView(card({ legal: { ...legal, stage: null, agency: null, limitation: { ...legal.limitation, daysLeft: 0, lapsed: true } } }), 'zh-CN'));
    expect(lapsed).toContain('诉讼时效已于');
    expect(lapsed).not.toContain('法律程序阶段');
  });

  it('stays within budget with hundreds of invoices and long records', () => {
    const invoices = Array.from({ length: 400 }, (_, i) => ({ number: `INV-${i}`.padEnd(80, 'x'), openMinor: 100_000n, dueOn: '2026-01-01', daysOverdue: 300, status: 'open' as const }));
    const records = Array.from({ length: 50 }, () => ({ on: '2026-11-20', author: li, method: 'note' as const, outcome: null, body: '很长的记录'.repeat(500) }));
    const promises = Array.from({ length: 30 }, () => ({ amountMinor: 1n, promisedOn: '2026-11-30', status: 'broken' as const, note: 'n'.repeat(5000) }));
    const m = caseCardView(card({ invoices, records, recordsTotal: 50, promises }), 'zh-CN');
    checkMessage(m);
    expect(plain(m)).toContain('另有 385 张发票');
    expect(plain(m)).toContain('共 50 条记录');
  });

  it('says so when there are no records yet', () => {
    expect(plain(caseCardView(card({ records: [] }), 'en-US'))).toContain('No records yet');
  });
});

describe('case card contacts (issue 11)', () => {
  it.each(LOCALES)('lists the people at the customer with role, email and phone (%s)', (locale) => {
    const m = caseCardView(card({ contacts: [
      { name: '张敏', email: 'zhang.min@prl.example', phone: '+86 20 5555 0101', role: 'billing' },
      { name: 'Peter\nHu', email: null, phone: null, role: 'purchasing' },
    ] }), locale);
    checkMessage(m);
    const text = plain(m);
    if (locale === 'en-US') {
      expect(text).toContain('Contacts');
      expect(text).toContain('张敏 · billing · zhang.min@prl.example · +86 20 5555 0101');
      expect(text).toContain('Peter Hu · purchasing');
    } else {
      expect(text).toContain('联系人');
      expect(text).toContain('张敏 · 对账/付款 · zhang.min@prl.example');
      expect(text).toContain('Peter Hu · 采购');
    }
  });

  it('shows no contacts section when the customer has none', () => {
    expect(plain(caseCardView(card(), 'en-US'))).not.toContain('Contacts');
  });
});
