// The open legal cases of an org by stage and age, for the weekly post to 'legal' channels (issue
// 12: "lists open legal cases by stage and age"), and the cases collection agencies hold.
import { LEGAL_STAGES } from '../../domain/legal-stages.js';
import { sql } from 'kysely';
import { daysBetween, dateIn, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import type { LegalStage } from '../../store/schema.js';

export interface LegalCaseLine {
  caseId: number;
  customer: { code: string; name: string };
  /** Null: approved, no stage yet (the lawyer's letter comes first). */
  stage: LegalStage | null;
  /** Days since the case went to legal (its approval), and since its last stage move. */
  daysWithLegal: number;
  daysAtStage: number;
  overdueMinor: bigint;
  owner: { id: number; name: string } | null;
}

export interface AgencyCaseLine { caseId: number; customer: { code: string; name: string }; agency: string; days: number; overdueMinor: bigint }

export interface LegalCases { asOf: IsoDate; currency: string; legal: LegalCaseLine[]; agencies: AgencyCaseLine[] }

interface Row {
  id: number; code: string; name: string; legal_stage: LegalStage | null; owner_id: number | null; owner_name: string | null;
  approved_at: Date | null; moved_on: string | null; overdue: bigint;
}

/** Open legal cases (not closed on the legal track), earliest stage first, longest there first. */
export async function legalCases(db: Db, orgId: number, asOf: IsoDate): Promise<LegalCases> {
  const org = await db.selectFrom('orgs').select(['timezone', 'currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const currency = org.currency.trim();
  const overdue = sql<bigint>`coalesce((select sum(i.amount_minor - i.paid_minor) from invoices i
    where i.org_id = c.org_id and i.customer_id = c.customer_id and i.currency = ${currency}
      and i.status in ('open', 'disputed') and i.due_on < ${asOf}::date), 0)::bigint`;
  const { rows } = await sql<Row>`
    select c.id, cu.code, cu.name, c.legal_stage, u.id as owner_id, u.name as owner_name,
      (select max(e.decided_at) from escalations e where e.org_id = c.org_id and e.case_id = c.id
        and e.kind = 'legal' and e.status = 'approved') as approved_at,
      (select max(m.moved_on)::text from legal_moves m where m.org_id = c.org_id and m.case_id = c.id) as moved_on,
      ${overdue} as overdue
    from cases c join customers cu on cu.id = c.customer_id and cu.org_id = c.org_id
      left join users u on u.id = c.owner_user_id and u.org_id = c.org_id
    where c.org_id = ${orgId} and c.status = 'legal' and c.legal_stage is distinct from 'closed'`.execute(db);
  const legal = rows.map((r) => {
    const since = r.approved_at ? dateIn(org.timezone, new Date(r.approved_at)) : asOf;
    return {
      caseId: r.id, customer: { code: r.code, name: r.name }, stage: r.legal_stage,
      daysWithLegal: Math.max(0, daysBetween(since, asOf)), daysAtStage: Math.max(0, daysBetween(r.moved_on ?? since, asOf)),
      overdueMinor: r.overdue, owner: r.owner_id !== null && r.owner_name !== null ? { id: r.owner_id, name: r.owner_name } : null,
    };
  }).sort((a, b) => stageRank(a.stage) - stageRank(b.stage) || b.daysAtStage - a.daysAtStage || a.caseId - b.caseId);

  const { rows: held } = await sql<{ id: number; code: string; name: string; agency: string; from_on: string; overdue: bigint }>`
    select c.id, cu.code, cu.name, a.name as agency, ca.from_on::text as from_on, ${overdue} as overdue
    from case_agencies ca join agencies a on a.id = ca.agency_id and a.org_id = ca.org_id
      join cases c on c.id = ca.case_id and c.org_id = ca.org_id
      join customers cu on cu.id = c.customer_id and cu.org_id = c.org_id
    where ca.org_id = ${orgId} and ca.until_on is null and c.status <> 'closed'
    order by ca.from_on, c.id`.execute(db);
  return {
    asOf, currency, legal,
    agencies: held.map((h) => ({ caseId: h.id, customer: { code: h.code, name: h.name }, agency: h.agency,
      days: Math.max(0, daysBetween(h.from_on, asOf)), overdueMinor: h.overdue })),
  };
}

const STAGES: readonly (LegalStage | null)[] = [null, ...LEGAL_STAGES];
const stageRank = (s: LegalStage | null) => STAGES.indexOf(s);
