// The form behind `/ar escalate` with no arguments and the Escalate button: a request for legal
// escalation. The override reason is for managers going ahead with evidence missing (DOMAIN.md).
import { t, type Locale } from '../i18n.js';
import type { Form, Message } from '../message.js';
import { customerField, formTitle, formValue, type FormInput } from './form-parts.js';

export const ESCALATE_FIELDS = { customer: 'customer', reason: 'reason', overrideReason: 'override_reason' } as const;

export function escalateForm(input: FormInput, locale: Locale): Form {
  return {
    id: 'escalate',
    title: formTitle('form.escalate.title', input, locale),
    submitLabel: t(locale, 'form.request'),
    value: formValue(input),
    fields: [
      ...customerField(input, locale),
      { name: ESCALATE_FIELDS.reason, label: t(locale, 'form.reason'), kind: 'multiline' },
      { name: ESCALATE_FIELDS.overrideReason, label: t(locale, 'form.override'), kind: 'multiline', optional: true },
    ],
  };
}

export function escalateFormView(input: FormInput, locale: Locale): Message {
  const form = escalateForm(input, locale);
  return { title: form.title, blocks: [], form, summary: form.title, ephemeral: true };
}
