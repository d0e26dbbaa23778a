// Who may send a message to a customer (issue 11: the owner, finance or a manager; admins can do
// what both can), and who may send one over the weekly contact cap (a manager, with a reason).
import { DuebotError } from '../../errors.js';
import type { Actor } from '../identity.js';
import { EVIDENCE_OVERRIDERS, hasRole, SUPERVISORS } from '../cases/permissions.js';

export function requireSender(actor: Actor, ownerUserId: number | null): void {
  if (hasRole(actor, SUPERVISORS)) return;
  if (ownerUserId !== null && ownerUserId === actor.userId) return;
  throw new DuebotError('forbidden', 'only the owner, finance or a manager may send messages to this customer', { reason: 'not_sender' });
}

/** Managers (and admins) override the contact cap, as they override missing evidence. */
export const mayOverrideCap = (actor: Actor): boolean => hasRole(actor, EVIDENCE_OVERRIDERS);
