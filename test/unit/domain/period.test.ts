import { describe, expect, it } from 'vitest';
import { calendarPeriodOf, parsePeriod, periodEnding } from '../../../src/domain/period.js';

describe('report periods', () => {
  it('parses month, quarter, year and <N>d, refusing the rest', () => {
    expect(parsePeriod('month')).toEqual({ ok: true, spec: 'month' });
    expect(parsePeriod('QUARTER')).toEqual({ ok: true, spec: 'quarter' });
    expect(parsePeriod('30d')).toEqual({ ok: true, spec: { days: 30 } });
    for (const bad of ['0d', '3661d', 'week', '30', 'd', '-3d']) expect(parsePeriod(bad)).toEqual({ ok: false });
  });

  it('calendar month, quarter and year to date, ending on the as-of date', () => {
    expect(periodEnding('month', '2026-02-28')).toEqual({ from: '2026-02-01', to: '2026-02-28', days: 28, label: 'month' });
    expect(periodEnding('quarter', '2026-06-30')).toEqual({ from: '2026-04-01', to: '2026-06-30', days: 91, label: 'quarter' });
    expect(periodEnding('quarter', '2026-10-01')).toMatchObject({ from: '2026-10-01', days: 1 });
    expect(periodEnding('year', '2024-12-31')).toMatchObject({ from: '2024-01-01', days: 366 });
  });

  it('the last N days, both ends counted', () => {
    expect(periodEnding({ days: 30 }, '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01', days: 30, label: '30d' });
    expect(periodEnding({ days: 1 }, '2026-03-01')).toMatchObject({ from: '2026-03-01', days: 1 });
  });

  it('the whole calendar month or quarter of a target', () => {
    expect(calendarPeriodOf('month', '2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(calendarPeriodOf('quarter', '2026-11-30')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });
});
