// Cases as one line each (customer, level, stage, overdue balance, owner), aggregated in SQL from
// the open overdue invoices: shared by `/ar mine` and the digest.
import { sql } from 'kysely';
import type { IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import type { CaseSummary } from './open-case.js';

/** Invoices in scope of a digest or report cut (001: 按客户、产品线、区域). */
export interface Scope { region?: string; product?: string }

export const levelRank = sql<number>`case c.level when 'red' then 3 when 'orange' then 2 when 'yellow' then 1 else 0 end`;

/**
 * Open cases with at least one overdue invoice in scope, with their overdue balance in `currency`
 * and the worst days overdue of their undisputed invoices. Callers add filters, order and limit.
 */
export function caseLineQuery(db: Db, orgId: number, today: IsoDate, currency: string, scope: Scope = {}) {
  return db.selectFrom('cases as c')
    .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('users as ow', 'ow.id', 'c.owner_user_id')
    .innerJoin('invoices as i', (join) => {
      let j = join.onRef('i.customer_id', '=', 'c.customer_id').on('i.org_id', '=', orgId)
        .on('i.status', 'in', ['open', 'disputed']).onRef('i.amount_minor', '>', 'i.paid_minor').on('i.due_on', '<', today);
      if (scope.region !== undefined) j = j.on('i.region', '=', scope.region);
      if (scope.product !== undefined) j = j.on('i.product_line', '=', scope.product);
      return j;
    })
    .where('c.org_id', '=', orgId).where('c.status', '<>', 'closed')
    .groupBy(['c.id', 'cu.id', 'ow.id'])
    .select(['c.id', 'c.version', 'c.status', 'c.stage', 'c.level', 'c.next_action_on', 'c.snoozed_until', 'c.owner_user_id',
      'cu.id as customer_id', 'cu.code as customer_code', 'cu.name as customer_name', 'ow.name as owner_name',
      levelRank.as('level_rank'),
      sql<bigint>`coalesce(sum(i.amount_minor - i.paid_minor) filter (where i.currency = ${currency}), 0)::bigint`.as('overdue_minor'),
      sql<number>`coalesce(max(${today}::date - i.due_on) filter (where i.status = 'open'), 0)::int`.as('max_days')]);
}

export type CaseLineRow = Awaited<ReturnType<ReturnType<typeof caseLineQuery>['execute']>>[number];

export function toCaseSummary(r: CaseLineRow, currency: string): CaseSummary {
  return {
    id: r.id, version: r.version, status: r.status, stage: r.stage, level: r.level,
    customer: { id: r.customer_id, code: r.customer_code, name: r.customer_name },
    overdueMinor: r.overdue_minor, currency, maxDaysOverdue: r.max_days,
    owner: r.owner_user_id !== null && r.owner_name !== null ? { id: r.owner_user_id, name: r.owner_name } : null,
    nextActionOn: r.next_action_on, snoozedUntil: r.snoozed_until,
  };
}
