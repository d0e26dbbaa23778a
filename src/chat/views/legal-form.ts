// The form behind the "Next legal step" button on a legal case's card: the stage to move to (the
// next by default; stages only move forward), the note, and for closing, the result and the
// amount recovered (src/services/legal/move-legal-stage.ts checks it all again).
import { t, type Locale } from '../i18n.js';
import type { Form, Message } from '../message.js';
import type { LegalStage } from '../../store/schema.js';
import { formTitle, formValue, type FormInput } from './form-parts.js';

export const LEGAL_FIELDS = { stage: 'stage', note: 'note', amount: 'amount' } as const;

/** The form's stage values: a stage, or closing with its result. */
export const CLOSE_RECOVERED = 'closed:recovered';
export const CLOSE_UNCOLLECTABLE = 'closed:uncollectable';

export function legalForm(input: FormInput & { stages: readonly LegalStage[] }, locale: Locale): Form {
  const open = input.stages.filter((s) => s !== 'closed');
  const options = [
    ...open.map((s) => ({ value: s, label: t(locale, `legal.stage.${s}`) })),
    { value: CLOSE_RECOVERED, label: t(locale, 'form.legal.close_recovered') },
    { value: CLOSE_UNCOLLECTABLE, label: t(locale, 'form.legal.close_uncollectable') },
  ];
  return {
    id: 'legal',
    title: formTitle('form.legal.title', input, locale),
    submitLabel: t(locale, 'form.save'),
    value: formValue(input),
    fields: [
      { name: LEGAL_FIELDS.stage, label: t(locale, 'form.legal.stage'), kind: 'select', options, initial: options[0]!.value },
      { name: LEGAL_FIELDS.note, label: t(locale, 'form.text'), kind: 'multiline' },
      { name: LEGAL_FIELDS.amount, label: t(locale, 'form.legal.recovered'), kind: 'amount', optional: true },
    ],
  };
}

export function legalFormView(input: FormInput & { stages: readonly LegalStage[] }, locale: Locale): Message {
  const form = legalForm(input, locale);
  return { title: form.title, blocks: [], form, summary: form.title, ephemeral: true };
}
