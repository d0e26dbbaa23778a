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

/** A case whose stored level or stage is no longer true as of the date (or that is to close). */
export interface StaleCase { id: number; customer_id: number; closing: boolean }

/**
 * The cases of `orgId` (or of the given customers) whose stored level or stage differs from their
 * invoices as of `asOf`, or that have nothing overdue any more. Given the org's context with no
 * threshold override, the policy's thresholds are written into the SQL and no customer row is
 * read (issue 9: the steady-state scan, which finds none, within 2× its bare SQL).
 */
export async function staleCases(db: Db, orgId: number, asOf: IsoDate,
  opts: { org?: OrgContext; customerIds?: number[] } = {}): Promise<StaleCase[]> {
  const only = (col: string) => (opts.customerIds ? sql`and ${sql.ref(col)} = any(${opts.customerIds}::int[])` : sql``);
  const days = sql`(${asOf}::date - i.due_on)`;
  const policy = opts.org?.policy;
  const t = policy?.thresholds;
  const thr = policy && t && policy.overrides.length === 0
    ? { cte: sql``, join: sql`cross join (select ${t.yellow}::int as y, ${t.orange}::int as o, ${t.red}::int as r) thr` }
    : { cte: sql`with thr as (${thresholdsSql(orgId)})`, join: sql`join thr on thr.customer_id = c.customer_id` };
  // The overdue invoices are read once and summed up per customer before meeting the cases: the
  // plan stays one pass over them even while the cases a first scan opened are not yet in the
  // planner's statistics (a nested loop per case took 6× the bare SQL). A level is monotone in
  // days, so a customer's level is that of its oldest open invoice (disputed ones raise none).
  const { rows } = await sql<StaleCase>`
    ${thr.cte}
    select c.id, c.customer_id, a.n is null as closing
    from cases c ${thr.join}
    left join (
      select i.customer_id, count(*) as n, max(${days}) filter (where i.status = 'open') as open_days, max(${days}) as days
      from invoices i
      where i.org_id = ${orgId} and i.status in ('open', 'disputed') and i.amount_minor > i.paid_minor
        and i.due_on < ${asOf}::date ${only('i.customer_id')}
      group by i.customer_id
    ) a on a.customer_id = c.customer_id
    where c.org_id = ${orgId} and c.status <> 'closed' ${only('c.customer_id')}
      and ((a.n is null and c.status = 'open')
        or (a.n is not null and (case when a.open_days is null then 0 when a.open_days >= thr.r then 3
              when a.open_days >= thr.o then 2 when a.open_days >= thr.y then 1 else 0 end)
            <> (case c.level when 'red' then 3 when 'orange' then 2 when 'yellow' then 1 else 0 end))
        or (a.n is not null and c.status = 'open' and c.stage::text <> (case when a.days <= 30 then 'primary'
              when a.days <= 90 then 'intermediate' else 'advanced' end)))
    order by c.id`.execute(db);
  return rows;
}

/**
 * Recomputes the cases of `orgId` (or of the given customers) whose stored level or stage differs
 * from their invoices as of `asOf`, in the caller's transaction. A lower level records
 * `case.level_lowered` (ensureOpenCase), which updates the alert in place with a thread line.
 */
export async function refreshCaseLevels(trx: Db, orgId: number, asOf: IsoDate,
  opts: { org?: OrgContext; customerIds?: number[]; now?: Date } = {}): Promise<RefreshResult> {
  const rows = await staleCases(trx, orgId, asOf, opts);
  const result: RefreshResult = { refreshed: [], closed: [] };
  if (rows.length === 0) return result;
  const org = opts.org ?? await loadOrgContext(trx, orgId);
  for (const r of rows) {
    const oc = await ensureOpenCase(trx, orgId, r.customer_id, asOf, { org, closeReason: 'paid', ...(opts.now ? { now: opts.now } : {}) });
    (oc ? result.refreshed : result.closed).push(r.id);
  }
  return result;
}
