// The form behind `/ar plan` with no arguments: an instalment plan (issue 10), n instalments of an
// amount from a first date, every week or month.
import { PLAN_EVERY } from '../../domain/promise-allocation.js';
import { t, type Locale } from '../i18n.js';
import type { Form } from '../message.js';
import { customerField, formTitle, formValue, type FormInput } from './form-parts.js';

export const PLAN_FIELDS = { customer: 'customer', instalments: 'instalments', amount: 'amount', firstOn: 'first_on', every: 'every', note: 'note' } as const;

export function planForm(input: FormInput, locale: Locale): Form {
  return {
    id: 'plan',
    title: formTitle('form.plan.title', input, locale),
    submitLabel: t(locale, 'form.save'),
    value: formValue(input),
    fields: [
      ...customerField(input, locale),
      { name: PLAN_FIELDS.instalments, label: t(locale, 'form.plan.instalments'), kind: 'text', placeholder: '3' },
      { name: PLAN_FIELDS.amount, label: t(locale, 'form.plan.amount'), kind: 'amount', placeholder: '5000' },
      { name: PLAN_FIELDS.firstOn, label: t(locale, 'form.plan.first_on'), kind: 'date' },
      { name: PLAN_FIELDS.every, label: t(locale, 'form.plan.every'), kind: 'select', initial: 'month',
        options: PLAN_EVERY.map((e) => ({ value: e, label: t(locale, `plan.every.${e}`) })) },
      { name: PLAN_FIELDS.note, label: t(locale, 'form.note'), kind: 'multiline', optional: true },
    ],
  };
}
