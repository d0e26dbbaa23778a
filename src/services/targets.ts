// `/ar target <org|region:<r>|owner:<@user>> recovery <percent> [month|quarter]`: recovery targets
// per team, region or person (001: an alert when under 80% achieved).
import { z } from 'zod';
import type { Db } from '../store/connection.js';
import type { Actor } from './identity.js';
import { findUser, type UserRef } from './cases/assign-case.js';
import { parseInput, toJson } from './cases/case-command.js';
import { requireRole, SUPERVISORS } from './cases/permissions.js';

export interface Target {
  id: number; scope: 'org' | 'region' | 'owner'; scopeValue: string; metric: 'recovery';
  /** Exact decimal percent ("85", "92.5"). */
  percent: string; period: 'month' | 'quarter'; owner: { id: number; name: string } | null;
}

const SetTargetInput = z.object({
  scope: z.enum(['org', 'region', 'owner']),
  /** The region's name, or for an owner a user id / email / chat identity. Ignored for 'org'. */
  scopeValue: z.union([z.string().trim(), z.object({ userId: z.number().int().positive() }), z.object({ email: z.string() }),
    z.object({ platform: z.enum(['slack', 'lark']), externalUserId: z.string() })]).optional(),
  percent: z.union([z.string(), z.number()]).transform((p) => String(p).trim())
    .refine((p) => /^\d{1,3}(\.\d{1,2})?$/.test(p) && Number(p) > 0 && Number(p) <= 100, 'must be a percent above 0 and at most 100'),
  period: z.enum(['month', 'quarter']).default('month'),
}).superRefine((v, ctx) => {
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
export async function setTarget(db: Db, actor: Actor, input: SetTargetInput): Promise<{ status: 'set'; target: Target; previousPercent: string | null }> {
  const args = parseInput(SetTargetInput, input);
  requireRole(actor, SUPERVISORS, 'target');
  return db.transaction().execute(async (trx) => {
    let scopeValue = '';
    let owner: Target['owner'] = null;
    if (args.scope === 'region') scopeValue = String(args.scopeValue);
    if (args.scope === 'owner') {
      const user = await findUser(trx, actor.orgId, userRefOf(args.scopeValue!));
      owner = { id: user.id, name: user.name };
      scopeValue = String(user.id);
    }
    const previous = await trx.selectFrom('targets').select('percent').where('org_id', '=', actor.orgId)
      .where('scope', '=', args.scope).where('scope_value', '=', scopeValue).where('metric', '=', 'recovery')
      .where('period', '=', args.period).executeTakeFirst();
    const row = await trx.insertInto('targets').values({
      org_id: actor.orgId, scope: args.scope, scope_value: scopeValue, metric: 'recovery', percent: args.percent,
      period: args.period, owner_user_id: owner?.id ?? null, created_by: actor.userId,
    }).onConflict((oc) => oc.columns(['org_id', 'scope', 'scope_value', 'metric', 'period'])
      .doUpdateSet({ percent: args.percent, owner_user_id: owner?.id ?? null, created_by: actor.userId }))
      .returningAll().executeTakeFirstOrThrow();
    const target: Target = { id: row.id, scope: row.scope, scopeValue: row.scope_value, metric: row.metric,
      percent: normalisePercent(row.percent), period: row.period, owner };
    await trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
      action: 'target.set', subject_type: 'target', subject_id: String(row.id),
      detail: toJson({ ...target, previousPercent: previous?.percent ?? null }) }).execute();
    return { status: 'set' as const, target, previousPercent: previous ? normalisePercent(previous.percent) : null };
  });
}

/** numeric(6,2) arrives as "85.00": shown as "85". */
function normalisePercent(p: string): string {
  return p.includes('.') ? p.replace(/\.?0+$/, '') : p;
}

export async function listTargets(db: Db, orgId: number): Promise<Target[]> {
  const rows = await db.selectFrom('targets as t').leftJoin('users as u', 'u.id', 't.owner_user_id')
    .selectAll('t').select('u.name as owner_name').where('t.org_id', '=', orgId).orderBy('t.scope').orderBy('t.scope_value').execute();
  return rows.map((r) => ({ id: r.id, scope: r.scope, scopeValue: r.scope_value, metric: r.metric, percent: normalisePercent(r.percent),
    period: r.period, owner: r.owner_user_id !== null && r.owner_name !== null ? { id: r.owner_user_id, name: r.owner_name } : null }));
}
