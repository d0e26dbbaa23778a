// Org policy settings changed by an admin from the CLI (`duebot org set`), each change audited.
import type { Db } from '../store/connection.js';
import type { RedResponseClock } from '../store/schema.js';

export const RED_RESPONSE_CLOCKS = ['calendar', 'working'] as const satisfies readonly RedResponseClock[];

export interface PolicyChange { redResponseClock?: RedResponseClock }

/** Applies the given settings; returns the ones that really changed (none: nothing is written). */
export async function updateOrgPolicy(db: Db, orgId: number, change: PolicyChange, actor = 'cli'): Promise<PolicyChange> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('org_policies').select(['red_response_clock']).where('org_id', '=', orgId)
      .forUpdate().executeTakeFirstOrThrow();
    const changed: PolicyChange = {};
    if (change.redResponseClock && change.redResponseClock !== current.red_response_clock) changed.redResponseClock = change.redResponseClock;
    if (Object.keys(changed).length === 0) return changed;
    await trx.updateTable('org_policies').set({ red_response_clock: changed.redResponseClock, updated_at: new Date() })
      .where('org_id', '=', orgId).execute();
    await trx.insertInto('audit_log').values({ org_id: orgId, actor, action: 'org.policy', subject_type: 'org', subject_id: String(orgId),
      detail: JSON.stringify({ before: { redResponseClock: current.red_response_clock }, after: changed }) }).execute();
    return changed;
  });
}
