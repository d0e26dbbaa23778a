// The kinds of customer message (DOMAIN.md "Talking to customers": pre-due courtesy reminder,
// reminder, statement of account, final notice) and the fields each template may name. A template
// is checked against this list before it is stored (template-check.ts).

import { isMessageKind, MESSAGE_KINDS, type MessageKind } from '../../domain/message-kinds.js';

export const TEMPLATE_KINDS = MESSAGE_KINDS;
export type TemplateKind = MessageKind;
export const isTemplateKind = isMessageKind;

/** Letters are every kind but the statement (`duebot letter --template <kind>`). */
export const LETTER_KINDS = ['courtesy', 'reminder', 'final_notice'] as const satisfies readonly TemplateKind[];

import { LOCALES } from '../../domain/locale.js';
export const TEMPLATE_LOCALES = LOCALES;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];
export const isTemplateLocale = (s: string): s is TemplateLocale => (TEMPLATE_LOCALES as readonly string[]).includes(s);

/** A field is a value, or a list whose items have their own fields (a mustache section loops over it). */
export type FieldSpec = 'value' | { list: Record<string, 'value'> };

const INVOICE_ITEM = { number: 'value', issued_on: 'value', due_on: 'value', days_overdue: 'value', amount: 'value', balance: 'value' } as const;

/** Fields every kind knows. */
const COMMON: Record<string, FieldSpec> = {
  org_name: 'value', customer_name: 'value', customer_code: 'value', contact_name: 'value', date: 'value',
  currency: 'value', owner_name: 'value', owner_email: 'value', remittance: 'value',
  total_open: 'value', total_overdue: 'value', invoice_count: 'value',
  invoices: { list: INVOICE_ITEM },
};

export const TEMPLATE_FIELDS: Record<TemplateKind, Record<string, FieldSpec>> = {
  courtesy: { ...COMMON, total_due_soon: 'value', first_due_on: 'value' },
  reminder: { ...COMMON, max_days_overdue: 'value' },
  final_notice: { ...COMMON, max_days_overdue: 'value', deadline: 'value' },
  statement: {
    ...COMMON, since: 'value', total_paid_since: 'value',
    payments: { list: { paid_on: 'value', invoice_number: 'value', amount: 'value', reference: 'value' } },
    aging: { list: { bucket: 'value', amount: 'value', count: 'value' } },
  },
};
