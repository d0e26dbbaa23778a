import { describe, expect, it } from 'vitest';
import { caseEventView } from '../../../../src/chat/views/case-event.js';
import { THREAD_EVENT_TYPES } from '../../../../src/domain/case-events.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import { checkMessage, plain } from './message-checks.js';
import { prl } from './fixtures.js';

const actor = { id: 7, name: 'Li Wei' };
const ev = (type: string, payload: Record<string, unknown> = {}) => ({ type, actor, customer: prl, currency: 'CNY', payload });

describe('case event view (thread lines)', () => {
  it.each(LOCALES)('has a line for every event type with no unfilled placeholder (%s)', (locale) => {
    for (const type of [...THREAD_EVENT_TYPES, 'case.opened']) {
      checkMessage(caseEventView(ev(type, { amountMinor: '100', date: '2026-12-01', reason: 'r', invoiceNumber: 'INV-1' }), locale));
    }
  });

  it('describes a logged record with method, outcome and body on one line', () => {
    const m = caseEventView(ev('record.logged', { method: 'call', outcome: 'promised', body: 'pays\nFriday' }), 'en-US');
    expect(plain(m)).toContain('Li Wei logged a Call (Promised to pay): pays Friday');
    expect(plain(caseEventView(ev('record.logged', { method: 'sms' }), 'zh-CN'))).toContain('Li Wei 记录了一次短信：');
  });

  it('formats promise amounts and dates, and decisions', () => {
    expect(plain(caseEventView(ev('promise.made', { amountMinor: '1200050', promisedOn: '2026-12-15' }), 'en-US')))
      .toContain('Li Wei recorded a promise: CNY 12,000.50 by Dec 15, 2026.');
    expect(plain(caseEventView(ev('escalation.decided', { decision: 'approve', kind: 'legal' }), 'zh-CN'))).toContain('Li Wei批准了法律升级。');
    expect(plain(caseEventView(ev('escalation.decided', { decision: 'reject', kind: 'writeoff' }), 'en-US'))).toContain('Li Wei rejected the Write-off.');
  });

  it('survives odd payloads', () => {
    const m = caseEventView({ ...ev('promise.made', { amountMinor: 'not a number', method: '<!channel>' }), actor: null }, 'en-US');
    expect(plain(m)).toContain('duebot recorded a promise');
  });
});
