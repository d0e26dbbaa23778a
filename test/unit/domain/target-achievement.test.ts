import { describe, expect, it } from 'vitest';
import { achievement, parseDecimal, percentText, type Fraction } from '../../../src/domain/target-achievement.js';

const dec = (s: string): Fraction => { const r = parseDecimal(s); if (!r.ok) throw new Error(s); return r.value; };
const frac = (num: bigint, den: bigint): Fraction => ({ num, den });

describe('target achievement in exact decimals', () => {
  it('exactly 80% is not flagged, 79.99% is (a float would flag 0.72 against 0.9 × 0.8)', () => {
    // recovery target 90%: actual 72% is exactly 80% achieved
    expect(achievement('recovery', frac(72n, 100n), frac(90n, 100n))).toMatchObject({ flagged: false });
    expect(0.72 < 0.9 * 0.8).toBe(true);   // the float trap the rule avoids
    // actual 71.991% → 79.99% achieved
    const a = achievement('recovery', frac(71991n, 100000n), frac(90n, 100n));
    expect(a).toMatchObject({ status: 'measured', flagged: true });
    if (a.status === 'measured') expect(percentText(a.achievement)).toBe('79.99');
  });

  it('lower is better for DSO and the overdue balance: target ÷ actual', () => {
    expect(achievement('dso', dec('50'), dec('40'))).toMatchObject({ flagged: false });   // 40/50 = 80%
    expect(achievement('dso', dec('50.01'), dec('40'))).toMatchObject({ flagged: true });
    expect(achievement('overdue', frac(0n, 1n), dec('1000'))).toMatchObject({ flagged: false });
  });

  it('higher is better for collected and CEI', () => {
    expect(achievement('collected', dec('7999.99'), dec('10000'))).toMatchObject({ flagged: true });
    expect(achievement('collected', dec('8000'), dec('10000'))).toMatchObject({ flagged: false });
    expect(achievement('cei', dec('100'), dec('90'))).toMatchObject({ flagged: false });
  });

  it('no actual figure: unmeasured, not flagged', () => {
    expect(achievement('recovery', null, dec('90'))).toEqual({ status: 'unmeasured' });
  });

  it('parses plain decimals only', () => {
    expect(parseDecimal('92.5')).toEqual({ ok: true, value: { num: 925n, den: 10n } });
    for (const bad of ['-1', '1e3', '', '1.', 'abc']) expect(parseDecimal(bad).ok).toBe(false);
    expect(percentText(frac(1n, 1n))).toBe('100');
    expect(percentText(frac(805n, 1000n))).toBe('80.5');
  });
});
