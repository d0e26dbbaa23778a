// Accept or Keep a suggested re-rating (issue 10; DOMAIN.md "Credit control": accepted or kept by
// finance, never applied silently; either answer refreshes the grade's date). Finance, managers and
// admins decide. Settled in SQL under the suggestion's row lock: a second click (or another
// person's) finds it decided and changes nothing; a grade changed since the suggestion (an import,
// another month's answer) makes it stale, and nothing changes either.
import { dateIn } from '../../domain/calendar.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { toJson } from '../cases/case-command.js';
import { requireRole, SUPERVISORS } from '../cases/permissions.js';

export type ReratingDecision = 'accepted' | 'kept';

export type DecideReratingResult =
  | { status: 'decided'; decision: ReratingDecision; customer: { code: string; name: string }; from: string; to: string }
  | { status: 'already_decided'; decision: ReratingDecision; customer: { code: string; name: string }; from: string; to: string }
  /** The customer's grade is no longer the one the suggestion was made from. */
  | { status: 'stale'; customer: { code: string; name: string }; grade: string; from: string; to: string };

export async function decideRerating(db: Db, actor: Actor, input: { customerId: number; suggestionId: number; decision: ReratingDecision },
  now: Date = new Date()): Promise<DecideReratingResult> {
  requireRole(actor, SUPERVISORS, 'rerating');
  return db.transaction().execute(async (trx) => {
    const s = await trx.selectFrom('rerating_suggestions').selectAll().where('org_id', '=', actor.orgId).where('id', '=', input.suggestionId)
      .where('customer_id', '=', input.customerId).forUpdate().executeTakeFirst();
    if (!s) throw new DuebotError('not_found', 'suggested re-rating not found', { subject: 'rerating' });
    const c = await trx.selectFrom('customers').select(['code', 'name', 'credit_grade']).where('org_id', '=', actor.orgId)
      .where('id', '=', s.customer_id).forUpdate().executeTakeFirstOrThrow();
    const customer = { code: c.code, name: c.name };
    const from = s.current_grade.trim();
    const to = s.suggested_grade;
    if (s.decision !== null) return { status: 'already_decided' as const, decision: s.decision, customer, from, to };
    if (c.credit_grade.trim() !== from) return { status: 'stale' as const, customer, grade: c.credit_grade.trim(), from, to };
    const org = await trx.selectFrom('orgs').select('timezone').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
    const today = dateIn(org.timezone, now);
    await trx.updateTable('customers').set({ ...(input.decision === 'accepted' ? { credit_grade: to } : {}), grade_refreshed_on: today, updated_at: now })
      .where('org_id', '=', actor.orgId).where('id', '=', s.customer_id).execute();
    await trx.updateTable('rerating_suggestions').set({ decision: input.decision, decided_by: actor.userId, decided_at: now })
      .where('org_id', '=', actor.orgId).where('id', '=', s.id).execute();
    await trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
      action: input.decision === 'accepted' ? 'customer.regraded' : 'customer.grade_kept', subject_type: 'customer', subject_id: String(s.customer_id),
      detail: toJson({ suggestionId: s.id, from, to, kept: input.decision === 'kept' }) }).execute();
    return { status: 'decided' as const, decision: input.decision, customer, from, to };
  });
}
