// auto_remind (issue 11; DOMAIN.md "Talking to customers": pre-due and first reminders may go
// automatically if the org turns that on; every other message is approved by the owner in chat).
// Per org, off by default (`duebot org messaging <slug> --auto-remind on`). Run with the hourly
// scan: the pre-due courtesy reminder to each customer with invoices falling due within the org's
// pre-due days, and the first reminder of each open case that has had none. Each is queued like a
// Send, without an approver, in the customer's working hours; one over the weekly contact cap is
// not sent and waits for a person (a manager may send it with a reason). Each goes once: its
// dedupe key is unique per org, taken under an advisory lock, so parallel workers queue it once.
import { sql } from 'kysely';
import { addDays, dateIn, nextWorkingInstant, type IsoDate } from '../../domain/calendar.js';
import { isDuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import { loadBusinessCalendar } from '../calendars/business-calendar.js';
import { toJson } from '../cases/case-command.js';
import { orgMessaging } from '../documents/org-messaging.js';
import { parseIntArray } from '../reminders/working-hours.js';
import { capReached, weeklyContacts } from './contact-cap.js';
import { draftMessage } from './draft-message.js';

export interface AutoRemindResult {
  queued: { courtesy: number; reminder: number };
  /** Candidates left for a person: over the weekly cap, or no contact with an email. */
  skipped: { overCap: number; noContact: number };
}

type Outcome = 'queued' | 'exists' | 'over_cap' | 'no_contact' | 'nothing';

export async function autoRemind(db: Db, orgId: number, now: Date): Promise<AutoRemindResult> {
  const result: AutoRemindResult = { queued: { courtesy: 0, reminder: 0 }, skipped: { overCap: 0, noContact: 0 } };
  const messaging = await orgMessaging(db, orgId);
  if (!messaging.autoRemind) return result;
  const org = await db.selectFrom('orgs').innerJoin('org_policies as p', 'p.org_id', 'orgs.id')
    .select(['orgs.id', 'orgs.timezone', 'p.pre_due_days']).where('orgs.id', '=', orgId).executeTakeFirstOrThrow();
  const today = dateIn(org.timezone, now);
  const opens = nextWorkingInstant(org.timezone, { ...messaging.customerHours, days: parseIntArray(messaging.customerHours.days),
    calendar: await loadBusinessCalendar(db, orgId) }, now);
  const notBefore = opens.getTime() > now.getTime() ? opens : null;

  // Pre-due: open invoices falling due from today to today + pre_due_days; once per customer and
  // first due date in that window.
  const { rows: preDue } = await sql<{ customer_id: number; code: string; first_due: string }>`
    select i.customer_id, c.code, min(i.due_on)::text as first_due
    from invoices i join customers c on c.id = i.customer_id and c.org_id = i.org_id
    where i.org_id = ${orgId} and i.status = 'open' and i.amount_minor > i.paid_minor
      and i.due_on >= ${today}::date and i.due_on <= ${addDays(today, org.pre_due_days)}::date
    group by i.customer_id, c.code order by i.customer_id`.execute(db);
  for (const c of preDue) {
    const o = await queueOne(db, { orgId, timezone: org.timezone, today, now, notBefore }, c.customer_id, c.code, 'courtesy',
      `auto:courtesy:${c.customer_id}:${c.first_due}`);
    tally(result, 'courtesy', o);
  }

  // First reminders: open cases (not snoozed) that no reminder or final notice was ever queued for.
  const { rows: cases } = await sql<{ id: number; customer_id: number; code: string }>`
    select k.id, k.customer_id, c.code from cases k join customers c on c.id = k.customer_id and c.org_id = k.org_id
    where k.org_id = ${orgId} and k.status = 'open' and (k.snoozed_until is null or k.snoozed_until < ${today}::date)
      and not exists (select 1 from outbound_messages m where m.org_id = k.org_id and m.case_id = k.id
        and m.kind in ('reminder', 'final_notice') and m.status in ('queued', 'sent', 'undelivered'))
    order by k.id`.execute(db);
  for (const k of cases) {
    tally(result, 'reminder', await queueOne(db, { orgId, timezone: org.timezone, today, now, notBefore }, k.customer_id, k.code, 'reminder', `auto:reminder:${k.id}`));
  }
  return result;
}

function tally(r: AutoRemindResult, kind: 'courtesy' | 'reminder', o: Outcome): void {
  if (o === 'queued') r.queued[kind]++;
  else if (o === 'over_cap') r.skipped.overCap++;
  else if (o === 'no_contact') r.skipped.noContact++;
}

async function queueOne(db: Db, o: { orgId: number; timezone: string; today: IsoDate; now: Date; notBefore: Date | null },
  customerId: number, code: string, kind: 'courtesy' | 'reminder', key: string): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`${o.orgId}:${key}`}, 0))`.execute(trx);
    const seen = await trx.selectFrom('outbound_messages').select('id').where('org_id', '=', o.orgId).where('dedupe_key', '=', key).executeTakeFirst();
    if (seen) return 'exists';
    // DOMAIN.md: the cap counts every contact; over it, a person decides.
    if (capReached(await weeklyContacts(trx, { id: o.orgId, timezone: o.timezone }, customerId, o.today))) return 'over_cap';
    let draft;
    try {
      draft = await draftMessage(trx, o.orgId, code, kind, { today: o.today, requestedBy: null, automatic: true, dedupeKey: key });
    } catch (e) {
      if (isDuebotError(e) && e.detail.reason === 'no_contact_email') return 'no_contact';
      if (isDuebotError(e) && e.detail.reason === 'nothing_to_send') return 'nothing';
      throw e;
    }
    await trx.updateTable('outbound_messages').set({ status: 'queued', approved_at: o.now, not_before: o.notBefore, updated_at: o.now })
      .where('org_id', '=', o.orgId).where('id', '=', draft.id).execute();
    const payload = { caseId: draft.doc.data.caseId, customerId, actor: null, outboundId: draft.id, messageKind: kind, automatic: true };
    await trx.insertInto('audit_log').values({ org_id: o.orgId, actor: 'auto_remind', action: 'message.send', subject_type: 'outbound_message',
      subject_id: String(draft.id), detail: toJson({ ...payload, recipients: draft.doc.data.recipients.map((r) => r.email) }) }).execute();
    await trx.insertInto('case_events').values({ org_id: o.orgId, case_id: draft.doc.data.caseId, type: 'email.approved', payload: toJson(payload) }).execute();
    return 'queued';
  });
}
