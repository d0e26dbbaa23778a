// The form behind `/ar promise` with no arguments and the Promise button: a promise to pay.
import { t, type Locale } from '../i18n.js';
import type { Form, Message } from '../message.js';
import { customerField, formTitle, formValue, type FormInput } from './form-parts.js';

export const PROMISE_FIELDS = { customer: 'customer', amount: 'amount', date: 'date', note: 'note' } as const;

export function promiseForm(input: FormInput, locale: Locale): Form {
  return {
    id: 'promise',
    title: formTitle('form.promise.title', input, locale),
    submitLabel: t(locale, 'form.save'),
    value: formValue(input),
    fields: [
      ...customerField(input, locale),
      { name: PROMISE_FIELDS.amount, label: t(locale, 'form.amount'), kind: 'amount', placeholder: '12000.50' },
      { name: PROMISE_FIELDS.date, label: t(locale, 'form.date'), kind: 'date' },
      { name: PROMISE_FIELDS.note, label: t(locale, 'form.note'), kind: 'multiline', optional: true },
    ],
  };
}

export function promiseFormView(input: FormInput, locale: Locale): Message {
  const form = promiseForm(input, locale);
  return { title: form.title, blocks: [], form, summary: form.title, ephemeral: true };
}
