// `duebot calendar show`: the org's holidays and make-up workdays of one year.
import { dateIn, weekday, type IsoDate } from '../../domain/calendar.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { CalendarDayKind } from '../../store/schema.js';
import { getOrgById } from '../orgs.js';

export interface CalendarDay { date: IsoDate; weekday: number; kind: CalendarDayKind; name: string }
export interface CalendarYear { org: string; timezone: string; year: number; holidays: number; workdays: number; days: CalendarDay[] }

/** One year of the org's calendar (default: this year in the org's time zone), by date. */
export async function showCalendar(db: Db, orgId: number, year?: number): Promise<CalendarYear> {
  const org = await getOrgById(db, orgId);
  const y = year ?? Number(dateIn(org.timezone).slice(0, 4));
  if (!Number.isInteger(y) || y < 1900 || y > 9999) throw new DuebotError('invalid', `year "${year}" must be written YYYY, such as 2027`);
  const rows = await db.selectFrom('calendar_days').select(['day', 'kind', 'name']).where('org_id', '=', orgId)
    .where('day', '>=', `${y}-01-01`).where('day', '<=', `${y}-12-31`).orderBy('day').execute();
  const days = rows.map((r) => ({ date: r.day, weekday: weekday(r.day), kind: r.kind, name: r.name }));
  return { org: org.slug, timezone: org.timezone, year: y, days,
    holidays: days.filter((d) => d.kind === 'holiday').length, workdays: days.filter((d) => d.kind === 'workday').length };
}
