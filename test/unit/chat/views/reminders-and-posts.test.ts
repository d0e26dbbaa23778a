import { describe, expect, it } from 'vitest';
import { decodeAction } from '../../../../src/chat/action-payload.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import { alertView } from '../../../../src/chat/views/alert.js';
import { kpiPostView } from '../../../../src/chat/views/kpi-post.js';
import { reminderView, REMINDER_KINDS, type ReminderInput } from '../../../../src/chat/views/reminder.js';
import { threadNoteView } from '../../../../src/chat/views/thread-note.js';
import { checkMessage, plain } from './message-checks.js';
import { chen, li, prl } from './fixtures.js';

const full = (kind: ReminderInput['kind']): ReminderInput => ({
  kind, org: 3, recipient: li,
  case: { id: 42, version: 9, customer: prl, owner: null, level: 'red', nextActionOn: '2026-11-23' },
  promise: { amountMinor: 1_200_050n, currency: 'CNY', promisedOn: '2026-11-20' },
  escalation: { id: 5, kind: 'legal', requestedBy: chen, since: '2026-11-18' },
  target: { scope: 'region East', percent: '85', actual: 0.61, period: 'month' },
  failure: { platform: 'slack', channelId: 'C123', reason: 'not_in_channel', kind: 'digest' },
});

describe('reminder view', () => {
  it.each(LOCALES)('has a text for every kind (%s)', (locale) => {
    for (const kind of REMINDER_KINDS) checkMessage(reminderView(full(kind), locale));
  });

  it('says what is due, with the buttons to act', () => {
    const broken = reminderView(full('promise_broken'), 'en-US');
    expect(plain(broken)).toContain('Pearl River Logistics (PRL) did not pay CNY 12,000.50 by Nov 20, 2026: the promise is broken.');
    expect(broken.actions!.map((a) => a.id)).toEqual(['log', 'promise']);
    expect(broken.level).toBe('orange');
    const red = reminderView(full('red_untouched'), 'zh-CN');
    expect(plain(red)).toContain('（负责人：无人认领）');
    const esc = reminderView(full('escalation_pending'), 'en-US');
    expect(plain(esc)).toContain('Legal escalation of Pearl River Logistics (PRL), requested by @陈经理 on Nov 18, 2026, waits for a decision.');
    expect(esc.actions!.map((a) => decodeAction(a.value))).toEqual([
      { v: 1, org: 3, case: 42, ver: 9, esc: 5 }, { v: 1, org: 3, case: 42, ver: 9, esc: 5 }]);
    expect(reminderView(full('lease_check'), 'en-US').actions!.map((a) => a.id)).toEqual(['lease_keep', 'release']);
    expect(plain(reminderView(full('target_flagged'), 'en-US'))).toContain('(85% per month) is under 80% achieved: 61% so far.');
  });

  it('has no case buttons without a case', () => {
    const m = reminderView({ kind: 'delivery_failed', org: 3, recipient: li, failure: { platform: 'lark', channelId: 'oc_1', reason: 'bot removed', kind: 'alerts' } }, 'zh-CN');
    expect(m.actions).toBeUndefined();
    expect(plain(m)).toContain('无法向 lark 频道 oc_1 发送消息：bot removed。');
  });
});

describe('thread note view', () => {
  it.each(LOCALES)('covers paid, promise broken and released (%s)', (locale) => {
    for (const type of ['paid', 'promise_broken', 'released'] as const) {
      checkMessage(threadNoteView({ type, org: 3, customer: prl, promise: { amountMinor: 100n, currency: 'CNY', promisedOn: '2026-11-20' } }, locale));
    }
    expect(threadNoteView({ type: 'paid', org: 3, customer: prl }, locale).level).toBe('green');
  });
});

describe('weekly KPI post', () => {
  it.each(LOCALES)('compares this week with last week and lists flagged targets (%s)', (locale) => {
    const m = kpiPostView({
      org: 3, asOf: '2026-11-23', currency: 'CNY', scope: { region: 'East' },
      current: { recoveryRate: 0.72, dso: 48.26, cei: 81.5, structure: { d1_30: 0.5, d31_60: 0.3, d61_90: 0.2 } },
      lastWeek: { recoveryRate: 0.7, dso: null, cei: 80, structure: { d1_30: 0.6 } },
      flagged: [{ scope: 'owner Li Wei', percent: '90', actual: 0.55, achievement: '61.11', owner: li }],
    }, locale);
    checkMessage(m);
    const text = plain(m);
    expect(text).toContain(locale === 'en-US' ? 'Recovery rate | 72% | 70%' : '回收率 | 72% | 70%');
    expect(text).toContain(locale === 'en-US' ? '48.3 days | —' : '48.3天 | —');
    expect(text).toContain(locale === 'en-US' ? 'Share 31–60 days | 30% | —' : '31–60天占比 | 30% | —');
    expect(text).toContain('@Li Wei');
    expect(text).toContain('61.11%');
    expect(m.level).toBe('orange');
  });
});

describe('alert with several invoices', () => {
  it('lists the other invoices that crossed a level in the same scan', () => {
    const m = alertView({
      org: 3, caseId: 42, caseVersion: 5, invoiceId: 17, invoiceNumber: 'INV-1', level: 'red', customer: prl, currency: 'CNY',
      openMinor: 100_00n, dueOn: '2026-08-01', daysOverdue: 114, owner: null,
      otherInvoices: Array.from({ length: 12 }, (_, i) => ({ number: `INV-${i + 2}`, openMinor: 50_00n, daysOverdue: 100 - i })),
    }, 'en-US');
    checkMessage(m);
    expect(plain(m)).toContain('Also crossing a level:');
    expect(plain(m)).toContain('INV-2 · CNY 50.00 · 100 days');
    expect(plain(m)).toContain('+2 more');
  });
});
