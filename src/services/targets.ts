// `/ar target <org|region:<r>|owner:<@user>|product:<p>> <recovery|collected|dso|cei|overdue> <value> [month|quarter]`:
// targets per org, region, person or product line (DOMAIN.md "Targets"; 001: 目标分解至区域、团队及个人,
// an alert when under 80% achieved).
import { z } from 'zod';
import type { Db } from '../store/connection.js';
import type { Actor } from './identity.js';
import { findUser, type UserRef } from './cases/assign-case.js';
import { parseInput, toJson } from './cases/case-command.js';
import { requireRole, SUPERVISORS } from './cases/permissions.js';
import { TARGET_METRICS, type TargetMetric } from '../domain/target-achievement.js';
import { PERCENT_METRICS, targetValue } from '../domain/target-measure.js';
import { normaliseDecimal } from './reports/target-checks.js';

export interface Target {
  id: number; scope: 'org' | 'region' | 'owner' | 'product'; scopeValue: string; metric: TargetMetric;
  /** Exact decimal: a percent (recovery, cei: "85", "92.5"), days (dso) or major units of the org's currency (collected, overdue). */
  value: string; period: 'month' | 'quarter'; owner: { id: number; name: string } | null;
}

const SetTargetInput = z.object({
  scope: z.enum(['org', 'region', 'owner', 'product']),
  /** The region's or product line's name, or for an owner a user id / email / chat identity. Ignored for 'org'. */
  scopeValue: z.union([z.string().trim(), z.object({ userId: z.number().int().positive() }), z.object({ email: z.string() }),
    z.object({ platform: z.enum(['slack', 'lark']), externalUserId: z.string() })]).optional(),
  metric: z.enum(TARGET_METRICS).default('recovery'),
  value: z.union([z.string(), z.number()]).transform((p) => String(p).trim()),
  period: z.enum(['month', 'quarter']).default('month'),
}).superRefine((v, ctx) => {
  // targets.value is numeric(20,2): at most 2 decimals; a percent is above 0 and at most 100.
  const shape = /^\d{1,15}(\.\d{1,2})?$/.test(v.value) && targetValue(v.metric, v.value, 'CNY').ok; // the currency only scales amounts
  if (!shape) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: PERCENT_METRICS.includes(v.metric)
      ? 'must be a percent above 0 and at most 100' : 'must be a number above 0 with at most 2 decimals' });
  }
  if (v.scope !== 'org' && (v.scopeValue === undefined || v.scopeValue === '')) {
    ctx.addIssue({ code: 'custom', path: ['scopeValue'], message: `a ${v.scope} target names its ${v.scope}` });
  }
});
export type SetTargetInput = z.input<typeof SetTargetInput>;

function userRefOf(v: string | UserRef): UserRef {
  if (typeof v !== 'string') return v;
  return /^\d+$/.test(v) ? { userId: Number(v) } : { email: v };
}

/** Sets (or replaces) the target of a scope and period. */
export async function setTarget(db: Db, actor: Actor, input: SetTargetInput): Promise<{ status: 'set'; target: Target; previousValue: string | null }> {
  const args = parseInput(SetTargetInput, input);
  requireRole(actor, SUPERVISORS, 'target');
  return db.transaction().execute(async (trx) => {
    let scopeValue = '';
    let owner: Target['owner'] = null;
    if (args.scope === 'region' || args.scope === 'product') scopeValue = String(args.scopeValue);
    if (args.scope === 'owner') {
      const user = await findUser(trx, actor.orgId, userRefOf(args.scopeValue!));
      owner = { id: user.id, name: user.name };
      scopeValue = String(user.id);
    }
    const previous = await trx.selectFrom('targets').select(['percent', 'value']).where('org_id', '=', actor.orgId)
      .where('scope', '=', args.scope).where('scope_value', '=', scopeValue).where('metric', '=', args.metric)
      .where('period', '=', args.period).executeTakeFirst();
    const percent = PERCENT_METRICS.includes(args.metric) ? args.value : null;
    const row = await trx.insertInto('targets').values({
      org_id: actor.orgId, scope: args.scope, scope_value: scopeValue, metric: args.metric, percent, value: args.value,
      period: args.period, owner_user_id: owner?.id ?? null, created_by: actor.userId,
    }).onConflict((oc) => oc.columns(['org_id', 'scope', 'scope_value', 'metric', 'period'])
      .doUpdateSet({ percent, value: args.value, owner_user_id: owner?.id ?? null, created_by: actor.userId }))
      .returningAll().executeTakeFirstOrThrow();
    const target: Target = { id: row.id, scope: row.scope, scopeValue: row.scope_value, metric: row.metric,
      value: normaliseDecimal(row.value ?? row.percent ?? ''), period: row.period, owner };
    const previousValue = previous ? normaliseDecimal(previous.value ?? previous.percent ?? '') : null;
    await trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
      action: 'target.set', subject_type: 'target', subject_id: String(row.id),
      detail: toJson({ ...target, previousValue }) }).execute();
    return { status: 'set' as const, target, previousValue };
  });
}

export async function listTargets(db: Db, orgId: number): Promise<Target[]> {
  const rows = await db.selectFrom('targets as t').leftJoin('users as u', 'u.id', 't.owner_user_id')
    .selectAll('t').select('u.name as owner_name').where('t.org_id', '=', orgId).orderBy('t.scope').orderBy('t.scope_value').execute();
  return rows.map((r) => ({ id: r.id, scope: r.scope, scopeValue: r.scope_value, metric: r.metric, value: normaliseDecimal(r.value ?? r.percent ?? ''),
    period: r.period, owner: r.owner_user_id !== null && r.owner_name !== null ? { id: r.owner_user_id, name: r.owner_name } : null }));
}
