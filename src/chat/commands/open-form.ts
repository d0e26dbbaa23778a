// The Log / Promise / Escalate / Next legal step buttons (and `/ar log`, `/ar plan` etc. without arguments): open the form.
import type { CommandHandler } from '../command.js';
import { logForm } from '../views/log-form.js';
import { promiseForm } from '../views/promise-form.js';
import { escalateForm } from '../views/escalate-form.js';
import { legalForm } from '../views/legal-form.js';
import { legalStagesAhead } from '../../services/legal/case-legal.js';
import { DuebotError } from '../../errors.js';
import { planForm } from '../views/plan-form.js';

export const openForm: CommandHandler<'open_form'> = async (ctx, cmd) => {
  const input = { case: cmd.case };
  if (cmd.form === 'legal') {
    // Only from a legal case's card: the stages still ahead of it.
    if (!cmd.case) throw new DuebotError('invalid', 'the legal form is opened from a case card');
    return { form: legalForm({ ...input, stages: await legalStagesAhead(ctx.db, ctx.actor.orgId, cmd.case.caseId) }, ctx.locale), changedCaseIds: [] };
  }
  const form = cmd.form === 'log' ? logForm(input, ctx.locale) : cmd.form === 'promise' ? promiseForm(input, ctx.locale)
    : cmd.form === 'plan' ? planForm(input, ctx.locale) : escalateForm(input, ctx.locale);
  return { form, changedCaseIds: [] };
};
