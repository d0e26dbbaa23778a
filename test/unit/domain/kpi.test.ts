import { describe, expect, it } from 'vitest';
import { agingStructure, badDebtRate, cei, dso, promiseKeptRate, recoveryRate } from '../../../src/domain/kpi.js';
import { checkCredit, suggestGrade } from '../../../src/domain/credit.js';

describe('KPIs', () => {
  it('recovery rate = collected ÷ (opening overdue + newly due)', () => {
    expect(recoveryRate(60_000n, 100_000n, 50_000n)).toBe(0.4);
    expect(recoveryRate(0n, 0n, 0n)).toBeNull();
  });

  it('DSO = AR ÷ credit sales × days', () => {
    expect(dso(300_000n, 900_000n, 90)).toBe(30);
    expect(dso(100n, 0n, 90)).toBeNull();
  });

  it('CEI per its formula', () => {
    // (100 + 200 − 120) ÷ (100 + 200 − 40) × 100 = 180 ÷ 260 × 100 = 69.23
    expect(cei(100n, 200n, 120n, 40n)).toBe(69.23);
    expect(cei(0n, 0n, 0n, 0n)).toBeNull();
  });

  it('bad-debt and promise-kept rates', () => {
    expect(badDebtRate(5_000n, 1_000_000n)).toBe(0.005);
    expect(promiseKeptRate(3, 1)).toBe(0.75);
    expect(promiseKeptRate(0, 0)).toBeNull();
  });

  it('aging structure shares sum to one over overdue buckets', () => {
    const s = agingStructure({ not_due: 999n, d1_30: 50n, d31_60: 25n, d61_90: 25n });
    expect(s).toEqual({ d1_30: 0.5, d31_60: 0.25, d61_90: 0.25, d91_180: 0, d180_plus: 0 });
  });
});

describe('credit', () => {
  it('warns over the limit and asks grade D to prepay', () => {
    expect(checkCredit('A', 100_000n, 60_000n, 30_000n)).toEqual({ ok: true, headroomMinor: 10_000n });
    expect(checkCredit('B', 100_000n, 60_000n, 50_000n)).toEqual({ ok: false, reason: 'over_limit', overByMinor: 10_000n });
    expect(checkCredit('D', 100_000n, 0n, 1n)).toEqual({ ok: false, reason: 'prepay_required' });
  });

  it('suggests a grade from behaviour', () => {
    expect(suggestGrade({ avgDaysLate: 0, brokenPromises: 0, overdueShare: 0 })).toBe('A');
    expect(suggestGrade({ avgDaysLate: 95, brokenPromises: 3, overdueShare: 0.6 })).toBe('D');
    expect(suggestGrade({ avgDaysLate: 45, brokenPromises: 1, overdueShare: 0.3 })).toBe('C');
  });
});
