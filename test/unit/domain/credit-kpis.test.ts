import { describe, expect, it } from 'vitest';
import { creditWarnings, ratingPoints, type RatingSignals } from '../../../src/domain/credit.js';
import { collectionCycle, median, ratingCoverage, recordsPerCase, timeToClaimHours } from '../../../src/domain/kpi.js';

const signals = (s: Partial<RatingSignals>): RatingSignals => ({ lateWeightedDays: 0n, paidMinor: 0n, brokenPromises: 0, overdue30Minor: 0n, openMinor: 0n, ...s });

describe('re-rating points (001 动态评分模型)', () => {
  it('average days late: > 30 → 1, > 60 → 2, > 90 → 3 (exactly 30 scores nothing)', () => {
    expect(ratingPoints(signals({ lateWeightedDays: 30n * 1000n, paidMinor: 1000n })).late).toBe(0);
    expect(ratingPoints(signals({ lateWeightedDays: 30n * 1000n + 1n, paidMinor: 1000n })).late).toBe(1);
    expect(ratingPoints(signals({ lateWeightedDays: 61n * 1000n, paidMinor: 1000n })).late).toBe(2);
    expect(ratingPoints(signals({ lateWeightedDays: 91n * 1000n, paidMinor: 1000n })).late).toBe(3);
  });

  it('amount-weighted: a big invoice paid on time outweighs a small one paid late', () => {
    // 100 paid 100 days late, 900 paid on time: 10 days on average
    expect(ratingPoints(signals({ lateWeightedDays: 100n * 100n, paidMinor: 1000n })).late).toBe(0);
  });

  it('broken promises ≥ 1 → 1, ≥ 3 → 2; overdue share > 20% → 1, > 50% → 2 (exactly 50% is 1)', () => {
    expect(ratingPoints(signals({ brokenPromises: 2 })).promises).toBe(1);
    expect(ratingPoints(signals({ brokenPromises: 3 })).promises).toBe(2);
    expect(ratingPoints(signals({ overdue30Minor: 500n, openMinor: 1000n })).overdue).toBe(1);
    expect(ratingPoints(signals({ overdue30Minor: 501n, openMinor: 1000n })).overdue).toBe(2);
    expect(ratingPoints(signals({ overdue30Minor: 200n, openMinor: 1000n })).overdue).toBe(0);
  });

  it('points ≥ 5 → D, ≥ 3 → C, ≥ 1 → B, else A', () => {
    expect(ratingPoints(signals({})).grade).toBe('A');
    expect(ratingPoints(signals({ brokenPromises: 1 })).grade).toBe('B');
    expect(ratingPoints(signals({ brokenPromises: 3, overdue30Minor: 300n, openMinor: 1000n })).grade).toBe('C');
    expect(ratingPoints(signals({ lateWeightedDays: 91n, paidMinor: 1n, brokenPromises: 3 })).grade).toBe('D');
  });
});

describe('credit warnings', () => {
  it('over limit counts every open invoice; grade D warns on any open balance', () => {
    expect(creditWarnings('B', 1000n, 1000n)).toEqual({ overLimitByMinor: null, gradeD: false });
    expect(creditWarnings('B', 1000n, 1001n)).toEqual({ overLimitByMinor: 1n, gradeD: false });
    expect(creditWarnings('D', 1000n, 1n)).toEqual({ overLimitByMinor: null, gradeD: true });
    expect(creditWarnings('D', 1000n, 0n).gradeD).toBe(false);
  });
});

describe('more KPIs', () => {
  it('rating coverage, records per case', () => {
    expect(ratingCoverage(9, 10)).toBe(0.9);
    expect(ratingCoverage(0, 0)).toBeNull();
    expect(recordsPerCase(7, 3)).toBe(2.33);
    expect(recordsPerCase(1, 0)).toBeNull();
  });

  it('collection cycle: early payment counts 0', () => {
    expect(collectionCycle([{ dueOn: '2026-03-01', completedOn: '2026-03-11' }, { dueOn: '2026-03-01', completedOn: '2026-02-20' }])).toBe(5);
    expect(collectionCycle([])).toBeNull();
  });

  it('median time to claim in hours', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
    expect(timeToClaimHours([{ alertAt: at(0), claimedAt: at(10) }, { alertAt: at(0), claimedAt: at(2) }])).toBe(6);
    expect(timeToClaimHours([])).toBeNull();
  });
});
