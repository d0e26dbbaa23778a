import { describe, expect, it } from 'vitest';
import { confirmationView, type Confirmation } from '../../../../src/chat/views/confirmation.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import { checkMessage, plain } from './message-checks.js';
import { li, prl } from './fixtures.js';

const all: Confirmation[] = [
  { kind: 'claimed', customer: prl, keepBy: '2026-11-28' },
  { kind: 'released', customer: prl },
  { kind: 'assigned', customer: prl, to: li },
  { kind: 'logged', customer: prl, method: 'call', outcome: 'reached', nextActionOn: '2026-11-25' },
  { kind: 'promised', customer: prl, currency: 'CNY', amountMinor: 1_200_050n, date: '2026-12-15' },
  { kind: 'disputed', invoice: 'INV-9', customer: prl },
  { kind: 'snoozed', customer: prl, until: '2026-12-07' },
  { kind: 'escalation_requested', customer: prl },
  { kind: 'escalation_requested', customer: prl, overridden: true },
  { kind: 'escalation_refused', customer: prl, missing: [{ kind: 'written_records', have: 2, need: 3 }, { kind: 'customer_response' }], canOverride: true },
  { kind: 'approved', customer: prl, escalation: 'legal' },
  { kind: 'rejected', customer: prl, escalation: 'writeoff' },
  { kind: 'writeoff_proposed', invoice: 'INV-7', customer: prl, currency: 'CNY', amountMinor: 100_00n },
  { kind: 'subscribed', subscription: 'digest', filter: { region: 'East', at: '09:00' } },
  { kind: 'unsubscribed', subscription: 'alerts', filter: {} },
  { kind: 'target_set', scope: { kind: 'owner', user: li }, metric: 'recovery', value: '85', currency: 'CNY', period: 'quarter' },
  { kind: 'target_set', scope: { kind: 'product', product: 'Pumps' }, metric: 'collected', value: '1200000', currency: 'CNY', period: 'month' },
  { kind: 'target_plan_recorded', plan: { owner: li, action: 'call the top 10', dueOn: '2026-11-30' } },
  { kind: 'target_plan_already', plan: { owner: null, action: 'call the top 10', dueOn: '2026-11-30' } },
  { kind: 'language_set', locale: 'en-US' },
  { kind: 'dispute_requested', invoice: 'INV-9', customer: prl },
  { kind: 'dispute_resolved', invoice: 'INV-9', customer: prl },
  { kind: 'dispute_withdrawn', invoice: 'INV-9', customer: prl },
];

describe('confirmation views', () => {
  it.each(LOCALES)('answer every command ephemerally, with every placeholder filled (%s)', (locale) => {
    for (const c of all) {
      const m = confirmationView(c, locale);
      checkMessage(m);
      expect(m.ephemeral).toBe(true);
    }
  });

  it('say what was done', () => {
    const en = (c: Confirmation) => plain(confirmationView(c, 'en-US'));
    expect(en({ kind: 'dispute_requested', invoice: 'INV-9' })).toContain('waits for finance or a manager to confirm it (/ar dispute INV-9 confirm)');
    expect(en({ kind: 'dispute_resolved', invoice: 'INV-9' })).toContain('the invoice is open again');
    expect(en(all[0]!)).toContain('You own Pearl River Logistics (PRL) now. Log a record by Nov 28, 2026 to keep it.');
    expect(en(all[2]!)).toContain('Pearl River Logistics (PRL) is assigned to @Li Wei.');
    expect(en(all[3]!)).toContain('Call logged for Pearl River Logistics (PRL). Outcome: Reached. Next action: Nov 25, 2026.');
    expect(en(all[4]!)).toContain('pays CNY 12,000.50 by Dec 15, 2026');
    expect(en(all[13]!)).toContain('This channel now gets the daily digest. (region East · at 09:00)');
    expect(en(all[15]!)).toContain('Target set: Recovery rate 85% per quarter for @Li Wei.');
    expect(plain(confirmationView(all[4]!, 'zh-CN'))).toContain('将于2026年12月15日前支付 ¥12,000.50');
  });

  it('list what is missing when an escalation is refused', () => {
    const m = confirmationView(all[9]!, 'en-US');
    expect(m.level).toBe('orange');
    const text = plain(m);
    expect(text).toContain('refused: the evidence chain is incomplete');
    expect(text).toContain('2 of 3');
    expect(text).toContain("Evidence of the customer's response");
    expect(text).toContain('written override reason');
  });

  it('warn when contacts reach the weekly cap', () => {
    const m = confirmationView({ kind: 'logged', customer: prl, method: 'call', outcome: null, contacts: { count: 5, cap: 5 } }, 'en-US');
    expect(plain(m)).toContain('5 contacts with this customer this week (cap 5)');
    expect(plain(confirmationView({ kind: 'logged', customer: prl, method: 'call', outcome: null, contacts: { count: 2, cap: 5 } }, 'en-US'))).not.toContain('cap');
  });

  it('confirm a language change in the new language', () => {
    expect(plain(confirmationView({ kind: 'language_set', locale: 'zh-CN' }, 'en-US'))).toContain('以后我用中文回复你');
    expect(plain(confirmationView({ kind: 'language_set', locale: 'en-US' }, 'zh-CN'))).toContain('I will answer you in English');
  });
});
