// The monthly re-rating (issue 10; DOMAIN.md "Credit control": monthly, suggested only when it
// differs, accepted or kept by finance, never applied silently). On the first working day of the
// month, from the start of the working day, the daily scan claims the month once, records a
// suggestion per customer whose computed grade differs from its current one, and — when there is
// any — a `credit.rerating` event in the same transaction; the outbox posts it to every
// 'escalations' channel (where finance and managers decide) with Accept / Keep per customer.
import { isWorkingDay, localParts } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { orgHours } from '../reminders/working-hours.js';
import { ratingSignals } from './rerating-signals.js';

/** True when this call raised the month's re-rating post. */
export async function raiseRerating(db: Db, orgId: number, now: Date): Promise<boolean> {
  const org = await orgHours(db, orgId);
  const local = localParts(org.timezone, now);
  if (!isWorkingDay(local.date, { days: org.hours.days, calendar: org.hours.calendar }) || local.minutes < org.hours.start) return false;
  const month = `${local.date.slice(0, 7)}-01`;
  return db.transaction().execute(async (trx) => {
    const claimed = await trx.insertInto('rerating_reviews').values({ org_id: orgId, month, as_of: local.date })
      .onConflict((oc) => oc.columns(['org_id', 'month']).doNothing()).returning('month').executeTakeFirst();
    if (!claimed) return false;
    const differ = (await ratingSignals(trx, orgId, local.date)).filter((r) => r.points.grade !== r.grade);
    if (differ.length === 0) return false;
    await trx.insertInto('rerating_suggestions').values(differ.map((r) => ({
      org_id: orgId, customer_id: r.customerId, month, current_grade: r.grade, suggested_grade: r.points.grade,
      late_points: r.points.late, promise_points: r.points.promises, overdue_points: r.points.overdue,
    }))).onConflict((oc) => oc.columns(['org_id', 'customer_id', 'month']).doNothing()).execute();
    await trx.insertInto('case_events').values({ org_id: orgId, case_id: null, type: 'credit.rerating',
      payload: JSON.stringify({ month, asOf: local.date, suggestions: differ.length }) }).execute();
    return true;
  });
}
