// Promises and instalments decided by the ledger (DOMAIN.md "Promises and plans"): the reminders
// sweep asks the allocation rule (src/domain/promise-allocation.ts) for the state of every promise
// still pending or broken, on today, and keeps the stored status in step: a promise whose date +
// grace passed unpaid is broken (once: the UPDATE … WHERE status = 'pending' decides it whatever
// runs in parallel), a broken one that a back-dated payment completed in time turns kept, and a
// plan whose instalments are all kept closes with a line in the case's thread.
import type { IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { promiseOutcomes } from '../reports/promise-outcomes.js';

export interface BrokenPromise { id: number; caseId: number; ownerUserId: number | null; madeByUserId: number | null }

export interface PromiseDecisions { broken: BrokenPromise[]; keptIds: number[]; completedPlanIds: number[] }

export async function decidePromises(db: Db, orgId: number, timezone: string, today: IsoDate, now: Date = new Date()): Promise<PromiseDecisions> {
  const open = await db.selectFrom('promises').select(['customer_id', 'currency']).distinct()
    .where('org_id', '=', orgId).where('status', 'in', ['pending', 'broken']).execute();
  const out: PromiseDecisions = { broken: [], keptIds: [], completedPlanIds: [] };
  if (open.length === 0) return out;
  const byCurrency = new Map<string, number[]>();
  for (const o of open) byCurrency.set(o.currency.trim(), [...(byCurrency.get(o.currency.trim()) ?? []), o.customer_id]);
  const toKeep: number[] = [];
  const toBreak: number[] = [];
  for (const [currency, customerIds] of byCurrency) {
    for (const c of await promiseOutcomes(db, orgId, currency, today, { customerIds, timezone })) {
      for (const o of c.outcomes) {
        if (o.state === 'kept') toKeep.push(o.id);
        else if (o.state === 'broken') toBreak.push(o.id);
      }
    }
  }
  if (toKeep.length) {
    const kept = await db.updateTable('promises').set({ status: 'kept', resolved_at: now })
      .where('org_id', '=', orgId).where('id', 'in', toKeep).where('status', 'in', ['pending', 'broken']).returning('id').execute();
    out.keptIds = kept.map((k) => k.id);
  }
  if (toBreak.length) {
    out.broken = await db.transaction().execute(async (trx) => {
      const rows = await trx.updateTable('promises as p').set({ status: 'broken', resolved_at: now })
        .from('cases as c').whereRef('c.id', '=', 'p.case_id').where('c.org_id', '=', orgId)
        .where('p.org_id', '=', orgId).where('p.id', 'in', toBreak).where('p.status', '=', 'pending')
        .returning(['p.id', 'p.case_id', 'p.made_by_user_id', 'c.owner_user_id']).execute();
      if (rows.length === 0) return [];
      await trx.insertInto('case_events').values(rows.map((b) => ({
        org_id: orgId, case_id: b.case_id, type: 'promise.broken' as const, payload: JSON.stringify({ promiseId: b.id }),
      }))).execute();
      await trx.insertInto('audit_log').values(rows.map((b) => ({
        org_id: orgId, actor: 'job:reminders', action: 'promise.broken', subject_type: 'promise', subject_id: String(b.id),
        detail: JSON.stringify({ caseId: b.case_id }),
      }))).execute();
      return rows.map((b) => ({ id: b.id, caseId: b.case_id, ownerUserId: b.owner_user_id, madeByUserId: b.made_by_user_id }));
    });
  }
  if (out.keptIds.length) out.completedPlanIds = await closeCompletedPlans(db, orgId, now);
  return out;
}

/** Plans whose every instalment is kept: completed, once, with a thread line (plan.completed). */
async function closeCompletedPlans(db: Db, orgId: number, now: Date): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.updateTable('plans as pl').set({ status: 'completed', completed_at: now })
      .where('pl.org_id', '=', orgId).where('pl.status', '=', 'open')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('promises as p').select('p.id')
        .where('p.org_id', '=', orgId).whereRef('p.plan_id', '=', 'pl.id').where('p.status', '<>', 'kept'))))
      .returning(['pl.id', 'pl.case_id', 'pl.customer_id']).execute();
    if (rows.length === 0) return [];
    await trx.insertInto('case_events').values(rows.map((p) => ({
      org_id: orgId, case_id: p.case_id, type: 'plan.completed' as const, payload: JSON.stringify({ planId: p.id, caseId: p.case_id, customerId: p.customer_id }),
    }))).execute();
    await trx.insertInto('audit_log').values(rows.map((p) => ({
      org_id: orgId, actor: 'job:reminders', action: 'plan.completed', subject_type: 'plan', subject_id: String(p.id),
      detail: JSON.stringify({ caseId: p.case_id }),
    }))).execute();
    return rows.map((p) => p.id);
  });
}
