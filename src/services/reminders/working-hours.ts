// When a person may be reminded (DOMAIN.md compliance: reminders to staff respect working hours):
// the org's working hours and days, in the person's own time zone, else the org's, and the org's
// business calendar (DOMAIN.md "Working days": no reminder on a holiday, reminders on a make-up workday).
import { nextWorkingInstant, parseClock, type WorkingHours } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { loadBusinessCalendar } from '../calendars/business-calendar.js';
import type { Locale } from '../../domain/locale.js';

export interface OrgHours { timezone: string; hours: WorkingHours; locale: Locale }

export async function orgHours(db: Db, orgId: number): Promise<OrgHours> {
  const r = await db.selectFrom('orgs').innerJoin('org_policies', 'org_policies.org_id', 'orgs.id')
    .select(['orgs.timezone', 'orgs.locale', 'org_policies.work_start', 'org_policies.work_end', 'org_policies.work_days'])
    .where('orgs.id', '=', orgId).executeTakeFirstOrThrow();
  const calendar = await loadBusinessCalendar(db, orgId);
  return { timezone: r.timezone, locale: r.locale,
    hours: { start: parseClock(r.work_start), end: parseClock(r.work_end), days: parseIntArray(r.work_days), calendar } };
}

/** `instant` when it falls in the person's working hours, else the next opening. */
export function deferToWorkingHours(org: OrgHours, userTimezone: string | null | undefined, instant: Date): Date {
  return nextWorkingInstant(userTimezone || org.timezone, org.hours, instant);
}

/** int[] arrives as a JS array or, with the date[] parser quirk, as '{1,2,3}'. */
export function parseIntArray(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === 'string') return v.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  return [];
}
