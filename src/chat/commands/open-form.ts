// The Log / Promise / Escalate buttons (and `/ar log` etc. without arguments): open the form.
import type { CommandHandler } from '../command.js';
import { logForm } from '../views/log-form.js';
import { promiseForm } from '../views/promise-form.js';
import { escalateForm } from '../views/escalate-form.js';

export const openForm: CommandHandler<'open_form'> = async (ctx, cmd) => {
  const input = { case: cmd.case };
  const form = cmd.form === 'log' ? logForm(input, ctx.locale) : cmd.form === 'promise' ? promiseForm(input, ctx.locale) : escalateForm(input, ctx.locale);
  return { form, changedCaseIds: [] };
};
