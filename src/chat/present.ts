// Service results → view inputs. The only place that knows both shapes.
import type { CaseDetail, CaseSummary, DigestData, EscalationSummary as ServiceEscalation } from '../services/cases/index.js';
import type { CaseCardInput } from './views/case-card.js';
import type { DigestInput } from './views/digest.js';
import type { MyCasesInput } from './views/my-cases.js';
import type { EscalationSummary as ViewEscalation } from './views/escalation-request.js';
import type { CaseRecord } from './views/case-card.js';
import { dateIn } from '../domain/calendar.js';

export const customerRef = (c: { code: string; name: string }) => ({ code: c.code, name: c.name });

/** A digest line's credit flags, only when one is raised. */
function creditOf(f: { overLimitByMinor: bigint | null; gradeD: boolean; hold: boolean } | undefined): { credit?: { overLimit: boolean; gradeD: boolean; hold: boolean } } {
  return f && (f.overLimitByMinor !== null || f.gradeD || f.hold) ? { credit: { overLimit: f.overLimitByMinor !== null, gradeD: f.gradeD, hold: f.hold } } : {};
}

export function digestInput(d: DigestData, orgId: number): DigestInput {
  return {
    org: orgId,
    asOf: d.today,
    currency: d.currency,
    ...(d.scope.region !== undefined || d.scope.product !== undefined
      ? { scope: { region: d.scope.region ?? null, product: d.scope.product ?? null } } : {}),
    overdue: { amountMinor: d.overdue.amountMinor, customers: d.overdue.caseCount, invoices: d.overdue.count },
    levels: { red: d.byLevel.red, orange: d.byLevel.orange, yellow: d.byLevel.yellow, none: d.byLevel.none },
    newSinceYesterday: d.newlyOverdue,
    promisesDueToday: { count: d.promisesDueToday.count, amountMinor: d.promisesDueToday.amountMinor },
    promisesBroken: { count: d.promisesBroken.count, amountMinor: d.promisesBroken.amountMinor },
    unclaimedReds: { count: d.unclaimedReds.count, amountMinor: d.unclaimedReds.amountMinor },
    worst: d.worst.map((c) => ({
      caseId: c.id, version: c.version, customer: customerRef(c.customer), level: c.level,
      overdueMinor: c.overdueMinor, maxDaysOverdue: c.maxDaysOverdue, owner: c.owner,
      ...creditOf(d.credit.get(c.customer.id)),
    })),
    totalCases: d.overdue.caseCount,
  };
}

export function myCasesInput(cases: CaseSummary[], orgId: number, currency: string): MyCasesInput {
  return {
    org: orgId, currency,
    cases: cases.map((c) => ({
      caseId: c.id, version: c.version, customer: customerRef(c.customer), level: c.level, overdueMinor: c.overdueMinor,
      maxDaysOverdue: c.maxDaysOverdue, nextActionOn: c.nextActionOn,
    })),
  };
}

export function recordsOf(d: CaseDetail): CaseRecord[] {
  // Dates shown to people are dates in the org's time zone (issue 10: not the UTC date).
  return d.records.map((r) => ({ on: dateIn(d.timezone, new Date(r.recordedAt)), author: r.author, method: r.method, outcome: r.outcome, body: r.body }));
}

export function caseCardInput(d: CaseDetail, orgId: number, viewerId: number): CaseCardInput | null {
  const c = d.case;
  if (!c) return null;
  const pending = d.pendingEscalations[0];
  return {
    org: orgId, caseId: c.id, version: c.version, currency: d.currency, status: c.status,
    customer: { ...customerRef(d.customer), grade: d.customer.creditGrade, region: d.customer.region },
    owner: c.owner, stage: c.stage === 'legal' ? 'legal' : c.stage, level: c.level,
    overdueMinor: c.overdueMinor, maxDaysOverdue: c.maxDaysOverdue, nextActionOn: c.nextActionOn, snoozedUntil: c.snoozedUntil,
    invoices: d.invoices
      .filter((i) => i.status === 'open' || i.status === 'disputed')
      .sort((a, b) => b.daysOverdue - a.daysOverdue)
      .map((i) => ({ number: i.number, openMinor: i.balanceMinor, dueOn: i.dueOn, daysOverdue: i.daysOverdue, status: i.status as 'open' | 'disputed' })),
    records: recordsOf(d),
    promises: d.promises.map((p) => ({ amountMinor: p.amountMinor, promisedOn: p.promisedOn, status: p.status, note: p.note })),
    pendingEscalation: pending ? {
      id: pending.id, kind: pending.kind, requestedBy: pending.requestedBy, reason: pending.reason,
      on: dateIn(d.timezone, new Date(pending.createdAt)), invoiceNumber: pending.invoice?.number ?? null,
    } : null,
    viewerId,
    contacts: d.customerContacts.map((k) => ({ name: k.name, email: k.email, phone: k.phone, role: k.role })),
    credit: { overLimitByMinor: d.creditWarnings.overLimitByMinor, gradeD: d.creditWarnings.gradeD,
      hold: d.hold ? { reason: d.hold.reason, since: dateIn(d.timezone, new Date(d.hold.setAt)) } : null },
    legal: d.legal,
  };
}

export function escalationView(e: ServiceEscalation, orgId: number, c: Pick<CaseSummary, 'maxDaysOverdue' | 'level' | 'stage'>): ViewEscalation {
  return {
    org: orgId, caseId: e.caseId, caseVersion: e.caseVersion, escalationId: e.id, kind: e.kind,
    customer: customerRef(e.customer), currency: e.currency, balanceMinor: e.balanceMinor,
    maxDaysOverdue: c.maxDaysOverdue, level: c.level, stage: c.stage === 'legal' ? 'legal' : c.stage,
    invoice: e.invoice ? { number: e.invoice.number, openMinor: e.balanceMinor } : null,
    agency: e.agency?.name ?? null,
    requester: e.requestedBy, requestedOn: e.requestedOn, reason: e.reason,
    overrideReason: e.overrideReason, missing: e.missing,
  };
}
