// Where a case stands on the legal track, for the case card and `/ar case`: its litigation stage,
// the agency holding it, and the first of its invoices' limitation periods to end (DOMAIN.md
// "Limitation period": shown where people act, so a period never lapses unseen).
import { daysBetween, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import type { LegalStage } from '../../store/schema.js';
import { invoiceLimitations } from './limitation.js';
import { LEGAL_STAGES } from '../../domain/legal-stages.js';

export interface CaseLegal {
  stage: LegalStage | null;
  agency: { name: string; since: IsoDate } | null;
  /** The open invoice whose period ends first; null when none is overdue. */
  limitation: { invoiceNumber: string; endsOn: IsoDate; daysLeft: number; lapsed: boolean } | null;
}

export async function caseLegal(db: Db, orgId: number, q: { customerId: number; caseId: number | null; today: IsoDate }): Promise<CaseLegal> {
  const [kase, agency, limitations] = await Promise.all([
    q.caseId === null ? undefined
      : db.selectFrom('cases').select('legal_stage').where('org_id', '=', orgId).where('id', '=', q.caseId).executeTakeFirst(),
    q.caseId === null ? undefined
      : db.selectFrom('case_agencies as ca').innerJoin('agencies as a', 'a.id', 'ca.agency_id')
        .select(['a.name', 'ca.from_on']).where('ca.org_id', '=', orgId).where('a.org_id', '=', orgId)
        .where('ca.case_id', '=', q.caseId).where('ca.until_on', 'is', null).executeTakeFirst(),
    invoiceLimitations(db, { orgId, asOf: q.today, customerId: q.customerId }),
  ]);
  const first = limitations[0];
  return {
    stage: kase?.legal_stage ?? null,
    agency: agency ? { name: agency.name, since: agency.from_on } : null,
    limitation: first ? {
      invoiceNumber: first.number, endsOn: first.clock.endsOn,
      daysLeft: Math.max(0, daysBetween(q.today, first.clock.endsOn)), lapsed: first.clock.endsOn < q.today,
    } : null,
  };
}

/** The stages a legal case may move to now (after its current one; none once closed). */
export async function legalStagesAhead(db: Db, orgId: number, caseId: number): Promise<LegalStage[]> {
  const kase = await db.selectFrom('cases').select('legal_stage').where('org_id', '=', orgId).where('id', '=', caseId).executeTakeFirst();
  const current = kase?.legal_stage ?? null;
  return current === null ? [...LEGAL_STAGES] : LEGAL_STAGES.slice(LEGAL_STAGES.indexOf(current) + 1);
}
