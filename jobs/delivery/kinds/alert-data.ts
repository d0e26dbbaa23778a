// The alert message of a case as it is now: the invoices it was raised for, worst first, and its
// state from the one module that decides it (src/domain/alert-state.ts).
import { daysOverdue, levelRank, type Level } from '../../../src/domain/aging.js';
import { alertState } from '../../../src/domain/alert-state.js';
import { dateIn, type IsoDate } from '../../../src/domain/calendar.js';
import { pendingPromise } from '../../../src/services/cases/pending-promise.js';
import { creditFlags, hasCreditFlag } from '../../../src/services/credit/credit-flags.js';
import type { Db } from '../../../src/store/connection.js';
import type { AlertData } from '../../views.js';

/** The given alerts' invoices (or those alerted with `invoiceId` the same day), as the case is now. */
export async function loadAlertData(db: Db, orgId: number, caseId: number, pick: { alertIds?: number[]; invoiceId?: number | null }, today: IsoDate): Promise<AlertData | null> {
  const kase = await db.selectFrom('cases as c').innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .leftJoin('users as u', 'u.id', 'c.owner_user_id')
    .select(['c.id', 'c.version', 'c.status', 'c.level', 'c.close_reason', 'c.closed_at', 'cu.id as customer_id', 'cu.code', 'cu.name', 'u.id as owner_id', 'u.name as owner_name', 'o.timezone'])
    .where('c.org_id', '=', orgId).where('c.id', '=', caseId).executeTakeFirst();
  if (!kase) return null;
  let q = db.selectFrom('alerts_sent as a').innerJoin('invoices as i', 'i.id', 'a.invoice_id')
    .select(['a.level', 'a.raised_on', 'i.id', 'i.number', 'i.amount_minor', 'i.paid_minor', 'i.due_on', 'i.currency', 'i.status'])
    .where('a.org_id', '=', orgId).where('i.org_id', '=', orgId).where('a.case_id', '=', caseId);
  if (pick.alertIds?.length) q = q.where('a.id', 'in', pick.alertIds);
  else if (pick.invoiceId) {
    q = q.where('a.raised_on', '=', (eb) => eb.selectFrom('alerts_sent').select((e) => e.fn.max('raised_on').as('d'))
      .where('org_id', '=', orgId).where('invoice_id', '=', pick.invoiceId!).where('case_id', '=', caseId));
  }
  const rows = await q.execute();
  if (rows.length === 0) return null;
  const byInvoice = new Map<number, (typeof rows)[number]>();
  for (const r of rows) {
    const prev = byInvoice.get(r.id);
    if (!prev || levelRank(r.level) > levelRank(prev.level)) byInvoice.set(r.id, r);
  }
  const picked = [...byInvoice.values()];
  const invoices = picked.map((r) => ({
    id: r.id, number: r.number, openMinor: r.amount_minor - r.paid_minor, dueOn: r.due_on,
    daysOverdue: daysOverdue(r.due_on, today), level: r.level as Level, currency: r.currency.trim(),
  // Invoices still open lead: once the red one is paid, an orange case's alert leads with what is left.
  })).sort((a, b) => Number(b.openMinor > 0n) - Number(a.openMinor > 0n) || levelRank(b.level) - levelRank(a.level) || b.daysOverdue - a.daysOverdue);
  const owner = kase.owner_id ? { id: kase.owner_id, name: kase.owner_name! } : null;
  const state = alertState({
    caseStatus: kase.status, closeReason: kase.close_reason, closedOn: kase.closed_at ? dateIn(kase.timezone, kase.closed_at) : null,
    owner, openMinor: invoices.reduce((s, i) => s + (i.openMinor > 0n ? i.openMinor : 0n), 0n), invoiceStatuses: picked.map((r) => r.status),
    pendingPromise: await pendingPromise(db, orgId, caseId),
  });
  // Credit control where people act (DOMAIN.md): over the limit, grade D, supply hold, while the case is open.
  const credit = kase.status === 'closed' ? undefined : (await creditFlags(db, orgId, [kase.customer_id])).get(kase.customer_id);
  return {
    org: orgId, caseId, caseVersion: kase.version, customer: { code: kase.code, name: kase.name },
    ...(hasCreditFlag(credit) ? { credit: credit! } : {}),
    currency: invoices[0]!.currency, owner, invoices, state,
    // The case's level as it is now (issue 10: levels follow the ledger), while it is open.
    ...(kase.status !== 'closed' && kase.level ? { level: kase.level } : {}),
  };
}
