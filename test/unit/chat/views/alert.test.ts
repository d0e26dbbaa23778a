import { describe, expect, it } from 'vitest';
import { decodeAction } from '../../../../src/chat/action-payload.js';
import { alertView, type AlertInput } from '../../../../src/chat/views/alert.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import { checkMessage, plain } from './message-checks.js';
import { li, prl } from './fixtures.js';

const base: AlertInput = {
  org: 3, caseId: 42, caseVersion: 5, invoiceId: 17, invoiceNumber: 'INV-2026-0042', level: 'orange', customer: prl,
  currency: 'CNY', openMinor: 1_234_560n, dueOn: '2026-09-01', daysOverdue: 65, owner: null,
};

describe('alert view', () => {
  it.each(LOCALES)('shows level, customer, invoice, amount, days and owner (%s)', (locale) => {
    const m = alertView(base, locale);
    checkMessage(m);
    expect(m.level).toBe('orange');
    const text = plain(m);
    if (locale === 'en-US') {
      expect(m.title).toBe('Orange alert: Pearl River Logistics (PRL)');
      expect(text).toContain('Invoice: INV-2026-0042');
      expect(text).toContain('Open balance: CNY 12,345.60');
      expect(text).toContain('Days overdue: 65 days');
      expect(text).toContain('Owner: unclaimed');
    } else {
      expect(m.title).toBe('橙色预警：Pearl River Logistics (PRL)');
      expect(text).toContain('未收金额: ¥12,345.60');
      expect(text).toContain('逾期天数: 65天');
      expect(text).toContain('负责人: 无人认领');
      expect(text).toContain('到期日: 2026年9月1日');
    }
  });

  it.each(LOCALES)('says what the case card says of credit: supply hold, over the limit, grade D (%s)', (locale) => {
    const m = alertView({ ...base, credit: { overLimitByMinor: 50_000_00n, gradeD: true, hold: true } }, locale);
    checkMessage(m);
    const text = plain(m);
    if (locale === 'en-US') {
      expect(text).toContain('Supply to this customer is on hold.');
      expect(text).toContain('Over the credit limit by CNY 50,000.00');
      expect(text).toContain('Grade D: must prepay or give collateral.');
    } else {
      expect(text).toContain('已暂停对该客户供货。');
      expect(text).toContain('超出信用额度 ¥50,000.00');
      expect(text).toContain('D 级客户');
    }
    expect(plain(alertView({ ...base, credit: { overLimitByMinor: null, gradeD: false, hold: false } }, 'en-US'))).not.toContain('credit');
  });

  it('offers Claim, Log, Promise, Snooze while unclaimed, plus Escalate on red', () => {
    expect(alertView(base, 'en-US').actions!.map((a) => a.id)).toEqual(['claim', 'log', 'promise', 'snooze']);
    expect(alertView({ ...base, level: 'red' }, 'en-US').actions!.map((a) => a.id)).toEqual(['claim', 'log', 'promise', 'snooze', 'escalate']);
    const escalate = alertView({ ...base, level: 'red' }, 'en-US').actions!.at(-1)!;
    expect(escalate.style).toBe('danger');
  });

  it('carries org, case, version and invoice in every button', () => {
    for (const a of alertView(base, 'en-US').actions!) expect(decodeAction(a.value)).toEqual({ v: 1, org: 3, case: 42, ver: 5, inv: 17 });
  });

  it('after a claim says who claimed it and drops the Claim button', () => {
    const m = alertView({ ...base, caseVersion: 6, state: { kind: 'claimed', by: li } }, 'zh-CN');
    checkMessage(m);
    expect(plain(m)).toContain('已由 @Li Wei 认领');
    expect(plain(m)).toContain('负责人: @Li Wei');
    expect(m.actions!.map((a) => a.id)).toEqual(['log', 'promise', 'snooze']);
    expect(decodeAction(m.actions![0]!.value)?.ver).toBe(6);
  });

  it('when owned but not just claimed shows the owner and no Claim', () => {
    const m = alertView({ ...base, owner: li }, 'en-US');
    expect(m.actions!.map((a) => a.id)).not.toContain('claim');
    expect(plain(m)).toContain('Owner: @Li Wei');
  });

  it('once paid turns green and has no buttons', () => {
    const m = alertView({ ...base, owner: li, state: { kind: 'paid', on: '2026-11-20' } }, 'en-US');
    checkMessage(m);
    expect(m.level).toBe('green');
    expect(m.actions).toBeUndefined();
    expect(plain(m)).toContain('Paid on Nov 20, 2026');
    expect(m.summary).toContain('Paid');
  });

  it('once escalated keeps only Log', () => {
    const m = alertView({ ...base, level: 'red', owner: li, state: { kind: 'escalated', by: li } }, 'en-US');
    expect(m.actions!.map((a) => a.id)).toEqual(['log']);
    expect(plain(m)).toContain('Escalated to legal; requested by @Li Wei');
  });
});
