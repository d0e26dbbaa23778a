// Every button and form duebot renders, mapped to the command it runs. Pure: the router has already
// decoded the payload and re-read the case it names (same org); this only decides which command.
// No rule lives here: a Snooze's length, a Reject's default note are the services' (issue 8).
// A new button: add its action id to BUTTON_ACTIONS and a line to BUTTONS (the Record's type makes
// a missing one a compile error), and, if no existing command fits, a ButtonCommand (./command.ts).
import { DuebotError } from '../errors.js';
import type { CardRef } from '../domain/stale-card.js';
import type { ActionPayload } from './action-payload.js';
import type { Command } from './command.js';
import { customerRef } from './present.js';
import { LOG_FIELDS } from './views/log-form.js';
import { PROMISE_FIELDS } from './views/promise-form.js';
import { ESCALATE_FIELDS } from './views/escalate-form.js';
import { CLOSE_RECOVERED, CLOSE_UNCOLLECTABLE, LEGAL_FIELDS } from './views/legal-form.js';
import type { LegalStage } from '../store/schema.js';
import { PLAN_FIELDS } from './views/plan-form.js';
import { PLAN_EVERY, type PlanEvery } from '../domain/promise-allocation.js';
import { OVERRIDE_FIELDS } from './views/message-preview.js';
import type { MessageAction } from './message-action.js';
import type { TargetFlagAction } from './target-flag-action.js';
import type { ReratingAction } from './rerating-action.js';
import { TARGET_PLAN_FIELDS } from './views/target-plan-form.js';

export const BUTTON_ACTIONS = [
  'claim', 'release', 'case', 'lease_keep', 'log', 'promise', 'escalate', 'snooze', 'approve', 'reject',
  'form:log', 'form:promise', 'form:escalate', 'take', 'legal', 'form:legal',
  'form:plan', 'writeoff_review',
  'email_send', 'email_cancel', 'email_override', 'form:email_override',
  'target_plan', 'form:target_plan',
  'rerating_accept', 'rerating_keep',
] as const;
export type ButtonAction = (typeof BUTTON_ACTIONS)[number];

export const isButtonAction = (id: string): id is ButtonAction => (BUTTON_ACTIONS as readonly string[]).includes(id);

/** The case a button names, as the router re-read it. */
export interface ButtonCase { id: number; version: number; code: string; name: string }

export interface ButtonInput {
  org: number;
  payload: ActionPayload | null;
  kase: ButtonCase | null;
  /** Submitted form values by field name ({} for a plain button). */
  form: Record<string, string>;
  /** The message a preview's button names (issue 11), decoded; null when it names none. */
  message?: MessageAction | null;
  /** The flagged target a remediation button names (issue 10), decoded; null when it names none. */
  targetFlag?: TargetFlagAction | null;
  /** The customer and suggestion a re-rating button names (issue 10), decoded; null when it names none. */
  rerating?: ReratingAction | null;
}

/** The customer the click is about: the card's case, or the form's customer field. */
function customerOf(i: ButtonInput): string {
  const customer = i.kase?.code ?? i.form.customer?.trim() ?? '';
  if (!customer) throw new DuebotError('invalid', 'name the customer', { subject: '' });
  return customer;
}

function escalationOf(i: ButtonInput): number {
  if (!i.payload?.esc) throw new DuebotError('invalid', 'this button names no request');
  return i.payload.esc;
}

function messageOf(i: ButtonInput): MessageAction {
  if (!i.message) throw new DuebotError('invalid', 'this button names no message');
  return i.message;
}

function targetFlagOf(i: ButtonInput): TargetFlagAction {
  if (!i.targetFlag) throw new DuebotError('invalid', 'this button names no target');
  return i.targetFlag;
}

function reratingOf(i: ButtonInput): ReratingAction {
  if (!i.rerating) throw new DuebotError('invalid', 'this button names no customer');
  return i.rerating;
}

