import { describe, expect, it } from 'vitest';
import { addDays, addWorkingDays, addWorkingHours, dateIn, daysBetween, isIsoDate, isWorkingDay, nextWorkingInstant, weekday, zonedInstant, type BusinessCalendar } from '../../../src/domain/calendar.js';

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

  // 国庆 2026 (国办发明电〔2025〕7号): Oct 1–7 off, Saturday Oct 10 a make-up workday.
  const guoqing: BusinessCalendar = {
    holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
    workdays: new Set(['2026-09-20', '2026-10-10']),
  };
  const hours = { start: 9 * 60, end: 18 * 60, days: [1, 2, 3, 4, 5], calendar: guoqing };

  it('knows a holiday is no working day and a make-up Saturday or Sunday is one', () => {
    expect(isWorkingDay('2026-10-02', hours)).toBe(false);   // a Friday in 国庆
    expect(isWorkingDay('2026-10-10', hours)).toBe(true);    // a Saturday, 调休上班
    expect(isWorkingDay('2026-09-20', hours)).toBe(true);    // a Sunday, 调休上班
    expect(isWorkingDay('2026-10-08', hours)).toBe(true);    // Thursday after the holiday
    expect(isWorkingDay('2026-10-11', hours)).toBe(false);   // an ordinary Sunday
    expect(isWorkingDay('2026-10-02')).toBe(true);           // no calendar: the plain week
  });

  it('defers a moment in a holiday to the start of the next working day', () => {
    const oct3 = zonedInstant('Asia/Shanghai', '2026-10-03', 10 * 60);
    expect(nextWorkingInstant('Asia/Shanghai', hours, oct3).toISOString()).toBe('2026-10-08T01:00:00.000Z');
    const oct9Late = zonedInstant('Asia/Shanghai', '2026-10-09', 19 * 60);   // Friday evening → the make-up Saturday
    expect(nextWorkingInstant('Asia/Shanghai', hours, oct9Late).toISOString()).toBe('2026-10-10T01:00:00.000Z');
    const sat = zonedInstant('Asia/Shanghai', '2026-10-10', 11 * 60);
    expect(nextWorkingInstant('Asia/Shanghai', hours, sat)).toEqual(sat);
  });

  it('adds working days over holidays and through make-up workdays', () => {
    expect(addWorkingDays('2026-09-30', 1, [1, 2, 3, 4, 5], guoqing)).toBe('2026-10-08');
    expect(addWorkingDays('2026-10-09', 1, [1, 2, 3, 4, 5], guoqing)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-01');
  });

  it('counts working hours across evenings, weekends and holidays', () => {
    const tz = 'Asia/Shanghai';
    // Wednesday 17:00 + 2 working hours = Thursday 10:00.
    expect(addWorkingHours(tz, hours, zonedInstant(tz, '2026-11-25', 17 * 60), 2)).toEqual(zonedInstant(tz, '2026-11-26', 10 * 60));
    // Wednesday Sept 30, 12:00 + 48 working hours (9 a day): 6 h that day, then Oct 8, 9, 10 (make-up Sat), 12, and 6 h on Oct 13.
    expect(addWorkingHours(tz, hours, zonedInstant(tz, '2026-09-30', 12 * 60), 48)).toEqual(zonedInstant(tz, '2026-10-13', 15 * 60));
    // Started on a holiday: the clock starts at the next opening.
    expect(addWorkingHours(tz, hours, zonedInstant(tz, '2026-10-05', 12 * 60), 9)).toEqual(zonedInstant(tz, '2026-10-08', 18 * 60));
  });
});
