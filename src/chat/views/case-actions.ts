// Buttons on case messages. Each carries the case version it was rendered at (action-payload.ts);
// its id names the command it does (DESIGN.md: every button does what its command does).
import { encodeAction, type ActionPayload } from '../action-payload.js';
import { t, type Locale } from '../i18n.js';
import type { Action } from '../message.js';
import { truncate, type CustomerRef } from './parts.js';

/** 'lease_keep': the owner answers a lease check ("still working on it?") with yes. */
/** 'take': a manager assigns the case of a person who left to themself. */
/** 'legal': legal moves the case to its next litigation stage (a form). */
export const ACTION_IDS = ['claim', 'release', 'log', 'promise', 'snooze', 'escalate', 'approve', 'reject', 'case', 'lease_keep', 'take', 'legal', 'writeoff_review'] as const;
export type ActionId = (typeof ACTION_IDS)[number];

/** The case a message is about, as buttons name it. */
export interface CaseKey { org: number; caseId: number; version: number }

export function payloadOf(k: CaseKey, extra: { esc?: number; inv?: number } = {}): ActionPayload {
  return { v: 1, org: k.org, case: k.caseId, ver: k.version, ...extra };
}

const STYLE: Partial<Record<ActionId, Action['style']>> = { claim: 'primary', approve: 'primary', escalate: 'danger', reject: 'danger', lease_keep: 'primary' };

export function caseAction(id: ActionId, k: CaseKey, locale: Locale, extra: { esc?: number; inv?: number } = {}): Action {
  const a: Action = { id, label: t(locale, `action.${id}`), value: encodeAction(payloadOf(k, extra)) };
  const style = STYLE[id];
  if (style) a.style = style;
  return a;
}

/**
 * A button naming its customer, for messages about several cases ("Claim PRL", "Open PRL"): by
 * code, which is short and unique and shown in the lines above, else by a shortened name.
 */
export function namedCaseAction(id: 'claim' | 'case' | 'take' | 'writeoff_review', k: CaseKey, customer: CustomerRef, locale: Locale): Action {
  const name = customer.code.trim() !== '' ? truncate(customer.code, 30) : truncate(customer.name, 30);
  const label = id === 'claim' ? 'action.claim_named' : id === 'take' ? 'action.take_named' : id === 'writeoff_review' ? 'action.writeoff_review_named' : 'action.open_named';
  const a: Action = { id, label: t(locale, label, { customer: name }), value: encodeAction(payloadOf(k)) };
  if (id === 'claim' || id === 'take') a.style = 'primary';
  if (id === 'writeoff_review') a.style = 'danger';
  return a;
}
