import { describe, expect, it } from 'vitest';
import { decodeAction } from '../../../../src/chat/action-payload.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import { alertView } from '../../../../src/chat/views/alert.js';
import { kpiPostView } from '../../../../src/chat/views/kpi-post.js';
import { reminderView, REMINDER_KINDS, type ReminderInput } from '../../../../src/chat/views/reminder.js';
import { threadNoteView } from '../../../../src/chat/views/thread-note.js';
import { checkMessage, plain } from './message-checks.js';
import { decodeTargetFlagAction } from '../../../../src/chat/target-flag-action.js';
import { chen, li, prl } from './fixtures.js';

const full = (kind: ReminderInput['kind']): ReminderInput => ({
  kind, org: 3, recipient: li,
  case: { id: 42, version: 9, customer: prl, owner: null, level: 'red', nextActionOn: '2026-11-23' },
  promise: { amountMinor: 1_200_050n, currency: 'CNY', promisedOn: '2026-11-20' },
  escalation: { id: 5, kind: 'legal', requestedBy: chen, since: '2026-11-18' },
  target: { org: 3, flagId: 77, scope: 'region East', metric: 'recovery', value: '85', currency: 'CNY', period: 'month', flaggedOn: '2026-11-16',
    actual: { unit: 'ratio', ratio: 0.61 }, achievement: '71.76', plan: null, moved: 'better' },
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
    expect(plain(reminderView(full('target_flagged'), 'en-US'))).toContain('(85% per month) is under 80% achieved: 61% so far (71.76% achieved).');
  });

  it('asks for a remediation plan with a button naming the flag, and follows up on it', () => {
    const ask = reminderView(full('target_flagged'), 'en-US');
    expect(ask.actions!.map((a) => [a.id, decodeTargetFlagAction(a.value)])).toEqual([['target_plan', { v: 1, org: 3, flag: 77 }]]);
    const none = reminderView(full('target_follow_up'), 'en-US');
    expect(plain(none)).toContain('No remediation plan came for the Recovery rate target for region East, flagged on Nov 16, 2026. Please send one. Now at 61% (71.76% achieved), better than at the flag.');
    expect(none.actions!.map((a) => a.id)).toEqual(['target_plan']);
    const withPlan = reminderView({ ...full('target_follow_up'), target: { ...full('target_follow_up').target!, moved: 'worse',
      plan: { owner: li, action: 'call the <!channel> top 10', dueOn: '2026-11-30', recordedBy: li } } }, 'zh-CN');
    expect(plain(withPlan)).toContain('整改方案由 @Li Wei 负责 ——“call the <!channel> top 10”，期限 2026年11月30日。');
    expect(plain(withPlan)).toContain('较提示时恶化');
    expect(withPlan.actions).toBeUndefined();
    // Amount and days metrics show in the org's currency and in days.
    const dso = reminderView({ ...full('target_flagged'), target: { ...full('target_flagged').target!, metric: 'dso', value: '45', actual: { unit: 'days', days: 61.3 } } }, 'en-US');
    expect(plain(dso)).toContain('DSO target for region East (45 days per month) is under 80% achieved: 61.3 days so far');
    const overdue = reminderView({ ...full('target_flagged'), target: { ...full('target_flagged').target!, metric: 'overdue', value: '1000000', actual: { unit: 'minor', minor: 150_000_000n } } }, 'zh-CN');
    expect(plain(overdue)).toContain('逾期余额目标（每月 ¥1,000,000.00）完成不足 80%：目前为 ¥1,500,000.00');
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
      flagged: [{ scope: 'owner Li Wei', metric: 'recovery', value: '90', actual: { unit: 'ratio', ratio: 0.55 }, achievement: '61.11', owner: li, plan: null },
        { scope: 'region East', metric: 'collected', value: '500000', actual: { unit: 'minor', minor: 10_000_000n }, achievement: '20', owner: null,
          plan: { owner: chen, action: 'visit the five largest', dueOn: '2026-11-30' } }],
    }, locale);
    checkMessage(m);
    const text = plain(m);
    expect(text).toContain(locale === 'en-US' ? 'Recovery rate | 72% | 70%' : '回收率 | 72% | 70%');
    expect(text).toContain(locale === 'en-US' ? '48.3 days | —' : '48.3天 | —');
    expect(text).toContain(locale === 'en-US' ? 'Share 31–60 days | 30% | —' : '31–60天占比 | 30% | —');
    expect(text).toContain('@Li Wei');
    expect(text).toContain('61.11%');
    expect(text).toContain(locale === 'en-US' ? 'owner Li Wei: Recovery rate target 90%, at 55% (61.11% achieved) · @Li Wei — no remediation plan yet'
      : 'owner Li Wei：回收率目标 90%，目前 55%（完成 61.11%） · @Li Wei —— 尚未提交整改方案'.replace('——', '—'));
    expect(text).toContain(locale === 'en-US' ? 'region East: Collected target ¥500,000.00'.replace('¥', 'CNY ') + ', at CNY 100,000.00 (20% achieved) — plan: @陈经理, “visit the five largest” by Nov 30, 2026'
      : 'region East：回款额目标 ¥500,000.00，目前 ¥100,000.00（完成 20%） — 整改方案：@陈经理，“visit the five largest”，期限 2026年11月30日');
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
