import { describe, expect, it } from 'vitest';
import { decodeTargetFlagAction, encodeTargetFlagAction } from '../../../src/chat/target-flag-action.js';
import { decodeAction } from '../../../src/chat/action-payload.js';
import { decodeMessageAction } from '../../../src/chat/message-action.js';

describe('the flagged target a remediation button names (issue 10)', () => {
  it('round-trips and refuses anything we never issued, without throwing', () => {
    const value = encodeTargetFlagAction({ v: 1, org: 3, flag: 42 });
    expect(value).toBe('t1.3.42');
    expect(decodeTargetFlagAction(value)).toEqual({ v: 1, org: 3, flag: 42 });
    // Never mistaken for a case's or a message's payload, nor they for it.
    expect(decodeAction(value)).toBeNull();
    expect(decodeMessageAction(value)).toBeNull();
    for (const bad of ['t1.3', 't1.0.4', 't2.3.4', '1.3.4.5', 'm1.3.4', 't1.3.4.5', 't1.99999999999.1', 42, null, `t1.1.${'9'.repeat(40)}`]) {
      expect(decodeTargetFlagAction(bad), String(bad)).toBeNull();
    }
    expect(() => encodeTargetFlagAction({ v: 1, org: 0, flag: 1 })).toThrow(RangeError);
  });
});
