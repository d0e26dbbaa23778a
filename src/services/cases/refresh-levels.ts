// Levels follow the ledger (issue 10): every change that can move a case's level (payments and
// invoices imported, the daily scan; write-off and dispute go through ensureOpenCase themselves)
// recomputes it in the same transaction. The SQL only finds the cases whose stored level or stage
// is no longer true (few, usually); each is then refreshed by ensureOpenCase, the one place that
// decides a case's level, stage and closing.
import { thresholdOverrideJoin } from './threshold-override-sql.js';
import { sql } from 'kysely';
import type { IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { loadOrgContext, type OrgContext } from './case-command.js';
import { ensureOpenCase } from './open-case.js';

/**
 * Per customer, the thresholds in force (the most specific override wins: grade + industry, then
 * industry, then grade, then the org's policy — thresholdsFor in src/domain/aging.ts), as a CTE
 * body with columns customer_id, y, o, r.
 */
export function thresholdsSql(orgId: number) {
  return sql`
    select c.id as customer_id,
      coalesce(o.yellow_days, pol.yellow_days) as y, coalesce(o.orange_days, pol.orange_days) as o,
      coalesce(o.red_days, pol.red_days) as r
    from customers c cross join (select yellow_days, orange_days, red_days from org_policies where org_id = ${orgId}) pol
    ${thresholdOverrideJoin(orgId)}
    where c.org_id = ${orgId}`;
}

export interface RefreshResult {
  /** Cases whose level or stage was recomputed. */
  refreshed: number[];
  /** Open cases with nothing overdue any more, closed as paid. */
  closed: number[];
}

/**
 * Recomputes the cases of `orgId` (or of the given customers) whose stored level or stage differs
 * from their invoices as of `asOf`, in the caller's transaction. A lower level records
 * `case.level_lowered` (ensureOpenCase), which updates the alert in place with a thread line.
 */
export async function refreshCaseLevels(trx: Db, orgId: number, asOf: IsoDate,
  opts: { org?: OrgContext; customerIds?: number[]; now?: Date } = {}): Promise<RefreshResult> {
  const only = opts.customerIds ? sql`and c.customer_id = any(${opts.customerIds}::int[])` : sql``;
  const days = sql`(${asOf}::date - i.due_on)`;
  const { rows } = await sql<{ id: number; customer_id: number; closing: boolean }>`
    with thr as (${thresholdsSql(orgId)})
    select c.id, c.customer_id, count(i.id) = 0 as closing
    from cases c join thr on thr.customer_id = c.customer_id
    left join invoices i on i.org_id = ${orgId} and i.customer_id = c.customer_id and i.status in ('open', 'disputed')
      and i.amount_minor > i.paid_minor and i.due_on < ${asOf}::date
    where c.org_id = ${orgId} and c.status <> 'closed' ${only}
    group by c.id, c.customer_id, c.level, c.stage, c.status
    having (count(i.id) = 0 and c.status = 'open')
      or (count(i.id) > 0 and coalesce(max(case when i.status <> 'open' then 0
            when ${days} >= thr.r then 3 when ${days} >= thr.o then 2 when ${days} >= thr.y then 1 else 0 end), 0)
          <> (case c.level when 'red' then 3 when 'orange' then 2 when 'yellow' then 1 else 0 end))
      or (count(i.id) > 0 and c.status = 'open' and c.stage::text <> (case when max(${days}) <= 30 then 'primary'
            when max(${days}) <= 90 then 'intermediate' else 'advanced' end))
    order by c.id`.execute(trx);
  const result: RefreshResult = { refreshed: [], closed: [] };
  if (rows.length === 0) return result;
  const org = opts.org ?? await loadOrgContext(trx, orgId);
  for (const r of rows) {
    const oc = await ensureOpenCase(trx, orgId, r.customer_id, asOf, { org, closeReason: 'paid', ...(opts.now ? { now: opts.now } : {}) });
    (oc ? result.refreshed : result.closed).push(r.id);
  }
  return result;
}
