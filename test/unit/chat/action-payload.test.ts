import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction, type ActionPayload } from '../../../src/chat/action-payload.js';

describe('action payloads', () => {
  it.each<ActionPayload>([
    { v: 1, org: 1, case: 1, ver: 1 },
    { v: 1, org: 12, case: 3456, ver: 7, esc: 89 },
    { v: 1, org: 12, case: 3456, ver: 7, inv: 100 },
    { v: 1, org: 2_147_483_647, case: 2_147_483_647, ver: 2_147_483_647, esc: 2_147_483_647, inv: 2_147_483_647 },
  ])('round-trips %j', (p) => {
    const s = encodeAction(p);
    expect(decodeAction(s)).toEqual(p);
    expect(s.length).toBeLessThan(80);
  });

  it('is compact and readable in logs', () => {
    expect(encodeAction({ v: 1, org: 3, case: 42, ver: 5, esc: 9, inv: 17 })).toBe('1.3.42.5.e9.i17');
  });

  it('keeps decoding values issued by v1, as cards posted months ago carry them', () => {
    expect(decodeAction('1.3.42.5')).toEqual({ v: 1, org: 3, case: 42, ver: 5 });
    expect(decodeAction('1.3.42.5.e9')).toEqual({ v: 1, org: 3, case: 42, ver: 5, esc: 9 });
    expect(decodeAction('1.3.42.5.i17')).toEqual({ v: 1, org: 3, case: 42, ver: 5, inv: 17 });
  });

  it.each([
    '', '1', '1.3.42', '2.3.42.5', '1.3.42.5.', '1.0.42.5', '1.3.0.5', '1.03.42.5', '1.3.42.5.x9', '1.3.42.5.e0',
    '1.3.42.5.i17.e9', '1.3.42.5.e9.e9', '1.-3.42.5', '1.3.42.5 ', ' 1.3.42.5', '1.3.42.5\n', '1.99999999999.1.1',
    '1.2147483648.1.1', '{"v":1,"org":3,"case":42,"ver":5}', 'null', '1.3.42.5.e9.i17.extra', '１.3.42.5', 'x'.repeat(5000),
  ])('rejects %j without throwing', (s) => {
    expect(decodeAction(s)).toBeNull();
  });

  it('rejects values that are not strings', () => {
    for (const v of [undefined, null, 42, {}, [], true]) expect(decodeAction(v)).toBeNull();
  });

  it('refuses to encode ids the database cannot hold', () => {
    expect(() => encodeAction({ v: 1, org: 0, case: 1, ver: 1 })).toThrow(RangeError);
    expect(() => encodeAction({ v: 1, org: 1, case: 1.5, ver: 1 })).toThrow(RangeError);
    expect(() => encodeAction({ v: 1, org: 1, case: 1, ver: 1, esc: -1 })).toThrow(RangeError);
    expect(() => encodeAction({ v: 1, org: 1, case: 1, ver: 2 ** 31 })).toThrow(RangeError);
  });
});
