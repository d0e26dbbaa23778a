// Who may do what (DESIGN.md "People and permissions"): checked on the server, whatever the button says.
import { DuebotError } from '../../errors.js';
import type { CaseStatus, Role } from '../../store/schema.js';
import type { Actor } from '../identity.js';

/** Finance owns the ledger and assigns cases; managers supervise; admin can do what both can. */
export const SUPERVISORS: readonly Role[] = ['admin', 'manager', 'finance'];
/** Legal escalations are decided by managers or legal (DOMAIN.md). */
export const LEGAL_DECIDERS: readonly Role[] = ['admin', 'manager', 'legal'];
/** Write-offs are approved by a manager. */
export const WRITEOFF_DECIDERS: readonly Role[] = ['admin', 'manager'];
/** Only a manager may send a case to legal without the full evidence chain. */
export const EVIDENCE_OVERRIDERS: readonly Role[] = ['admin', 'manager'];

export type CaseWork = 'log' | 'promise' | 'plan' | 'snooze' | 'dispute' | 'release' | 'escalate';

export function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return roles.includes(actor.role);
}

export function requireRole(actor: Actor, roles: readonly Role[], reason: string): void {
  if (!hasRole(actor, roles)) {
    throw new DuebotError('forbidden', `${actor.role} may not do this (${reason})`, { reason, role: actor.role, allowed: roles });
  }
}

/**
 * Work on a case: on a claimed case only its owner, finance, a manager or an admin; on an unclaimed
 * case sales may log too (anyone may claim it first). Legal works the cases handed to legal.
 */
export function requireCaseWork(actor: Actor, kase: { owner_user_id: number | null; status: CaseStatus }, work: CaseWork): void {
  if (hasRole(actor, SUPERVISORS)) return;
  if (kase.owner_user_id !== null && kase.owner_user_id === actor.userId) return;
  if (actor.role === 'legal' && kase.status === 'legal' && (work === 'log' || work === 'promise' || work === 'plan')) return;
  if (kase.owner_user_id === null) {
    if (actor.role === 'sales' && work === 'log') return;
    throw new DuebotError('forbidden', `claim the case before you ${work} on it`, { reason: 'claim_first', work });
  }
  throw new DuebotError('forbidden', `only the case owner, finance or a manager may ${work} on a claimed case`,
    { reason: 'not_owner', work, ownerUserId: kase.owner_user_id });
}
