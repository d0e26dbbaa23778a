// The alert message of a case as it is now: the invoices it was raised for, worst first, and its
// state from the one module that decides it (src/domain/alert-state.ts).
import { daysOverdue, levelRank, type Level } from '../../../src/domain/aging.js';
import { alertState } from '../../../src/domain/alert-state.js';
import { dateIn, type IsoDate } from '../../../src/domain/calendar.js';
import { pendingPromises } from '../../../src/services/cases/pending-promise.js';
import { creditFlags, hasCreditFlag } from '../../../src/services/credit/credit-flags.js';
import type { Db } from '../../../src/store/connection.js';
import type { InvoiceStatus } from '../../../src/store/schema.js';
import type { AlertData } from '../../views.js';

export interface AlertPick {
  caseId: number;
  /** The alerts a raise named. */
  alertIds?: number[];
  /** Else those alerted with this invoice on its latest day (a card's update or refresh). */
  invoiceId?: number | null;
}

/** The given alerts' invoices (or those alerted with `invoiceId` the same day), as the case is now. */
export async function loadAlertData(db: Db, orgId: number, caseId: number, pick: { alertIds?: number[]; invoiceId?: number | null }, today: IsoDate): Promise<AlertData | null> {
  return (await loadAlertDataMany(db, orgId, [{ caseId, ...pick }], today))[0] ?? null;
}

type AlertRow = { case_id: number | null; level: Level; raised_on: IsoDate; id: number; number: string; amount_minor: bigint; paid_minor: bigint;
  due_on: IsoDate; currency: string; status: InvoiceStatus; alert_id: number };

/**
 * The alert data of many cases of one org in four queries (the alerts raised by one scan go out
 * together, and each was six round trips): the cases, their alerts' invoices, their pending
 * promises, and their customers' credit flags. Answers in the order of `picks`.
 */
export async function loadAlertDataMany(db: Db, orgId: number, picks: AlertPick[], today: IsoDate): Promise<(AlertData | null)[]> {
  if (picks.length === 0) return [];
  const caseIds = [...new Set(picks.map((p) => p.caseId))];
  const cases = await db.selectFrom('cases as c').innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .leftJoin('users as u', 'u.id', 'c.owner_user_id')
    .select(['c.id', 'c.version', 'c.status', 'c.level', 'c.close_reason', 'c.closed_at', 'cu.id as customer_id', 'cu.code', 'cu.name', 'u.id as owner_id', 'u.name as owner_name', 'o.timezone'])
    .where('c.org_id', '=', orgId).where('c.id', 'in', caseIds).execute();
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const found = picks.filter((p) => caseById.has(p.caseId));
  if (found.length === 0) return picks.map(() => null);

  const alertCols = ['a.case_id', 'a.level', 'a.raised_on', 'a.id as alert_id', 'i.id', 'i.number', 'i.amount_minor', 'i.paid_minor', 'i.due_on', 'i.currency', 'i.status'] as const;
  const alertIds = [...new Set(found.flatMap((p) => p.alertIds ?? []))];
  const named: AlertRow[] = alertIds.length === 0 ? [] : await db.selectFrom('alerts_sent as a').innerJoin('invoices as i', 'i.id', 'a.invoice_id')
    .select(alertCols).where('a.org_id', '=', orgId).where('i.org_id', '=', orgId)
    .where('a.case_id', 'in', [...new Set(found.filter((p) => p.alertIds?.length).map((p) => p.caseId))]).where('a.id', 'in', alertIds).execute();
  const rowsOf = async (p: AlertPick): Promise<AlertRow[]> => {
    if (p.alertIds?.length) { const want = new Set(p.alertIds); return named.filter((r) => r.case_id === p.caseId && want.has(r.alert_id)); }
    let q = db.selectFrom('alerts_sent as a').innerJoin('invoices as i', 'i.id', 'a.invoice_id')
      .select(alertCols).where('a.org_id', '=', orgId).where('i.org_id', '=', orgId).where('a.case_id', '=', p.caseId);
    if (p.invoiceId) {
      q = q.where('a.raised_on', '=', (eb) => eb.selectFrom('alerts_sent').select((e) => e.fn.max('raised_on').as('d'))
        .where('org_id', '=', orgId).where('invoice_id', '=', p.invoiceId!).where('case_id', '=', p.caseId));
    }
    return q.execute();
  };
  const rowsByPick = await Promise.all(found.map(rowsOf));
  const withRows = found.filter((_p, i) => rowsByPick[i]!.length > 0);
  const promises = await pendingPromises(db, orgId, [...new Set(withRows.map((p) => p.caseId))]);
  // Credit control where people act (DOMAIN.md): over the limit, grade D, supply hold, while the case is open.
  const openCustomers = withRows.map((p) => caseById.get(p.caseId)!).filter((c) => c.status !== 'closed').map((c) => c.customer_id);
  const credit = await creditFlags(db, orgId, openCustomers);

  const out = new Map<AlertPick, AlertData | null>();
  found.forEach((p, i) => {
    const rows = rowsByPick[i]!;
    const kase = caseById.get(p.caseId)!;
    if (rows.length === 0) { out.set(p, null); return; }
    const byInvoice = new Map<number, AlertRow>();
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
      pendingPromise: promises.get(p.caseId) ?? null,
    });
    const flags = kase.status === 'closed' ? undefined : credit.get(kase.customer_id);
    out.set(p, {
      org: orgId, caseId: p.caseId, caseVersion: kase.version, customer: { code: kase.code, name: kase.name },
      ...(hasCreditFlag(flags) ? { credit: flags! } : {}),
      currency: invoices[0]!.currency, owner, invoices, state,
      // The case's level as it is now (issue 10: levels follow the ledger), while it is open.
      ...(kase.status !== 'closed' && kase.level ? { level: kase.level } : {}),
    });
  });
  return picks.map((p) => out.get(p) ?? null);
}
