// What the remediation plan form of a flagged target offers (issue 10): the people of the org who
// may own the plan, and the plan already recorded, if any (then the form is not opened again).
import { addDays, dateIn, type IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';
import { FOLLOW_UP_DAYS } from './flag-targets.js';
import { mayAnswerFlag } from './record-remediation-plan.js';
import { planOf, type RemediationPlan } from './target-notice.js';

export type RemediationFormResult =
  | { status: 'open'; scope: string; people: { id: number; name: string }[]; suggestedDue: IsoDate }
  | { status: 'already_recorded'; plan: RemediationPlan };

export async function remediationForm(db: Db, actor: Actor, flagId: number, now: Date = new Date()): Promise<RemediationFormResult> {
  await mayAnswerFlag(db, actor, flagId);
  const plan = await planOf(db, actor.orgId, flagId);
  if (plan) return { status: 'already_recorded', plan };
  const [f, org, people] = await Promise.all([
    db.selectFrom('target_flags as f').innerJoin('targets as t', (j) => j.onRef('t.id', '=', 'f.target_id').onRef('t.org_id', '=', 'f.org_id'))
      .leftJoin('users as u', (j) => j.onRef('u.id', '=', 't.owner_user_id').onRef('u.org_id', '=', 't.org_id'))
      .select(['t.scope', 't.scope_value', 'u.name']).where('f.org_id', '=', actor.orgId).where('f.id', '=', flagId).executeTakeFirstOrThrow(),
    db.selectFrom('orgs').select('timezone').where('id', '=', actor.orgId).executeTakeFirstOrThrow(),
    // The asker first, then everyone else by name: the form's select lists the first 100.
    db.selectFrom('users').select(['id', 'name']).where('org_id', '=', actor.orgId).where('active', '=', true)
      .orderBy((eb) => eb.case().when('id', '=', actor.userId).then(0).else(1).end()).orderBy('name').orderBy('id').execute(),
  ]);
  const scope = f.scope === 'org' ? 'org' : `${f.scope}:${f.scope === 'owner' ? f.name ?? f.scope_value : f.scope_value}`;
  return { status: 'open', scope, people, suggestedDue: addDays(dateIn(org.timezone, now), FOLLOW_UP_DAYS) };
}
