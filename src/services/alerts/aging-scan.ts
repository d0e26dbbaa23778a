// The aging scan (001: 30/60/90-day warnings): finds the invoices that entered a new level and
// records one alert per invoice and level. Exactly once whatever the retries or the number of
// workers: the INSERT … ON CONFLICT DO NOTHING RETURNING on alerts_sent (unique org + invoice +
// level) hands each new alert to exactly one scan, and only what it returns is announced.
// Several invoices of one customer crossing in one scan make one `alert.raised` event (one
// message per channel, not a burst), written in the same transaction as its alerts_sent rows;
// the outbox turns events into posts (jobs/outbox.ts).
import { thresholdOverrideJoin } from '../cases/threshold-override-sql.js';
import { sql } from 'kysely';
import { dateIn, type IsoDate } from '../../domain/calendar.js';
import { worstLevel, type Level, type LevelThresholds } from '../../domain/aging.js';
import type { Db } from '../../store/connection.js';
import { ensureOpenCase, type OpenCase } from '../cases/open-case.js';
import { loadOrgContext, toJson, type OrgPolicy } from '../cases/case-command.js';
import { refreshCaseLevels, staleCases } from '../cases/refresh-levels.js';

export interface RaisedAlert {
  alertId: number; invoiceId: number; customerId: number; level: Level; daysOverdue: number;
  /** Days since the invoice entered the level; a ledger imported late raises old levels quietly. */
  daysInLevel: number;
}

export interface AlertGroup {
  customerId: number;
  caseId: number | null;
  level: Level;
  alertIds: number[];
  /** The `alert.raised` event (null when every alert in the group is stale: recorded, not posted). */
  eventId: bigint | null;
}

export interface AgingScanResult {
  orgId: number;
  asOf: IsoDate;
  raised: number;
  groups: AlertGroup[];
  /** Open cases found with nothing overdue any more (paid), closed by this scan. */
  closedCaseIds: number[];
}

export interface AgingScanOptions {
  /** YYYY-MM-DD; default today in the org's time zone at `now`. */
  asOf?: IsoDate;
  now?: Date;
  /** An alert whose level was entered longer ago than this is recorded but not posted (default 7). */
  freshDays?: number;
  /** Customers handled at once (default 4). */
  concurrency?: number;
}

async function eachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => { while (next < items.length) await fn(items[next++]!); };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * The SQL that finds what to raise: each open, undisputed invoice with a balance, its level by
 * the customer's thresholds (the most specific override wins: grade + industry, then industry,
 * then grade, then the org's policy, as thresholdsFor in src/domain/aging.ts), when no alert of
 * that level or higher exists yet. Disputed invoices raise none (DOMAIN.md).
 *
 * Given the org's policy (loaded by the scan) and no override in it, every customer has the
 * policy's thresholds: they are written into the SQL, which then reads the overdue open invoices
 * and their alerts only, not every customer of the org (issue 9: the steady-state scan within 2×
 * its bare SQL).
 */
export function levelCrossingsSql(orgId: number, asOf: IsoDate, policy?: Pick<OrgPolicy, 'thresholds' | 'overrides'>) {
  const lv = policy && policy.overrides.length === 0 ? policyLevels(orgId, asOf, policy.thresholds) : customerLevels(orgId, asOf);
  return sql`
    with lv as (${lv}),
    crossed as (
      select invoice_id, customer_id, days,
        case when days >= r then 'red' when days >= o then 'orange' else 'yellow' end as level,
        days - case when days >= r then r when days >= o then o else y end as days_in_level,
        case when days >= r then 3 when days >= o then 2 else 1 end as rank
      from lv where days >= y
    )
    select x.* from crossed x
    where not exists (
      select 1 from alerts_sent a where a.org_id = ${orgId} and a.invoice_id = x.invoice_id
        and (case a.level when 'red' then 3 when 'orange' then 2 else 1 end) >= x.rank
    )`;
}

/** The overdue open invoices with the org's own thresholds (no override applies). */
function policyLevels(orgId: number, asOf: IsoDate, t: LevelThresholds) {
  return sql`
    select i.id as invoice_id, i.customer_id, (${asOf}::date - i.due_on) as days,
      ${t.yellow}::int as y, ${t.orange}::int as o, ${t.red}::int as r
    from invoices i
    where i.org_id = ${orgId} and i.status = 'open' and i.amount_minor > i.paid_minor
      and i.due_on <= ${asOf}::date - ${t.yellow}::int`;
}

