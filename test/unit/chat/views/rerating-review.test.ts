import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../../src/chat/i18n.js';
import { reratingReviewView } from '../../../../src/chat/views/rerating-review.js';
import { decodeReratingAction } from '../../../../src/chat/rerating-action.js';
import { checkMessage, plain } from './message-checks.js';
import { prl } from './fixtures.js';

const input = {
  org: 3, asOf: '2026-04-01',
  lines: [
    { suggestionId: 5, customerId: 9, customer: prl, from: 'B', to: 'D', points: { late: 3, promises: 1, overdue: 2 }, decision: null, decidedBy: null },
    { suggestionId: 6, customerId: 10, customer: { code: 'ACM', name: 'Acme <!channel>' }, from: 'C', to: 'A', points: { late: 0, promises: 0, overdue: 0 }, decision: 'kept' as const, decidedBy: 'Wu' },
  ],
  more: 0, coverage: { rated: 9, customers: 10 },
};

describe('the monthly re-rating post', () => {
  it.each(LOCALES)('lists the suggestions with their points, buttons for those undecided, and the coverage (%s)', (locale) => {
    const m = reratingReviewView(input, locale);
    checkMessage(m);
    const text = plain(m);
    expect(text).toContain(locale === 'en-US' ? 'B → D (days late 3, broken promises 1, overdue share 2 points)' : 'B → D（逾期天数 3 分，违约承诺 1 分，逾期占比 2 分）');
    expect(text).toContain(locale === 'en-US' ? '— kept by Wu' : 'Wu 已保留');
    expect(text).toContain('90%');
    expect(m.actions!.map((a) => [a.id, decodeReratingAction(a.value)])).toEqual([
      ['rerating_accept', { v: 1, org: 3, customer: 9, suggestion: 5 }], ['rerating_keep', { v: 1, org: 3, customer: 9, suggestion: 5 }]]);
  });
});
