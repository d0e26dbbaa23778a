// The daily digest's figures (DESIGN.md "Messages the bot posts"), all aggregated in SQL: total
// overdue, counts and amounts by level, newly overdue, promises due today and broken, unclaimed
// reds, and the worst cases with their owner.
import { sql } from 'kysely';
import { addDays, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import type { Level } from '../../domain/aging.js';
import { loadOrgContext, resolveToday } from './case-command.js';
import { caseLineQuery, toCaseSummary, type Scope } from './case-lines.js';
import type { CaseSummary } from './open-case.js';
import { creditFlags, type CreditFlags } from '../credit/credit-flags.js';
import { PROMISE_GRACE_DAYS } from '../../domain/promise-allocation.js';

export interface Sum { count: number; amountMinor: bigint }

export interface PromiseLine {
  id: number; caseId: number; customer: { id: number; code: string; name: string };
  amountMinor: bigint; currency: string; promisedOn: IsoDate; owner: { id: number; name: string } | null;
}

export interface DigestData {
  orgId: number;
  today: IsoDate;
  currency: string;
  scope: Scope;
  /** Overdue balance of the open and disputed invoices in scope; `count` counts invoices. */
  overdue: Sum & { caseCount: number };
  /** Cases by level (`none`: overdue 1–30 days or only disputed); amounts are their overdue balances in scope. */
  byLevel: Record<Level | 'none', Sum>;
  /** Invoices that fell overdue today (due yesterday). */
  newlyOverdue: Sum;
  promisesDueToday: Sum & { items: PromiseLine[] };
  /** Promises broken on open cases: marked broken, or still pending past their date + grace (DOMAIN.md). */
  promisesBroken: Sum & { items: PromiseLine[] };
  unclaimedReds: Sum & { items: CaseSummary[] };
  worst: CaseSummary[];
  /** Credit-control warnings of the listed customers, by customer id (DOMAIN.md "Credit control"). */
  credit: Map<number, CreditFlags>;
}

export interface DigestOptions extends Scope { today?: IsoDate; limit?: number }

export async function digestData(db: Db, orgId: number, opts: DigestOptions = {}): Promise<DigestData> {
  const org = await loadOrgContext(db, orgId);
  const today = resolveToday(org, opts.today);
  const limit = opts.limit ?? 15;
  const scope: Scope = {
    ...(opts.region !== undefined ? { region: opts.region } : {}),
    ...(opts.product !== undefined ? { product: opts.product } : {}),
  };
  const lines = () => caseLineQuery(db, orgId, today, org.currency, scope);
  const inScope = () => {
    let q = db.selectFrom('invoices as i').where('i.org_id', '=', orgId).where('i.status', 'in', ['open', 'disputed'])
      .whereRef('i.amount_minor', '>', 'i.paid_minor').where('i.currency', '=', org.currency);
    if (scope.region !== undefined) q = q.where('i.region', '=', scope.region);
    if (scope.product !== undefined) q = q.where('i.product_line', '=', scope.product);
    return q;
  };
  const sum = sql<bigint>`coalesce(sum(i.amount_minor - i.paid_minor), 0)::bigint`;
  const count = sql<number>`count(*)::int`;

  const [overdue, newly, levels, worst, reds, redSum, dueToday, broken] = await Promise.all([
    inScope().where('i.due_on', '<', today)
      .select([count.as('count'), sum.as('amount'), sql<number>`count(distinct i.customer_id)::int`.as('customers')])
      .executeTakeFirstOrThrow(),
    inScope().where('i.due_on', '=', addDays(today, -1)).select([count.as('count'), sum.as('amount')]).executeTakeFirstOrThrow(),
    db.selectFrom(lines().as('l')).select(['l.level', count.as('count'), sql<bigint>`coalesce(sum(l.overdue_minor), 0)::bigint`.as('amount')])
      .groupBy('l.level').execute(),
    lines().orderBy('level_rank', 'desc').orderBy('overdue_minor', 'desc').orderBy('c.id').limit(limit).execute(),
    lines().where('c.level', '=', 'red').where('c.owner_user_id', 'is', null).where('c.status', '=', 'open')
      .orderBy('overdue_minor', 'desc').orderBy('c.id').limit(limit).execute(),
    db.selectFrom(lines().where('c.level', '=', 'red').where('c.owner_user_id', 'is', null).where('c.status', '=', 'open').as('l'))
      .select([count.as('count'), sql<bigint>`coalesce(sum(l.overdue_minor), 0)::bigint`.as('amount')]).executeTakeFirstOrThrow(),
    promiseLines(db, orgId, scope, (q) => q.where('p.status', '=', 'pending').where('p.promised_on', '=', today), limit),
    promiseLines(db, orgId, scope, (q) => q.where((eb) => eb.or([
      eb('p.status', '=', 'broken'),
      eb.and([eb('p.status', '=', 'pending'), eb('p.promised_on', '<', addDays(today, -PROMISE_GRACE_DAYS))]),
    ])), limit),
  ]);

  const byLevel: DigestData['byLevel'] = { red: zero(), orange: zero(), yellow: zero(), none: zero() };
  for (const l of levels) byLevel[l.level ?? 'none'] = { count: l.count, amountMinor: l.amount };
  return {
    orgId, today, currency: org.currency, scope,
    overdue: { count: overdue.count, amountMinor: overdue.amount, caseCount: Object.values(byLevel).reduce((s, l) => s + l.count, 0) },
    byLevel,
    newlyOverdue: { count: newly.count, amountMinor: newly.amount },
    promisesDueToday: dueToday,
    promisesBroken: broken,
    unclaimedReds: { count: redSum.count, amountMinor: redSum.amount, items: reds.map((r) => toCaseSummary(r, org.currency)) },
    worst: worst.map((r) => toCaseSummary(r, org.currency)),
    credit: await creditFlags(db, orgId, [...worst, ...reds].map((r) => r.customer_id)),
  };
}

function zero(): Sum {
  return { count: 0, amountMinor: 0n };
}

type PromiseQuery = ReturnType<typeof promiseBase>;

function promiseBase(db: Db, orgId: number, scope: Scope) {
  let q = db.selectFrom('promises as p')
    .innerJoin('cases as c', 'c.id', 'p.case_id')
    .innerJoin('customers as cu', 'cu.id', 'p.customer_id')
    .where('p.org_id', '=', orgId).where('c.status', '<>', 'closed');
  // In scope: the customer has an open invoice in the region / product line.
  if (scope.region !== undefined || scope.product !== undefined) {
    q = q.where((eb) => eb.exists(eb.selectFrom('invoices as i').select(sql`1`.as('one'))
      .whereRef('i.customer_id', '=', 'p.customer_id').where('i.org_id', '=', orgId)
      .where('i.status', 'in', ['open', 'disputed']).whereRef('i.amount_minor', '>', 'i.paid_minor')
      .$call((s) => (scope.region !== undefined ? s.where('i.region', '=', scope.region) : s))
      .$call((s) => (scope.product !== undefined ? s.where('i.product_line', '=', scope.product) : s))));
  }
  return q;
}

async function promiseLines(db: Db, orgId: number, scope: Scope, filter: (q: PromiseQuery) => PromiseQuery,
  limit: number): Promise<Sum & { items: PromiseLine[] }> {
  const base = filter(promiseBase(db, orgId, scope));
  const [agg, rows] = await Promise.all([
    base.select([sql<number>`count(*)::int`.as('count'), sql<bigint>`coalesce(sum(p.amount_minor), 0)::bigint`.as('amount')])
      .executeTakeFirstOrThrow(),
    base.leftJoin('users as ow', 'ow.id', 'c.owner_user_id')
      .select(['p.id', 'p.case_id', 'p.amount_minor', 'p.currency', 'p.promised_on', 'cu.id as customer_id', 'cu.code', 'cu.name',
        'c.owner_user_id', 'ow.name as owner_name'])
      .orderBy('p.amount_minor', 'desc').orderBy('p.id').limit(limit).execute(),
  ]);
  return {
    count: agg.count, amountMinor: agg.amount,
    items: rows.map((r) => ({
      id: r.id, caseId: r.case_id, customer: { id: r.customer_id, code: r.code, name: r.name },
      amountMinor: r.amount_minor, currency: r.currency.trim(), promisedOn: r.promised_on,
      owner: r.owner_user_id !== null && r.owner_name !== null ? { id: r.owner_user_id, name: r.owner_name } : null,
    })),
  };
}
