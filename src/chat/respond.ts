// One order for every adapter's answer to a command or a click (issue 8): open the form, replace
// the message the button sat on, reply to the person, then bring the changed cases' messages up to
// date. Why this order: Slack's trigger_id dies 3 s after the click (the form cannot wait); the
// clicked card changes before the words about it arrive; the alerts and threads are updated only
// once the person has their answer (publishing is the slow, shared part).
import type { Form, Message } from './message.js';
import type { ChatResponse } from './request.js';

export const RESPOND_STEPS = ['form', 'replace_source', 'reply', 'publish'] as const;
export type RespondStep = (typeof RESPOND_STEPS)[number];

/**
 * What one platform does at each step, for one request. A step left out is one the platform does
 * not take here (a typed command has no source message to replace).
 */
export interface Responder {
  form?(form: Form, res: ChatResponse): Promise<void>;
  replaceSource?(message: Message, res: ChatResponse): Promise<void>;
  /** `res.outcome` and `reply.ephemeral` say how: a refusal is for the asker only. */
  reply?(message: Message, res: ChatResponse): Promise<void>;
  publish?(caseIds: number[], res: ChatResponse): Promise<void>;
  /**
   * A step threw: the adapter logs it and the next step still runs (a reply that could not be
   * sent must not leave the alert stale). Absent: the error ends the answer and is thrown.
   */
  failed?(step: RespondStep, e: unknown): void;
}

/** Runs the steps `res` calls for, in RESPOND_STEPS order, one after the other. */
export async function respond(res: ChatResponse, r: Responder): Promise<void> {
  const run = async (step: RespondStep, go: () => Promise<void>) => {
    try {
      await go();
    } catch (e) {
      if (!r.failed) throw e;
      r.failed(step, e);
    }
  };
  const { form, replaceSource, reply, changedCaseIds } = res;
  if (form && r.form) await run('form', () => r.form!(form, res));
  if (replaceSource && r.replaceSource) await run('replace_source', () => r.replaceSource!(replaceSource, res));
  if (reply && r.reply) await run('reply', () => r.reply!(reply, res));
  if (changedCaseIds.length && r.publish) await run('publish', () => r.publish!(changedCaseIds, res));
}
