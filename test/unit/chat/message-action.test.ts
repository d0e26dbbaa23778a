import { describe, expect, it } from 'vitest';
import { decodeMessageAction, encodeMessageAction } from '../../../src/chat/message-action.js';

describe('the message a preview button names (issue 11)', () => {
  it('round-trips and refuses anything we never issued, without throwing', () => {
    expect(decodeMessageAction(encodeMessageAction({ v: 1, org: 3, msg: 42 }))).toEqual({ v: 1, org: 3, msg: 42 });
    for (const bad of ['m1.3', 'm1.0.4', 'm2.3.4', '1.3.4.5', 'm1.3.4.5', 'm1.99999999999.1', 42, null, `m1.1.${'9'.repeat(40)}`]) {
      expect(decodeMessageAction(bad), String(bad)).toBeNull();
    }
    expect(() => encodeMessageAction({ v: 1, org: 0, msg: 1 })).toThrow(RangeError);
  });
});