const openForm = (form: 'log' | 'promise' | 'escalate' | 'legal') => (i: ButtonInput): Command => ({ kind: 'open_form', form,
  case: i.kase ? { org: i.org, caseId: i.kase.id, version: i.kase.version, customer: customerRef(i.kase) } : null });

export const BUTTONS: Record<ButtonAction, (i: ButtonInput) => Command> = {
  claim: (i) => ({ kind: 'claim', customer: customerOf(i) }),
  release: (i) => ({ kind: 'release', customer: customerOf(i) }),
  case: (i) => (i.kase ? { kind: 'case', caseId: i.kase.id } : { kind: 'case', customer: customerOf(i) }),
  lease_keep: (i) => ({ kind: 'keep_lease', customer: customerOf(i) }),
  take: (i) => ({ kind: 'take_over', customer: customerOf(i) }),
  log: openForm('log'),
  promise: openForm('promise'),
  escalate: openForm('escalate'),
  snooze: (i) => ({ kind: 'snooze', customer: customerOf(i), fromCard: true }),
  approve: (i) => ({ kind: 'decide', escalationId: escalationOf(i), decision: 'approve', note: i.form.note?.trim() || undefined }),
  reject: (i) => ({ kind: 'decide', escalationId: escalationOf(i), decision: 'reject', note: i.form.reason?.trim() || undefined }),
  'form:log': (i) => ({ kind: 'submit_log', customer: customerOf(i), method: i.form[LOG_FIELDS.method]?.trim() ?? '',
    outcome: i.form[LOG_FIELDS.outcome]?.trim() || undefined, text: i.form[LOG_FIELDS.text] ?? '',
    nextActionOn: i.form[LOG_FIELDS.nextActionOn]?.trim() || undefined }),
  'form:promise': (i) => ({ kind: 'promise', form: false, customer: customerOf(i),
    amount: (i.form[PROMISE_FIELDS.amount] ?? '').replace(/,/g, '').trim(),
    date: i.form[PROMISE_FIELDS.date]?.trim() ?? '', note: i.form[PROMISE_FIELDS.note]?.trim() || null }),
  legal: openForm('legal'),
  'form:legal': (i) => {
    const stage = i.form[LEGAL_FIELDS.stage]?.trim() ?? '';
    const closing = stage === CLOSE_RECOVERED ? 'recovered' : stage === CLOSE_UNCOLLECTABLE ? 'uncollectable' : null;
    const amount = (i.form[LEGAL_FIELDS.amount] ?? '').replace(/,/g, '').trim();
    return { kind: 'legal', customer: customerOf(i), stage: (closing ? 'closed' : stage) as LegalStage, note: i.form[LEGAL_FIELDS.note]?.trim() ?? '',
      result: closing, recovered: closing === 'recovered' ? amount : null };
  },
  writeoff_review: (i) => ({ kind: 'propose_writeoffs', customer: customerOf(i) }),
  // A count that is not a whole number reaches the service as NaN and is refused there, naming the field.
  'form:plan': (i) => ({ kind: 'plan', form: false, customer: customerOf(i),
    instalments: /^\s*\d{1,3}\s*$/.test(i.form[PLAN_FIELDS.instalments] ?? '') ? Number(i.form[PLAN_FIELDS.instalments]) : Number.NaN,
    amount: (i.form[PLAN_FIELDS.amount] ?? '').replace(/,/g, '').trim(), date: i.form[PLAN_FIELDS.firstOn]?.trim() ?? '',
    every: (PLAN_EVERY as readonly string[]).includes(i.form[PLAN_FIELDS.every]?.trim() ?? '') ? i.form[PLAN_FIELDS.every]!.trim() as PlanEvery : 'month',
    note: i.form[PLAN_FIELDS.note]?.trim() || null }),
  email_send: (i) => ({ kind: 'send_message', org: messageOf(i).org, messageId: messageOf(i).msg, overrideReason: undefined }),
  email_cancel: (i) => ({ kind: 'cancel_message', org: messageOf(i).org, messageId: messageOf(i).msg }),
  email_override: (i) => ({ kind: 'open_override_form', org: messageOf(i).org, messageId: messageOf(i).msg }),
  'form:email_override': (i) => ({ kind: 'send_message', org: messageOf(i).org, messageId: messageOf(i).msg,
    overrideReason: i.form[OVERRIDE_FIELDS.reason]?.trim() ?? '' }),
  target_plan: (i) => ({ kind: 'open_target_plan_form', org: targetFlagOf(i).org, flagId: targetFlagOf(i).flag }),
  // A person that is not a whole id reaches the service as NaN and is refused there, naming the field.
  'form:target_plan': (i) => ({ kind: 'submit_target_plan', org: targetFlagOf(i).org, flagId: targetFlagOf(i).flag,
    ownerUserId: /^\s*\d{1,10}\s*$/.test(i.form[TARGET_PLAN_FIELDS.owner] ?? '') ? Number(i.form[TARGET_PLAN_FIELDS.owner]) : Number.NaN,
    action: i.form[TARGET_PLAN_FIELDS.action]?.trim() ?? '', dueOn: i.form[TARGET_PLAN_FIELDS.dueOn]?.trim() ?? '' }),
  rerating_accept: (i) => ({ kind: 'decide_rerating', org: reratingOf(i).org, customerId: reratingOf(i).customer, suggestionId: reratingOf(i).suggestion, decision: 'accepted' }),
  rerating_keep: (i) => ({ kind: 'decide_rerating', org: reratingOf(i).org, customerId: reratingOf(i).customer, suggestionId: reratingOf(i).suggestion, decision: 'kept' }),
  'form:escalate': (i) => ({ kind: 'submit_escalation', customer: customerOf(i), reason: i.form[ESCALATE_FIELDS.reason]?.trim() ?? '',
    overrideReason: i.form[ESCALATE_FIELDS.overrideReason]?.trim() || undefined }),
};