/** The overdue open invoices with each customer's thresholds (overrides by grade and industry). */
function customerLevels(orgId: number, asOf: IsoDate) {
  return sql`
    with pol as (
      select yellow_days, orange_days, red_days from org_policies where org_id = ${orgId}
    ),
    thr as (
      select c.id as customer_id,
        coalesce(o.yellow_days, pol.yellow_days) as y, coalesce(o.orange_days, pol.orange_days) as o,
        coalesce(o.red_days, pol.red_days) as r
      from customers c cross join pol
      ${thresholdOverrideJoin(orgId)}
      where c.org_id = ${orgId}
    )
    select i.id as invoice_id, i.customer_id, (${asOf}::date - i.due_on) as days, thr.y, thr.o, thr.r
    from invoices i join thr on thr.customer_id = i.customer_id
    where i.org_id = ${orgId} and i.status = 'open' and i.amount_minor > i.paid_minor
      and i.due_on <= ${asOf}::date - (select least(min(y), 100000) from thr)`;
}

export async function agingScan(db: Db, orgId: number, opts: AgingScanOptions = {}): Promise<AgingScanResult> {
  const org = await loadOrgContext(db, orgId);
  const asOf = opts.asOf ?? dateIn(org.timezone, opts.now ?? new Date());
  const freshDays = opts.freshDays ?? 7;

  // The scan's two questions, what crossed a level and which cases are no longer true, are
  // independent reads: asked at once, on two connections. Usually both answer nothing (the hourly
  // steady state), and the scan ends there (issue 9: within 2× its bare SQL).
  const [{ rows: found }, stale] = await Promise.all([
    sql<{ invoice_id: number; customer_id: number; level: Level; days: number; days_in_level: number }>`
      ${levelCrossingsSql(orgId, asOf, org.policy)} order by customer_id, invoice_id`.execute(db),
    staleCases(db, orgId, asOf, { org }),
  ]);

  const byCustomer = new Map<number, typeof found>();
  for (const r of found) byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), r]);

  const groups: AlertGroup[] = [];
  let raised = 0;
  const oneCustomer = async (customerId: number, crossings: typeof found) => {
    // One transaction per customer: its alerts_sent rows and their alert.raised event commit
    // together or not at all, so a crash or an error between them cannot leave an alert recorded
    // but never raised (the next scan finds it again). The unique (org, invoice, level) still hands
    // each alert to one scan: a concurrent one waits on the index and inserts nothing.
    const group = await db.transaction().execute(async (trx) => {
      const oc: OpenCase | null = await ensureOpenCase(trx, orgId, customerId, asOf, { org });
      const caseId = oc?.row.id ?? null;
      const { rows: ins } = await sql<{ id: number; invoice_id: number; level: Level }>`
        insert into alerts_sent (org_id, invoice_id, case_id, level, raised_on)
        select ${orgId}, u.invoice_id, ${caseId}::int, u.level, ${asOf}::date
        from unnest(${crossings.map((c) => c.invoice_id)}::int[], ${crossings.map((c) => c.level)}::text[]) as u(invoice_id, level)
        on conflict (org_id, invoice_id, level) do nothing
        returning id, invoice_id, level`.execute(trx);
      if (ins.length === 0) return null;
      const byInvoice = new Map(crossings.map((c) => [c.invoice_id, c]));
      const alerts: RaisedAlert[] = ins.map((r) => ({ alertId: r.id, invoiceId: r.invoice_id, customerId, level: r.level,
        daysOverdue: byInvoice.get(r.invoice_id)!.days, daysInLevel: byInvoice.get(r.invoice_id)!.days_in_level }));
      const fresh = alerts.filter((a) => a.daysInLevel < freshDays);
      const level = worstLevel(alerts.map((a) => a.level))!;
      let eventId: bigint | null = null;
      if (fresh.length > 0) {
        const ev = await trx.insertInto('case_events').values({
          org_id: orgId, case_id: caseId, type: 'alert.raised',
          payload: toJson({ alertIds: fresh.map((a) => a.alertId), invoiceIds: fresh.map((a) => a.invoiceId), level: worstLevel(fresh.map((a) => a.level)), asOf }),
        }).returning('id').executeTakeFirstOrThrow();
        eventId = ev.id as bigint;
      }
      return { customerId, caseId, level, alertIds: alerts.map((a) => a.alertId), eventId };
    });
    if (group) { groups.push(group); raised += group.alertIds.length; }
  };
  // A few customers at a time (each in its own short transaction): a first scan of a big ledger
  // opens thousands of cases.
  await eachLimit([...byCustomer], opts.concurrency ?? 4, ([customerId, crossings]) => oneCustomer(customerId, crossings));

  // Levels follow the ledger (issue 10): cases whose level or stage is no longer true are
  // recomputed (a lower level updates its alert in place), and cases with nothing overdue any more
  // are closed (case.closed updates their alert messages, jobs/outbox.ts).
  // Cases the alerts above opened or raised are looked at again, in the transaction that changes them.
  const closedCaseIds = found.length === 0 && stale.length === 0 ? []
    : (await db.transaction().execute((trx) => refreshCaseLevels(trx, orgId, asOf, { org }))).closed;

  return { orgId, asOf, raised, groups, closedCaseIds };
}
