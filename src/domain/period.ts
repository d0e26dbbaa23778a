// Report periods (DOMAIN.md KPIs; DESIGN.md `--period month|quarter|year|<N>d`): calendar month,
// quarter or year to date, or the last N days, ending on the as-of date, which is a calendar day in
// the org's time zone. Targets are per calendar month or quarter (DOMAIN.md "Targets").
import { addDays, daysBetween, isIsoDate, type IsoDate } from './calendar.js';

export type CalendarPeriod = 'month' | 'quarter' | 'year';
export type PeriodSpec = CalendarPeriod | { days: number };

export interface Period {
  /** First day in the period. */
  from: IsoDate;
  /** Last day in the period (the as-of date). */
  to: IsoDate;
  /** Days in the period, both ends counted. */
  days: number;
  /** How it was asked for: 'month', 'quarter', 'year' or '30d'. */
  label: string;
}

export const MAX_PERIOD_DAYS = 3660;

export type ParsePeriodResult = { ok: true; spec: PeriodSpec } | { ok: false };

/** "month" | "quarter" | "year" | "<N>d" (1 ≤ N ≤ 3660). */
export function parsePeriod(text: string): ParsePeriodResult {
  const s = text.trim().toLowerCase();
  if (s === 'month' || s === 'quarter' || s === 'year') return { ok: true, spec: s };
  const m = /^(\d{1,4})d$/.exec(s);
  if (!m) return { ok: false };
  const days = Number(m[1]);
  return days >= 1 && days <= MAX_PERIOD_DAYS ? { ok: true, spec: { days } } : { ok: false };
}

/** The period of `spec` ending on `asOf`: the calendar month, quarter or year to date, or the last N days. */
export function periodEnding(spec: PeriodSpec, asOf: IsoDate): Period {
  if (!isIsoDate(asOf)) throw new RangeError(`not a date: ${asOf}`);
  if (typeof spec === 'object') {
    return { from: addDays(asOf, -(spec.days - 1)), to: asOf, days: spec.days, label: `${spec.days}d` };
  }
  const [y, m] = asOf.split('-') as [string, string];
  const month = Number(m);
  const firstMonth = spec === 'month' ? month : spec === 'quarter' ? month - ((month - 1) % 3) : 1;
  const from = `${y}-${String(firstMonth).padStart(2, '0')}-01`;
  return { from, to: asOf, days: daysBetween(from, asOf) + 1, label: spec };
}

/** The whole calendar month or quarter holding `date` (a target's period). */
export function calendarPeriodOf(spec: 'month' | 'quarter', date: IsoDate): { from: IsoDate; to: IsoDate } {
  const from = periodEnding(spec, date).from;
  const [y, m] = from.split('-').map(Number) as [number, number];
  const months = spec === 'month' ? 1 : 3;
  const next0 = m - 1 + months;
  const nextFirst = `${y + Math.floor(next0 / 12)}-${String((next0 % 12) + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(nextFirst, -1) };
}
