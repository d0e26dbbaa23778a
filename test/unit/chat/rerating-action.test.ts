import { describe, expect, it } from 'vitest';
import { decodeReratingAction, encodeReratingAction } from '../../../src/chat/rerating-action.js';
import { decodeAction } from '../../../src/chat/action-payload.js';
import { decodeMessageAction } from '../../../src/chat/message-action.js';
import { decodeTargetFlagAction } from '../../../src/chat/target-flag-action.js';

describe('the customer and suggestion a re-rating button names (issue 10)', () => {
  it('round-trips and refuses anything we never issued, without throwing', () => {
    const value = encodeReratingAction({ v: 1, org: 3, customer: 42, suggestion: 7 });
    expect(value).toBe('g1.3.42.7');
    expect(decodeReratingAction(value)).toEqual({ v: 1, org: 3, customer: 42, suggestion: 7 });
    // No other payload reads it, nor it them.
    expect([decodeAction(value), decodeMessageAction(value), decodeTargetFlagAction(value)]).toEqual([null, null, null]);
    for (const bad of ['g1.3.42', 'g1.0.4.5', 'g2.3.4.5', '1.3.4.5', 't1.3.4', 'm1.3.4', 'g1.3.4.5.6', 'g1.99999999999.1.1', 42, null, `g1.1.1.${'9'.repeat(40)}`]) {
      expect(decodeReratingAction(bad), String(bad)).toBeNull();
    }
    expect(() => encodeReratingAction({ v: 1, org: 1, customer: 0, suggestion: 1 })).toThrow(RangeError);
  });
});
