// An org's settings for messages to customers: remittance details printed on every statement and
// letter, the auto_remind switch (off by default), the customer's working hours (DOMAIN.md
// "Talking to customers"; defaults ours: 09:00-18:00, Monday to Friday).
import { parseClock } from '../../domain/calendar.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';

export interface OrgMessaging {
  remittance: string | null;
  autoRemind: boolean;
  customerHours: { start: number; end: number; days: number[] };
}

export async function orgMessaging(db: Db, orgId: number): Promise<OrgMessaging> {
  const row = await db.selectFrom('org_messaging').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  return {
    remittance: row?.remittance ?? null,
    autoRemind: row?.auto_remind ?? false,
    customerHours: {
      start: parseClock(row?.customer_work_start ?? '09:00'), end: parseClock(row?.customer_work_end ?? '18:00'),
      days: row?.customer_work_days ?? [1, 2, 3, 4, 5],
    },
  };
}

export interface MessagingChange { remittance?: string | null; autoRemind?: boolean; hours?: string; days?: number[] }

/** Changes the given settings; the rest stay. `hours` is "HH:MM-HH:MM". */
export async function setOrgMessaging(db: Db, orgId: number, change: MessagingChange, actor: string): Promise<OrgMessaging> {
  let start: string | undefined;
  let end: string | undefined;
  if (change.hours !== undefined) {
    const m = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(change.hours.trim());
    let ok = false;
    try { ok = m !== null && parseClock(m[1]!) < parseClock(m[2]!); } catch { ok = false; }
    if (!ok) throw new DuebotError('invalid', `customer hours must be HH:MM-HH:MM with the start first, e.g. 09:00-18:00 (got "${change.hours}")`);
    [start, end] = [m![1]!, m![2]!];
  }
  if (change.days !== undefined && (change.days.length === 0 || change.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))) {
    throw new DuebotError('invalid', 'customer days must be weekday numbers 1 (Monday) to 7 (Sunday), e.g. 1-5 or 1,2,3,4,5,6');
  }
  const values = {
    ...(change.remittance !== undefined ? { remittance: change.remittance } : {}),
    ...(change.autoRemind !== undefined ? { auto_remind: change.autoRemind } : {}),
    ...(start ? { customer_work_start: start, customer_work_end: end } : {}),
    ...(change.days ? { customer_work_days: change.days } : {}),
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('org_messaging').values({ org_id: orgId, ...values })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ ...values, updated_at: new Date() })).execute();
    await trx.insertInto('audit_log').values({ org_id: orgId, actor, action: 'org.messaging', subject_type: 'org',
      subject_id: String(orgId), detail: JSON.stringify({ ...values, remittance: values.remittance === undefined ? undefined : '(changed)' }) }).execute();
  });
  return orgMessaging(db, orgId);
}
