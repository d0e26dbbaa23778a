// Calendar dates ('YYYY-MM-DD') and local time in the org's time zone. Days are calendar days;
// working days follow the working week and the org's business calendar (holidays, make-up workdays).

export type IsoDate = string;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in YYYY-MM-DD form (2026-02-30 is not). */
export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

function toEpochDay(date: IsoDate): number {
  const m = ISO.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) / 86_400_000;
}

function fromEpochDay(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** b − a in calendar days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(date: IsoDate): number {
  const d = new Date(toEpochDay(date) * 86_400_000).getUTCDay();
  return d === 0 ? 7 : d;
}

// Building an Intl.DateTimeFormat is costly (≈0.1 ms); one per zone is kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const clockFormats = new Map<string, Intl.DateTimeFormat>();
function formatFor(cache: Map<string, Intl.DateTimeFormat>, tz: string, clock: boolean): Intl.DateTimeFormat {
  let f = cache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit',
      ...(clock ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const : {}) });
    cache.set(tz, f);
  }
  return f;
}

/** The calendar date at `instant` in time zone `tz`. */
export function dateIn(tz: string, instant: Date = new Date()): IsoDate {
  const parts = formatFor(dateFormats, tz, false).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Local wall-clock parts of `instant` in `tz`. */
export function localParts(tz: string, instant: Date): { date: IsoDate; minutes: number; weekday: number } {
  const parts = formatFor(clockFormats, tz, true).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  return { date, minutes: Number(get('hour')) * 60 + Number(get('minute')), weekday: weekday(date) };
}

/** The instant when the wall clock in `tz` shows `date` at `minutes` past midnight. */
export function zonedInstant(tz: string, date: IsoDate, minutes: number): Date {
  // Start from the UTC reading and correct by the zone's offset (twice, for DST edges).
  let guess = toEpochDay(date) * 86_400_000 + minutes * 60_000;
  for (let i = 0; i < 2; i++) {
    const p = localParts(tz, new Date(guess));
    const shown = toEpochDay(p.date) * 86_400_000 + p.minutes * 60_000;
    guess += toEpochDay(date) * 86_400_000 + minutes * 60_000 - shown;
  }
  return new Date(guess);
}

/**
 * The org's business calendar: public holidays are not working days, official make-up workdays
 * (调休上班) are, whatever their weekday (DOMAIN.md "Working days"). Empty: the plain working week.
 */
export interface BusinessCalendar { holidays: ReadonlySet<IsoDate>; workdays: ReadonlySet<IsoDate> }

export const NO_CALENDAR: BusinessCalendar = { holidays: new Set(), workdays: new Set() };

/** Working hours (minutes past midnight), the working weekdays (ISO) and the business calendar. */
export interface WorkingHours { start: number; end: number; days: number[]; calendar?: BusinessCalendar }

const MON_FRI = [1, 2, 3, 4, 5];

/** True when `date` is a working day: a holiday never is, a make-up workday always is, else by weekday. */
export function isWorkingDay(date: IsoDate, week: { days?: readonly number[]; calendar?: BusinessCalendar } = {}): boolean {
  const cal = week.calendar ?? NO_CALENDAR;
  if (cal.holidays.has(date)) return false;
  if (cal.workdays.has(date)) return true;
  return (week.days ?? MON_FRI).includes(weekday(date));
}

/** The first working day on or after `date` (a calendar with no working day in a year gives up there). */
export function nextWorkingDay(date: IsoDate, week: { days?: readonly number[]; calendar?: BusinessCalendar } = {}): IsoDate {
  let d = date;
  for (let i = 0; i < 366 && !isWorkingDay(d, week); i++) d = addDays(d, 1);
  return d;
}

export function parseClock(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(hhmm);
  if (!m || +m[1]! > 23 || +m[2]! > 59) throw new RangeError(`not a time: ${hhmm}`);
  return +m[1]! * 60 + +m[2]!;
}

/**
 * `instant` if it falls in working hours in `tz`, else the next opening: the start of the next
 * working day by the weekdays and the business calendar (DOMAIN.md: reminders respect working
 * hours; "Working days": holidays are not working days, make-up workdays are). Every timing of a
 * reminder, digest or customer message goes through this one function.
 */
export function nextWorkingInstant(tz: string, hours: WorkingHours, instant: Date): Date {
  const p = localParts(tz, instant);
  if (isWorkingDay(p.date, hours) && p.minutes >= hours.start && p.minutes < hours.end) return instant;
  const date = nextWorkingDay(p.minutes < hours.start ? p.date : addDays(p.date, 1), hours);
  return zonedInstant(tz, date, hours.start);
}

/**
 * `start` plus `h` working hours: only the time inside working hours on working days counts
 * (the 48-hour rule when an org counts in working hours, issue 15).
 */
export function addWorkingHours(tz: string, hours: WorkingHours, start: Date, h: number): Date {
  let left = h * 60;   // minutes
  let at = nextWorkingInstant(tz, hours, start);
  for (let i = 0; i < 2000; i++) {
    const p = localParts(tz, at);
    const open = hours.end - p.minutes;   // minutes left in this working day
    if (left <= open) return new Date(at.getTime() + left * 60_000);
    left -= open;
    at = nextWorkingInstant(tz, hours, zonedInstant(tz, p.date, hours.end));
  }
  return at;
}

/** Adds `n` working days (by the org's working weekdays and its business calendar) to a date. */
export function addWorkingDays(date: IsoDate, n: number, days: number[] = MON_FRI, calendar?: BusinessCalendar): IsoDate {
  let d = date;
  let left = n;
  for (let guard = 0; left > 0 && guard < 366 * 10; guard++) {
    d = addDays(d, 1);
    if (isWorkingDay(d, { days, calendar })) left--;
  }
  return d;
}
