// Collection agencies (委外, 001: 委託第三方專業機構介入; 003): an org setting (name, fee share);
// a case handed to an agency has its recoveries attributed to the agency while it holds the case,
// and the agency's fee computed from them (fee share × recovered, half-up to the minor unit).
import { sql } from 'kysely';
import { DuebotError } from '../../errors.js';
import { applyRate, parseRate } from '../../domain/money.js';
import { dateIn, isIsoDate, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';

export interface Agency { id: number; name: string; feeShare: string; active: boolean }

/** A fee share given as a percent ("25", "12.5") → the stored fraction ("0.2500"), exactly; null when not 0–100 with ≤ 2 decimals. */
export function feeShareFromPercent(text: string): string | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/%$/, ''));
  if (!m) return null;
  const hundredths = BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));   // percent × 100
  if (hundredths > 10_000n) return null;
  const s = hundredths.toString().padStart(5, '0');
  return `${s.slice(0, 1)}.${s.slice(1)}`;
}

/** Adds an agency or changes its fee share (an org setting; the CLI's `duebot agency set`). */
export async function setAgency(db: Db, orgId: number, name: string, feeSharePercent: string): Promise<{ agency: Agency; created: boolean }> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw new DuebotError('invalid', 'an agency needs a name of 1 to 100 characters', { field: 'name' });
  const share = feeShareFromPercent(feeSharePercent);
  if (share === null) throw new DuebotError('invalid', `fee share must be a percent from 0 to 100, e.g. 25 or 12.5 (got "${feeSharePercent}")`, { field: 'fee' });
  const existing = await db.selectFrom('agencies').select('id').where('org_id', '=', orgId).where('name', '=', trimmed).executeTakeFirst();
  const row = await db.insertInto('agencies').values({ org_id: orgId, name: trimmed, fee_share: share })
    .onConflict((oc) => oc.columns(['org_id', 'name']).doUpdateSet({ fee_share: share, active: true }))
    .returning(['id', 'name', 'fee_share', 'active']).executeTakeFirstOrThrow();
  return { agency: { id: row.id, name: row.name, feeShare: row.fee_share, active: row.active }, created: !existing };
}

export async function listAgencies(db: Db, orgId: number): Promise<Agency[]> {
  const rows = await db.selectFrom('agencies').select(['id', 'name', 'fee_share', 'active'])
    .where('org_id', '=', orgId).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, feeShare: r.fee_share, active: r.active }));
}

/** The org's active agency of that name (case-insensitive), or a not_found naming the ones there are. */
export async function findAgency(db: Db, orgId: number, name: string): Promise<Agency> {
  const all = (await listAgencies(db, orgId)).filter((a) => a.active);
  const hit = all.find((a) => a.name.toLowerCase() === name.trim().toLowerCase());
  if (!hit) {
    throw new DuebotError('not_found', `no agency "${name}"${all.length ? `: ${all.map((a) => a.name).join(', ')}` : ' (an admin adds them with duebot agency set)'}`,
      { reason: 'no_agency', agencies: all.map((a) => a.name) });
  }
  return hit;
}

export interface AgencyLine {
  agency: string; feeShare: string;
  cases: number; openCases: number;
  recoveredMinor: bigint; feeMinor: bigint;
}

export interface AgencyReport { org: string; asOf: IsoDate; currency: string; agencies: AgencyLine[]; recoveredMinor: bigint; feeMinor: bigint }

interface Row { agency_id: number; name: string; case_fee_share: string; until_on: string | null; recovered: bigint }

/**
 * Per agency: the cases it was given, those it still holds, what was recovered on them while it held
 * them (payments of the case's customer dated from the hand-off to the recall, or asOf), and its fee
 * (the share agreed at hand-off × each case's recovery, half-up; totals are sums of the rounded lines).
 */
export async function agencyReport(db: Db, orgId: number, opts: { asOf?: IsoDate } = {}): Promise<AgencyReport> {
  const org = await db.selectFrom('orgs').select(['slug', 'timezone', 'currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
  if (opts.asOf !== undefined && !isIsoDate(opts.asOf)) throw new DuebotError('invalid', `--as-of must be a date YYYY-MM-DD (got "${opts.asOf}")`);
  const asOf = opts.asOf ?? dateIn(org.timezone);
  const currency = org.currency.trim();
  const { rows } = await sql<Row>`
    select a.id as agency_id, a.name, ca.fee_share::text as case_fee_share, ca.until_on::text as until_on,
      coalesce((select sum(p.amount_minor) from payments p join invoices i on i.id = p.invoice_id and i.org_id = p.org_id
        where p.org_id = ca.org_id and i.customer_id = k.customer_id and i.currency = ${currency}
          and p.paid_on >= ca.from_on and p.paid_on <= least(coalesce(ca.until_on, ${asOf}::date), ${asOf}::date)), 0)::bigint as recovered
    from case_agencies ca
    join agencies a on a.id = ca.agency_id and a.org_id = ca.org_id
    join cases k on k.id = ca.case_id and k.org_id = ca.org_id
    where ca.org_id = ${orgId} and ca.from_on <= ${asOf}::date`.execute(db);
  const lines = new Map<number, AgencyLine>();
  for (const a of await listAgencies(db, orgId)) {
    lines.set(a.id, { agency: a.name, feeShare: a.feeShare, cases: 0, openCases: 0, recoveredMinor: 0n, feeMinor: 0n });
  }
  for (const r of rows) {
    const line = lines.get(r.agency_id)!;
    line.cases += 1;
    if (r.until_on === null || r.until_on > asOf) line.openCases += 1;
    line.recoveredMinor += r.recovered;
    line.feeMinor += applyRate(r.recovered, parseRate(r.case_fee_share));
  }
  const agencies = [...lines.values()].sort((a, b) => (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0));
  return {
    org: org.slug, asOf, currency, agencies,
    recoveredMinor: agencies.reduce((s, a) => s + a.recoveredMinor, 0n),
    feeMinor: agencies.reduce((s, a) => s + a.feeMinor, 0n),
  };
}

/** Opens the hand-off of a case to an agency (on an approved agency escalation), at the agency's current fee share. */
export async function handCaseToAgency(trx: Db, orgId: number, values: { caseId: number; agencyId: number; escalationId: number | null; on: IsoDate }):
  Promise<void> {
  const agency = await trx.selectFrom('agencies').select('fee_share').where('org_id', '=', orgId).where('id', '=', values.agencyId)
    .executeTakeFirstOrThrow();
  await trx.insertInto('case_agencies').values({ org_id: orgId, case_id: values.caseId, agency_id: values.agencyId,
    escalation_id: values.escalationId, fee_share: agency.fee_share, from_on: values.on })
    .onConflict((oc) => oc.doNothing()).execute();
}
