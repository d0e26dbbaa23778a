// What the three forms share: the case they are about (hidden in the form's value) and the
// customer field, shown when the form was opened without a case (`/ar log` with no arguments).
import { encodeAction } from '../action-payload.js';
import { t, type Locale } from '../i18n.js';
import type { FormField } from '../message.js';
import { payloadOf } from './case-actions.js';
import { customerLabel, type CustomerRef } from './parts.js';

export interface FormInput {
  /** Known when opened from a button on a case message. */
  case?: { org: number; caseId: number; version: number; customer: CustomerRef } | null;
}

/** The form's hidden value: the case payload, or '' when the customer is typed in the form. */
export function formValue(input: FormInput): string {
  return input.case ? encodeAction(payloadOf(input.case)) : '';
}

/** The customer field: fixed (and shown) for a known case, free text otherwise. */
export function customerField(input: FormInput, locale: Locale): FormField[] {
  if (input.case) return [];
  return [{ name: 'customer', label: t(locale, 'form.customer'), kind: 'text', placeholder: t(locale, 'form.customer_placeholder') }];
}

export function formTitle(key: 'form.log.title' | 'form.promise.title' | 'form.escalate.title' | 'form.legal.title' | 'form.plan.title', input: FormInput, locale: Locale): string {
  const title = t(locale, key);
  return input.case ? `${title}: ${customerLabel(input.case.customer, 40)}` : title;
}
