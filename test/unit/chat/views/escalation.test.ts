import { describe, expect, it } from 'vitest';
import { decodeAction } from '../../../../src/chat/action-payload.js';
import { escalationRequestView, type EscalationRequestInput } from '../../../../src/chat/views/escalation-request.js';
import { escalationDecisionView, APPROVAL_REFUSALS } from '../../../../src/chat/views/escalation-decision.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import { checkMessage, plain } from './message-checks.js';
import { chen, li, prl } from './fixtures.js';

const request: EscalationRequestInput = {
  org: 3, caseId: 42, caseVersion: 9, escalationId: 5, kind: 'legal', customer: prl, currency: 'CNY',
  balanceMinor: 4_500_000n, maxDaysOverdue: 120, level: 'red', stage: 'advanced', requester: li, requestedOn: '2026-11-21',
  reason: 'Three letters and a lawyer\'s letter, no payment', overrideReason: null, missing: [],
  evidence: [
    { on: '2026-11-20', author: li, method: 'lawyer_letter', outcome: 'refused', body: 'Refused to pay' },
    { on: '2026-10-20', author: li, method: 'letter', outcome: null, body: 'Second notice' },
    { on: '2026-09-20', author: li, method: 'email', outcome: 'reached', body: 'First notice' },
  ],
};

describe('escalation request view', () => {
  it.each(LOCALES)('shows the case, the evidence chain, requester and reason, with Approve and Reject (%s)', (locale) => {
    const m = escalationRequestView(request, locale);
    checkMessage(m);
    expect(m.actions!.map((a) => a.id)).toEqual(['approve', 'reject']);
    expect(m.actions![0]!.confirm?.text).toContain('Pearl River Logistics (PRL)');
    for (const a of m.actions!) expect(decodeAction(a.value)).toEqual({ v: 1, org: 3, case: 42, ver: 9, esc: 5 });
    const text = plain(m);
    expect(text).toContain('@Li Wei');
    expect(text).toContain("Three letters and a lawyer's letter, no payment");
    expect(text).toContain(locale === 'en-US' ? "Lawyer's letter · Refused to pay · @Li Wei: Refused to pay" : '律师函 · 拒绝还款 · @Li Wei: Refused to pay');
    expect(m.title).toBe(locale === 'en-US' ? 'Legal escalation request: Pearl River Logistics (PRL)' : '法律升级申请：Pearl River Logistics (PRL)');
  });

  it('shows an override reason with what was missing', () => {
    const m = escalationRequestView({ ...request, overrideReason: 'Customer is moving assets', missing: [
      { kind: 'written_records', have: 1, need: 3 }, { kind: 'customer_response' }, { kind: 'advanced_stage', daysOverdue: 45, need: 91 },
    ] }, 'en-US');
    checkMessage(m);
    const text = plain(m);
    expect(text).toContain('Requested despite missing evidence: Customer is moving assets');
    expect(text).toContain("Written collection records (letter, email, SMS, lawyer's letter): 1 of 3");
    expect(text).toContain('Advanced stage: 45 days overdue, needs 91');
  });

  it('labels a write-off proposal with its invoice', () => {
    const m = escalationRequestView({ ...request, kind: 'writeoff', invoice: { number: 'INV-7', openMinor: 100_00n } }, 'zh-CN');
    expect(m.title).toBe('坏账核销申请：Pearl River Logistics (PRL)');
    expect(plain(m)).toContain('发票: INV-7 · ¥100.00');
    expect(m.actions![0]!.confirm?.text).toContain('核销');
  });

  it('stays within budget with a long evidence chain', () => {
    const evidence = Array.from({ length: 200 }, () => ({ on: '2026-11-20', author: li, method: 'letter' as const, outcome: null, body: 'x'.repeat(2000) }));
    const m = escalationRequestView({ ...request, evidence, reason: 'r'.repeat(10_000) }, 'en-US');
    checkMessage(m);
    expect(plain(m)).toMatch(/\+\d+ older records on the case card/);
  });
});

describe('escalation decision view', () => {
  it('says who approved, with the note, and has no buttons', () => {
    const m = escalationDecisionView({ ...request, outcome: { kind: 'approved', by: chen, note: 'go ahead' } }, 'en-US');
    checkMessage(m);
    expect(m.actions).toBeUndefined();
    expect(m.level).toBe('green');
    expect(plain(m)).toContain('Approved by @陈经理');
    expect(plain(m)).toContain('Note: go ahead');
    expect(m.summary).toContain('Legal escalation approved');
  });

  it('says who rejected', () => {
    const m = escalationDecisionView({ ...request, outcome: { kind: 'rejected', by: chen, note: 'try a visit' } }, 'zh-CN');
    expect(plain(m)).toContain('由 @陈经理 驳回');
    expect(plain(m)).toContain('备注：try a visit');
  });

  it.each(APPROVAL_REFUSALS)('explains a refused approval: %s', (reason) => {
    const m = escalationDecisionView({ ...request, outcome: { kind: 'refused', reason, by: chen } }, 'en-US');
    checkMessage(m);
    expect(plain(m)).toMatch(/Approval refused: .+\./);
    expect(m.actions).toBeUndefined();
  });

  it('says "paid since the request" for a case paid after the request', () => {
    const m = escalationDecisionView({ ...request, outcome: { kind: 'refused', reason: 'paid_since_request' } }, 'en-US');
    expect(plain(m)).toContain('Approval refused: paid since the request.');
    expect(plain(escalationDecisionView({ ...request, outcome: { kind: 'refused', reason: 'paid_since_request' } }, 'zh-CN'))).toContain('无法批准：申请后客户已回款。');
  });

  it('shows a withdrawn request', () => {
    expect(plain(escalationDecisionView({ ...request, outcome: { kind: 'cancelled', reason: 'case_closed' } }, 'en-US'))).toContain('Request withdrawn: the case is closed.');
  });
});
