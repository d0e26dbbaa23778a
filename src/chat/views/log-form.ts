// The form behind `/ar log` with no arguments and the Log button: a collection record.
import { METHODS, OUTCOMES } from '../grammar.js';
import { t, type Locale } from '../i18n.js';
import type { Form, Message } from '../message.js';
import { customerField, formTitle, formValue, type FormInput } from './form-parts.js';

/** Field names of the submitted values (ButtonRequest.formValues). */
export const LOG_FIELDS = { customer: 'customer', method: 'method', outcome: 'outcome', text: 'text', nextActionOn: 'next_action_on' } as const;

export function logForm(input: FormInput, locale: Locale): Form {
  return {
    id: 'log',
    title: formTitle('form.log.title', input, locale),
    submitLabel: t(locale, 'form.save'),
    value: formValue(input),
    fields: [
      ...customerField(input, locale),
      { name: LOG_FIELDS.method, label: t(locale, 'form.method'), kind: 'select', options: METHODS.map((m) => ({ value: m, label: t(locale, `method.${m}`) })) },
      { name: LOG_FIELDS.outcome, label: t(locale, 'form.outcome'), kind: 'select', optional: true, options: OUTCOMES.map((o) => ({ value: o, label: t(locale, `outcome.${o}`) })) },
      { name: LOG_FIELDS.text, label: t(locale, 'form.text'), kind: 'multiline', placeholder: t(locale, 'form.text_placeholder') },
      { name: LOG_FIELDS.nextActionOn, label: t(locale, 'form.next_action'), kind: 'date', optional: true },
    ],
  };
}

export function logFormView(input: FormInput, locale: Locale): Message {
  const form = logForm(input, locale);
  return { title: form.title, blocks: [], form, summary: form.title, ephemeral: true };
}
