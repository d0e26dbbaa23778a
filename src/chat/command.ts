// What a command handler answers: a typed command (the grammar's, or one only a button or form can
// give) and the handler type the registry in ./commands/index.ts holds, one per kind.
import type { ChatCommand } from './grammar.js';
import type { ChatContext } from './context.js';
import type { ChatResponse } from './request.js';
import type { Locale } from './message.js';
import type { FormInput } from './views/form-parts.js';

export type FormKind = 'log' | 'promise' | 'escalate' | 'legal' | 'plan';

/** Commands no one types: they come from a button or a submitted form (see ./buttons.ts). */
export type ButtonCommand =
  /** The case card of one case, by id (the "case" button on an alert). */
  | { kind: 'case'; caseId: number }
  /** The Snooze button: the service's card snooze (its length and note are service rules). */
  | { kind: 'snooze'; customer: string; fromCard: true }
  /** The owner answers the lease check ("still working on it?"). */
  | { kind: 'keep_lease'; customer: string }
  /** Approve / Reject on a request card, by escalation id. */
  | { kind: 'decide'; escalationId: number; decision: 'approve' | 'reject'; note: string | undefined }
  /** Log / Promise / Escalate buttons: open the form, about the card's case when there is one. */
  | { kind: 'open_form'; form: FormKind; case: FormInput['case'] }
  /** The submitted log form (it also takes the next action date, which the typed command does not). */
  | { kind: 'submit_log'; customer: string; method: string; outcome: string | undefined; text: string; nextActionOn: string | undefined }
  /** The Propose write-off button of the monthly write-off review (issue 10): every invoice of the customer over 180 days. */
  | { kind: 'propose_writeoffs'; customer: string }
  /** A manager takes over the case of a person who left (the Assign button, issue 15). */
  | { kind: 'take_over'; customer: string }
  /** Issue 11: Send / Cancel on a message preview, by message (the form over the cap carries the reason). */
  | { kind: 'send_message'; org: number; messageId: number; overrideReason: string | undefined }
  | { kind: 'cancel_message'; org: number; messageId: number }
  /** "Send over the cap…": the form asking a manager for the reason. */
  | { kind: 'open_override_form'; org: number; messageId: number }
  /** Issue 10: the remediation plan of a flagged target — open its form, or record the submitted one (by flag). */
  | { kind: 'open_target_plan_form'; org: number; flagId: number }
  | { kind: 'submit_target_plan'; org: number; flagId: number; ownerUserId: number; action: string; dueOn: string }
  /** Issue 10: Accept / Keep on the monthly re-rating, by customer and suggestion. */
  | { kind: 'decide_rerating'; org: number; customerId: number; suggestionId: number; decision: 'accepted' | 'kept' }
  /** The submitted escalation form (a manager may override missing evidence with a reason). */
  | { kind: 'submit_escalation'; customer: string; reason: string; overrideReason: string | undefined };

export type Command = ChatCommand | ButtonCommand;
export type CommandKind = Command['kind'];

/** The command(s) of one kind; members written `kind: 'a' | 'b'` are narrowed to that one kind. */
export type CommandOf<K extends CommandKind, C = Command> =
  C extends { kind: infer CK } ? (K extends CK ? Omit<C, 'kind'> & { kind: K } : never) : never;

/**
 * What a handler returns: a ChatResponse whose locale defaults to the asker's and whose outcome
 * defaults to 'done' (the router fills them in). A refusal a handler answers itself is built with
 * `refused` (./context.ts); a thrown coded error becomes the same kind of answer in the router.
 */
export type CommandResult = Omit<ChatResponse, 'locale' | 'outcome'> & { outcome?: 'done' | 'refused'; locale?: Locale };

export type CommandHandler<K extends CommandKind> = (ctx: ChatContext, cmd: CommandOf<K>) => Promise<CommandResult>;
