// The weekly contact cap (DOMAIN.md "Talking to customers" and "Compliance"; 002, 003: 合規優先):
// every contact with a customer counts, logged or sent — collection records other than notes
// (a sent email writes one), and the messages sent to a customer that has no case (a pre-due
// courtesy reminder), which have no record. The week starts on Monday in the org's time zone.
import { addDays, weekday, zonedInstant, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { contactsThisWeek } from '../cases/log-record.js';

export interface WeeklyContacts { thisWeek: number; cap: number }

export async function weeklyContacts(db: Db, org: { id: number; timezone: string }, customerId: number, today: IsoDate): Promise<WeeklyContacts> {
  const policy = await db.selectFrom('org_policies').select('contact_cap_per_week').where('org_id', '=', org.id).executeTakeFirstOrThrow();
  const logged = await contactsThisWeek(db, { ...org, policy: { contactCapPerWeek: policy.contact_cap_per_week } }, customerId, today);
  const monday = addDays(today, 1 - weekday(today));
  const caseless = await db.selectFrom('outbound_messages').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', org.id).where('customer_id', '=', customerId).where('record_id', 'is', null)
    .where('status', 'in', ['sent', 'undelivered'])
    .where('updated_at', '>=', zonedInstant(org.timezone, monday, 0))
    .where('updated_at', '<', zonedInstant(org.timezone, addDays(monday, 7), 0))
    .executeTakeFirstOrThrow();
  return { thisWeek: logged.thisWeek + Number(caseless.n), cap: policy.contact_cap_per_week };
}

/** One more contact would go over the cap. */
export const capReached = (c: WeeklyContacts): boolean => c.thisWeek >= c.cap;
