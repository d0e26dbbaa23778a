import { describe, expect, it } from 'vitest';
import { bucketOf, daysOverdue, levelOf, stageOf, thresholdsFor, worstLevel, DEFAULT_THRESHOLDS } from '../../../src/domain/aging.js';

describe('aging', () => {
  it('puts each boundary day in the right bucket', () => {
    const cases: [number, string][] = [[-5, 'not_due'], [0, 'not_due'], [1, 'd1_30'], [30, 'd1_30'], [31, 'd31_60'],
      [60, 'd31_60'], [61, 'd61_90'], [90, 'd61_90'], [91, 'd91_180'], [180, 'd91_180'], [181, 'd180_plus']];
    for (const [days, bucket] of cases) expect(bucketOf(days), `day ${days}`).toBe(bucket);
  });

  it('computes days overdue as as-of minus due date', () => {
    expect(daysOverdue('2026-10-24', '2026-11-23')).toBe(30);
    expect(daysOverdue('2026-11-30', '2026-11-23')).toBe(-7);
  });

  it('raises yellow at 31, orange at 61, red at 91 (001)', () => {
    expect(levelOf(30)).toBeNull();
    expect(levelOf(31)).toBe('yellow');
    expect(levelOf(60)).toBe('yellow');
    expect(levelOf(61)).toBe('orange');
    expect(levelOf(90)).toBe('orange');
    expect(levelOf(91)).toBe('red');
    expect(levelOf(-3)).toBeNull();
  });

  it('lets grade and industry overrides change the thresholds, most specific first', () => {
    const overrides = [
      { creditGrade: 'D', industry: null, yellow: 11, orange: 21, red: 31 },
      { creditGrade: null, industry: 'Construction', yellow: 16, orange: 31, red: 46 },
      { creditGrade: 'D', industry: 'construction', yellow: 6, orange: 11, red: 16 },
    ];
    expect(thresholdsFor(DEFAULT_THRESHOLDS, overrides, { creditGrade: 'A', industry: null })).toEqual(DEFAULT_THRESHOLDS);
    expect(thresholdsFor(DEFAULT_THRESHOLDS, overrides, { creditGrade: 'D', industry: 'retail' }).red).toBe(31);
    expect(thresholdsFor(DEFAULT_THRESHOLDS, overrides, { creditGrade: 'B', industry: 'construction' }).red).toBe(46);
    expect(thresholdsFor(DEFAULT_THRESHOLDS, overrides, { creditGrade: 'D', industry: 'CONSTRUCTION' }).red).toBe(16);
    expect(levelOf(20, thresholdsFor(DEFAULT_THRESHOLDS, overrides, { creditGrade: 'D', industry: null }))).toBe('yellow');
  });

  it("takes a case's level as the worst of its invoices'", () => {
    expect(worstLevel([null, 'yellow', 'red', 'orange'])).toBe('red');
    expect(worstLevel([null, null])).toBeNull();
    expect(worstLevel([])).toBeNull();
  });

  it('assigns stages: pre 3 days before due, primary to 30, intermediate to 90, advanced after', () => {
    expect(stageOf(-4)).toBeNull();
    expect(stageOf(-3)).toBe('pre');
    expect(stageOf(0)).toBe('pre');
    expect(stageOf(1)).toBe('primary');
    expect(stageOf(30)).toBe('primary');
    expect(stageOf(31)).toBe('intermediate');
    expect(stageOf(90)).toBe('intermediate');
    expect(stageOf(91)).toBe('advanced');
    expect(stageOf(-6, 7)).toBe('pre');
  });
});
