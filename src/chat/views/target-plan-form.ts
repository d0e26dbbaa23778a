// The remediation plan of a flagged target (issue 10; DOMAIN.md "Targets"; 001: 提交整改方案并限期跟进):
// who (a person of the org, the asker by default), what, by when.
import { t, type Locale } from '../i18n.js';
import type { Form } from '../message.js';
import { encodeTargetFlagAction } from '../target-flag-action.js';
import type { Person } from './parts.js';

export const TARGET_PLAN_FIELDS = { owner: 'owner', action: 'action', dueOn: 'due_on' } as const;

/** Slack's static select takes at most 100 options. */
export const PLAN_OWNERS_LISTED = 100;

export interface TargetPlanFormInput { org: number; flagId: number; scope: string; people: Person[]; asker: number; suggestedDue: string }

export function targetPlanForm(input: TargetPlanFormInput, locale: Locale): Form {
  const people = input.people.slice(0, PLAN_OWNERS_LISTED);
  return {
    id: 'target_plan',
    title: t(locale, 'form.target_plan.title'),
    submitLabel: t(locale, 'form.save'),
    value: encodeTargetFlagAction({ v: 1, org: input.org, flag: input.flagId }),
    fields: [
      { name: TARGET_PLAN_FIELDS.owner, label: t(locale, 'form.target_plan.owner'), kind: 'select',
        ...(people.some((p) => p.id === input.asker) ? { initial: String(input.asker) } : {}),
        options: people.map((p) => ({ value: String(p.id), label: p.name.slice(0, 75) })) },
      { name: TARGET_PLAN_FIELDS.action, label: t(locale, 'form.target_plan.action', { scope: input.scope.slice(0, 80) }), kind: 'multiline' },
      { name: TARGET_PLAN_FIELDS.dueOn, label: t(locale, 'form.target_plan.due_on'), kind: 'date', initial: input.suggestedDue },
    ],
  };
}
