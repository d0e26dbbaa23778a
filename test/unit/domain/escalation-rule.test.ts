import { describe, expect, it } from 'vitest';
import { missingEvidence } from '../../../src/domain/escalation-rule.js';

const written = (n: number, outcome: string | null = null) =>
  Array.from({ length: n }, (_, i) => ({ method: ['letter', 'email', 'sms', 'lawyer_letter'][i % 4]!, outcome }));

describe('legal escalation evidence (001: ≥3 written records + customer response)', () => {
  it('passes with three written records, a response and > 90 days', () => {
    expect(missingEvidence([...written(3), { method: 'call', outcome: 'refused' }], 91)).toEqual([]);
  });

  it('does not count a written record whose delivery failed (issue 11: a bounced email counts for nothing)', () => {
    const records = [...written(2), { method: 'email', outcome: null, undelivered: true }, { method: 'call', outcome: 'refused' }];
    expect(missingEvidence(records, 120)).toEqual([{ kind: 'written_records', have: 2, need: 3 }]);
    expect(missingEvidence([...written(2), { method: 'email', outcome: null, undelivered: false }, { method: 'call', outcome: 'refused' }], 120)).toEqual([]);
  });

  it('does not count calls and visits as written records', () => {
    const records = [...written(2), { method: 'call', outcome: 'reached' }, { method: 'visit', outcome: null }];
    expect(missingEvidence(records, 120)).toEqual([{ kind: 'written_records', have: 2, need: 3 }]);
  });

  it('needs an outcome showing the customer answered', () => {
    expect(missingEvidence([...written(3, 'no_answer')], 100)).toEqual([{ kind: 'customer_response' }]);
    for (const outcome of ['reached', 'promised', 'disputed', 'refused']) {
      expect(missingEvidence(written(3, outcome), 100), outcome).toEqual([]);
    }
  });

  it('needs the advanced stage (ours: > 90 days)', () => {
    expect(missingEvidence(written(3, 'refused'), 90)).toEqual([{ kind: 'advanced_stage', daysOverdue: 90, need: 91 }]);
  });

  it('lists everything missing at once', () => {
    expect(missingEvidence([], 10)).toHaveLength(3);
  });

  it('follows the org policy', () => {
    expect(missingEvidence(written(2, 'refused'), 40, { minWritten: 2, minDaysOverdue: 31 })).toEqual([]);
  });
});
