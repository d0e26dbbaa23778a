import { describe, expect, it } from 'vitest';
import { addDays, addWorkingDays, dateIn, daysBetween, isIsoDate, nextWorkingInstant, weekday, zonedInstant } from '../../../src/domain/calendar.js';

describe('calendar', () => {
  it('validates real dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('26-01-01')).toBe(false);
  });

  it('counts calendar days across months, leap years and DST', () => {
    expect(daysBetween('2026-01-31', '2026-03-02')).toBe(30);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);   // Europe's DST weekend: still 2 days
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekday('2026-11-23')).toBe(1);
    expect(weekday('2026-11-29')).toBe(7);
  });

  it("takes today's date in the org's time zone, not the server's", () => {
    const instant = new Date('2026-11-23T17:30:00Z');   // 01:30 on the 24th in Shanghai
    expect(dateIn('Asia/Shanghai', instant)).toBe('2026-11-24');
    expect(dateIn('America/New_York', instant)).toBe('2026-11-23');
    expect(dateIn('UTC', instant)).toBe('2026-11-23');
  });

  it('finds the instant of a local wall-clock time', () => {
    expect(zonedInstant('Asia/Shanghai', '2026-11-23', 9 * 60).toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(zonedInstant('Europe/Berlin', '2026-07-01', 9 * 60).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedInstant('Europe/Berlin', '2026-12-01', 9 * 60).toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });

  it('defers outside working hours to the next working opening', () => {
    const hours = { start: 9 * 60, end: 18 * 60, days: [1, 2, 3, 4, 5] };
    const fridayLate = new Date('2026-11-27T14:00:00Z');   // Fri 22:00 Shanghai
    expect(nextWorkingInstant('Asia/Shanghai', hours, fridayLate).toISOString()).toBe('2026-11-30T01:00:00.000Z');
    const mondayEarly = new Date('2026-11-22T23:00:00Z');  // Mon 07:00 Shanghai
    expect(nextWorkingInstant('Asia/Shanghai', hours, mondayEarly).toISOString()).toBe('2026-11-23T01:00:00.000Z');
    const inHours = new Date('2026-11-23T03:00:00Z');
    expect(nextWorkingInstant('Asia/Shanghai', hours, inHours)).toBe(inHours);
    const atClose = new Date('2026-11-23T10:00:00Z');      // 18:00 sharp: closed
    expect(nextWorkingInstant('Asia/Shanghai', hours, atClose).toISOString()).toBe('2026-11-24T01:00:00.000Z');
  });

  it('adds working days over weekends', () => {
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-23', 5)).toBe('2026-11-30');
  });
});
