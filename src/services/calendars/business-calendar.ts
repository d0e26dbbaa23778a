// The org's business calendar as the domain uses it (src/domain/calendar.ts): its holidays and
// make-up workdays. A few dozen rows a year, read whole.
import type { BusinessCalendar } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';

export async function loadBusinessCalendar(db: Db, orgId: number): Promise<BusinessCalendar> {
  const rows = await db.selectFrom('calendar_days').select(['day', 'kind']).where('org_id', '=', orgId).execute();
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const r of rows) (r.kind === 'holiday' ? holidays : workdays).add(r.day);
  return { holidays, workdays };
}
