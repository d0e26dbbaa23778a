// `duebot report holds --org <slug> [--format table|json|csv]`: the customers on supply hold, for
// the ERP (DOMAIN.md "Credit control": the ERP reads the list). Dates in the org's time zone.
import { sql } from 'kysely';
import { formatMinor } from '../../domain/money.js';
import type { Db } from '../../store/connection.js';
import { textTable } from '../reports/text-table.js';

export interface HoldLine {
  code: string; name: string; reason: string; setBy: string | null; setOn: string;
  grade: string; creditLimitMinor: bigint; openMinor: bigint;
}

export interface HoldsReport { org: string; currency: string; holds: HoldLine[] }

export async function holdsReport(db: Db, orgId: number): Promise<HoldsReport> {
  const org = await db.selectFrom('orgs').select(['slug', 'timezone', 'currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const currency = org.currency.trim();
  const { rows } = await sql<{ code: string; name: string; reason: string; set_by: string | null; set_on: string; grade: string; limit_minor: bigint; open_minor: bigint }>`
    select c.code, c.name, h.reason, u.email as set_by, to_char((h.set_at at time zone ${org.timezone})::date, 'YYYY-MM-DD') as set_on,
      c.credit_grade as grade, c.credit_limit_minor as limit_minor,
      coalesce((select sum(i.amount_minor - i.paid_minor) from invoices i where i.org_id = ${orgId} and i.customer_id = c.id
        and i.status in ('open', 'disputed') and i.currency = ${currency} and i.amount_minor > i.paid_minor), 0)::bigint as open_minor
    from customer_holds h join customers c on c.id = h.customer_id and c.org_id = ${orgId}
    left join users u on u.id = h.set_by and u.org_id = ${orgId}
    where h.org_id = ${orgId} and h.lifted_at is null
    order by c.code`.execute(db);
  return { org: org.slug, currency, holds: rows.map((r) => ({ code: r.code, name: r.name, reason: r.reason, setBy: r.set_by, setOn: r.set_on,
    grade: r.grade, creditLimitMinor: BigInt(r.limit_minor), openMinor: BigInt(r.open_minor) })) };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function renderHoldsReport(r: HoldsReport, format: 'table' | 'json' | 'csv'): string {
  const money = (m: bigint) => formatMinor(m, r.currency);
  const lines = r.holds.map((h) => ({ code: h.code, name: h.name, reason: h.reason, setBy: h.setBy, setOn: h.setOn,
    grade: h.grade, creditLimit: money(h.creditLimitMinor), open: money(h.openMinor) }));
  if (format === 'json') return JSON.stringify({ org: r.org, currency: r.currency, holds: lines });
  const cols = ['code', 'name', 'reason', 'setBy', 'setOn', 'grade', 'creditLimit', 'open'] as const;
  if (format === 'csv') {
    return [cols.join(','), ...lines.map((l) => cols.map((c) => csvCell(l[c] ?? '')).join(','))].join('\n') + '\n';
  }
  if (lines.length === 0) return `${r.org}: no customer on supply hold\n`;
  return textTable([...cols], lines.map((l) => cols.map((c) => l[c] ?? '')), ['left', 'left', 'left', 'left', 'left', 'left', 'right', 'right']) + '\n';
}
