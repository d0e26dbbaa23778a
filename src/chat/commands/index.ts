// Every chat command, one file each, probot style. To add a command:
//   1. typed: add it to the grammar (../grammar.ts: COMMANDS, USAGE, ChatCommand, the parser);
//      from a button or form only: add it to ButtonCommand (../command.ts) and map the action in
//      ../buttons.ts;
//   2. write `commands/<command>.ts` exporting one `CommandHandler<'<kind>'>` that parses nothing,
//      calls one service and returns a view (helpers in ../context.ts);
//   3. register it below. The Record's type makes a missing handler a compile error.
import type { ChatContext } from '../context.js';
import type { Command, CommandHandler, CommandKind, CommandResult } from '../command.js';
import { help } from './help.js';
import { digest } from './digest.js';
import { mine } from './mine.js';
import { kase } from './case.js';
import { claim } from './claim.js';
import { release } from './release.js';
import { assign } from './assign.js';
import { log } from './log.js';
import { submitLog } from './submit-log.js';
import { promise } from './promise.js';
import { dispute } from './dispute.js';
import { snooze } from './snooze.js';
import { escalate } from './escalate.js';
import { submitEscalation } from './submit-escalation.js';
import { approve } from './approve.js';
import { reject } from './reject.js';
import { decide } from './decide.js';
import { writeoff } from './writeoff.js';
import { report } from './report.js';
import { subscribe } from './subscribe.js';
import { unsubscribe } from './unsubscribe.js';
import { target } from './target.js';
import { lang } from './lang.js';
import { hold, unhold } from './hold.js';
import { plan } from './plan.js';
import { proposeWriteoffs } from './propose-writeoffs.js';
import { keepLease } from './keep-lease.js';
import { openForm } from './open-form.js';
import { legal } from './legal.js';
import { evidence } from './evidence.js';
import { takeOver } from './take-over.js';
import { remind, statement } from './remind.js';
import { cancelMessageButton, openOverrideForm, sendMessageButton } from './message-buttons.js';
import { openTargetPlanForm, submitTargetPlan } from './target-plan.js';
import { decideReratingButton } from './decide-rerating.js';

export const COMMAND_HANDLERS: { [K in CommandKind]: CommandHandler<K> } = {
  help, digest, mine, case: kase, claim, release, assign, log, promise, dispute, snooze, escalate, approve, reject, writeoff,
  report, subscribe, unsubscribe, target, lang, legal, hold, unhold, plan, evidence, remind, statement,
  // From buttons and forms only.
  keep_lease: keepLease, decide, open_form: openForm, submit_log: submitLog, submit_escalation: submitEscalation,
  take_over: takeOver, propose_writeoffs: proposeWriteoffs,
  send_message: sendMessageButton, cancel_message: cancelMessageButton, open_override_form: openOverrideForm,
  open_target_plan_form: openTargetPlanForm, submit_target_plan: submitTargetPlan, decide_rerating: decideReratingButton,
};

/** Runs one command through its handler. */
export function runCommand(ctx: ChatContext, cmd: Command): Promise<CommandResult> {
  const handler = COMMAND_HANDLERS[cmd.kind] as CommandHandler<CommandKind>;
  return handler(ctx, cmd as never);
}
