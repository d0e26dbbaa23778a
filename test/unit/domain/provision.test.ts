import { describe, expect, it } from 'vitest';
import { isHighRisk, provisionOf, provisionRate, DEFAULT_PROVISION_POLICY as P } from '../../../src/domain/provision.js';
import { rateToNumber } from '../../../src/domain/money.js';

describe('provision', () => {
  it('applies the aging rates of 001 and ours', () => {
    expect(provisionOf(1_000_000n, 'not_due', null)).toBe(0n);
    expect(provisionOf(1_000_000n, 'd1_30', null)).toBe(20_000n);
    expect(provisionOf(1_000_000n, 'd31_60', null)).toBe(150_000n);
    expect(provisionOf(1_000_000n, 'd61_90', null)).toBe(150_000n);
    expect(provisionOf(1_000_000n, 'd91_180', null)).toBe(500_000n);
    expect(provisionOf(1_000_000n, 'd180_plus', null)).toBe(1_000_000n);
  });

  it('uplifts high-risk industries by 30% relative: 15% becomes 19.5%', () => {
    expect(rateToNumber(provisionRate('d31_60', 'construction', P))).toBe(0.195);
    expect(rateToNumber(provisionRate('d1_30', 'Foreign_Trade', P))).toBe(0.026);
    expect(provisionOf(1_000_000n, 'd31_60', 'construction')).toBe(195_000n);
  });

  it('caps the uplifted rate at 100%', () => {
    expect(rateToNumber(provisionRate('d180_plus', 'construction', P))).toBe(1);
    expect(rateToNumber(provisionRate('d91_180', 'construction', { ...P, uplift: '1.5' }))).toBe(1);
  });

  it('rounds each line half-up to the minor unit', () => {
    expect(provisionOf(1n, 'd91_180', null)).toBe(1n);          // 0.5 → 1
    expect(provisionOf(3n, 'd31_60', null)).toBe(0n);           // 0.45 → 0
    expect(provisionOf(10n, 'd31_60', null)).toBe(2n);          // 1.5 → 2
    expect(provisionOf(1001n, 'd31_60', 'construction')).toBe(195n); // 195.195 → 195
    expect(provisionOf(0n, 'd180_plus', null)).toBe(0n);
  });

  it('compares industries case-insensitively and ignores blanks', () => {
    expect(isHighRisk(' Construction ', P)).toBe(true);
    expect(isHighRisk('retail', P)).toBe(false);
    expect(isHighRisk(null, P)).toBe(false);
    expect(isHighRisk('', P)).toBe(false);
  });
});