/**
 * What a click checks of the card it sits on (issue 8): 'version' — the case has not changed since
 * the card was drawn; 'open' — the case is still open (a submitted form: others may work on the
 * case while it is filled in); 'none' — Approve / Reject re-check their request themselves
 * (paid or changed since → the decision card says why).
 */
export const CARD_CHECKS: Record<ButtonAction, 'version' | 'open' | 'none'> = {
  claim: 'version', release: 'version', case: 'version', lease_keep: 'version', log: 'version', promise: 'version',
  escalate: 'version', snooze: 'version', approve: 'none', reject: 'none',
  'form:log': 'open', 'form:promise': 'open', 'form:escalate': 'open', 'form:legal': 'open', 'form:plan': 'open',
  // The review stays in the channel for a month: the case only has to be open still.
  writeoff_review: 'open',
  legal: 'version',
  // A case another manager took since the offer was drawn is not taken again (issue 15).
  take: 'version',
  // A preview's buttons name a message, not a case: the send re-reads it (issue 11).
  email_send: 'none', email_cancel: 'none', email_override: 'none', 'form:email_override': 'none',
  // A remediation button names a flagged target, not a case: the service re-reads the flag (issue 10).
  target_plan: 'none', 'form:target_plan': 'none',
  // A re-rating names a customer, often without a case: the service's own stale check (its "from" grade) stands in for `ver`.
  rerating_accept: 'none', rerating_keep: 'none',
};

/** The card to check for this click, or undefined. */
export function cardOf(actionId: string, payload: ActionPayload): CardRef | undefined {
  const check = isButtonAction(actionId) ? CARD_CHECKS[actionId] : 'none';
  if (check === 'none') return undefined;
  return { caseId: payload.case, version: check === 'version' ? payload.ver : null };
}

/** The command a click or a submitted form runs; an action we never rendered is refused. */
export function buttonCommand(actionId: string, input: ButtonInput): Command {
  if (!isButtonAction(actionId)) throw new DuebotError('invalid', `unknown action ${actionId}`);
  return BUTTONS[actionId](input);
}
