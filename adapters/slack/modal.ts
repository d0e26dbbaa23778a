// Form → Block Kit modal, and a submitted modal → form values (validated before Slack closes it).
// `private_metadata` carries what the submission needs back: the form's hidden value, the channel
// to answer in, the language it was opened in and each field's kind, so validation needs no lookup
// (a view_submission says nothing of the person's language: issue 8, no guessing from the labels).
import type { types as SlackTypes } from '@slack/bolt';
import { isIsoDate } from '../../src/domain/calendar.js';
import { parseAmount } from '../../src/chat/grammar.js';
import type { Form, FormField, Locale } from '../../src/chat/message.js';
import { isLocale } from '../../src/domain/locale.js';
import { LIMITS } from './block-kit-limits.js';
import { hasKey, t } from '../../src/chat/i18n.js';
import { fit, mrkdwn, mrkdwnText, plainText } from './mrkdwn.js';

export const FORM_CALLBACK_PREFIX = 'form:';
const ACTION_ID = 'value';

interface ModalMetadata {
  /** The form's hidden value (an encoded ActionPayload or similar). */
  v: string;
  /** Channel to answer in ('' when opened outside a channel, e.g. the App Home tab). */
  c: string;
  /** Thread to answer in, when the form was opened from a message in a thread. */
  t?: string;
  /** The language the form was opened in (field errors are answered in it). */
  l?: Locale;
  /** Field name → kind, with a trailing '?' when optional. */
  k?: Record<string, string>;
}

function element(f: FormField): SlackTypes.InputBlockElement {
  const placeholder = f.placeholder ? { placeholder: plainText(f.placeholder, LIMITS.placeholder) } : {};
  switch (f.kind) {
    case 'multiline':
    case 'text':
      return {
        type: 'plain_text_input', action_id: ACTION_ID, multiline: f.kind === 'multiline', max_length: LIMITS.plainTextInput,
        ...(f.initial ? { initial_value: f.initial.slice(0, LIMITS.plainTextInput) } : {}), ...placeholder,
      };
    case 'amount':
      return { type: 'number_input', action_id: ACTION_ID, is_decimal_allowed: true,
        ...(f.initial && parseAmount(f.initial) ? { initial_value: parseAmount(f.initial)! } : {}), ...placeholder };
    case 'date':
      return { type: 'datepicker', action_id: ACTION_ID, ...(f.initial && isIsoDate(f.initial) ? { initial_date: f.initial } : {}), ...placeholder };
    case 'select': {
      const options = (f.options ?? []).slice(0, LIMITS.selectOptions)
        .filter((o) => o.value.length <= LIMITS.optionValue)
        .map((o) => ({ text: plainText(o.label, LIMITS.optionText), value: o.value }));
      const initial = options.find((o) => o.value === f.initial);
      return { type: 'static_select', action_id: ACTION_ID, options, ...(initial ? { initial_option: initial } : {}), ...placeholder };
    }
  }
}

/** Where a modal's submission is answered, and in which language. */
export interface ModalPlace { channelId?: string; threadId?: string; locale?: Locale }

/** A modal for views.open. `channelId`/`threadId`: where the answer to the submission goes. */
export function renderModal(form: Form, opts: ModalPlace = {}): SlackTypes.ModalView {
  const meta: ModalMetadata = { v: form.value, c: opts.channelId ?? '', ...(opts.threadId ? { t: opts.threadId } : {}),
    ...(opts.locale ? { l: opts.locale } : {}) };
  const kinds = Object.fromEntries(form.fields.map((f) => [f.name, `${f.kind}${f.optional ? '?' : ''}`]));
  let privateMetadata = JSON.stringify({ ...meta, k: kinds });
  // The kinds are a convenience: without them the element types still tell amount and date apart.
  if (privateMetadata.length > LIMITS.privateMetadata) privateMetadata = JSON.stringify(meta);
  if (privateMetadata.length > LIMITS.privateMetadata) throw new RangeError(`form ${form.id}: value too long for private_metadata`);
  // A modal's title holds 24 characters ("Log a contact: Shanghai…"): when it is cut, the first
  // block says it in full, so the form still names its customer.
  const title = form.title.replace(/\s+/g, ' ').trim();
  const heading: SlackTypes.SectionBlock[] = title.length > LIMITS.modalTitle
    ? [{ type: 'section', text: mrkdwnText(fit(mrkdwn([{ text: title, bold: true }]), LIMITS.sectionText)) }]
    : [];
  return {
    type: 'modal',
    callback_id: `${FORM_CALLBACK_PREFIX}${form.id}`.slice(0, 255),
    title: plainText(form.title, LIMITS.modalTitle),
    submit: plainText(form.submitLabel, LIMITS.modalSubmit),
    private_metadata: privateMetadata,
    blocks: [...heading, ...form.fields.slice(0, LIMITS.viewBlocks - heading.length).map((f): SlackTypes.InputBlock => ({
      type: 'input',
      block_id: f.name.slice(0, 255),
      label: plainText(f.label, LIMITS.inputLabel),
      optional: Boolean(f.optional),
      element: element(f),
    }))],
  };
}

export interface ModalSubmission {
  /** The form's id ('log', 'promise', 'escalate'). */
  formId: string;
  value: string;
  channelId: string;
  threadId?: string;
  /** The language the form was opened in (the fallback when it did not say: an older modal). */
  locale: Locale;
  /** Field name → value (amounts normalised: "12,000.50" → "12000.50"). */
  values: Record<string, string>;
  /** Field name (= block_id) → what is wrong, for `response_action: 'errors'`. Empty: valid. */
  errors: Record<string, string>;
}

interface StateValue { type?: string; value?: string | null; selected_date?: string | null; selected_option?: { value?: string } | null }
export interface SubmittedView {
  callback_id?: string;
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, StateValue>> };
}

function parseMeta(s: string | undefined): ModalMetadata {
  try {
    const m = JSON.parse(s ?? '') as Partial<ModalMetadata>;
    return { v: typeof m.v === 'string' ? m.v : '', c: typeof m.c === 'string' ? m.c : '',
      ...(typeof m.t === 'string' ? { t: m.t } : {}), ...(isLocale(m.l) ? { l: m.l } : {}),
      ...(m.k && typeof m.k === 'object' ? { k: m.k } : {}) };
  } catch {
    return { v: '', c: '' };
  }
}

const KIND_OF_ELEMENT: Record<string, string> = { number_input: 'amount', datepicker: 'date', static_select: 'select' };

const argumentLabel = (name: string, locale: Locale): string => {
  const key = `arg.${name}`;
  return hasKey(key) ? t(locale, key as 'arg.text') : name;
};

/** Reads a view_submission: values by field name, and per-field errors in the form's language (else `fallback`). */
export function readSubmission(view: SubmittedView, fallback: Locale): ModalSubmission {
  const meta = parseMeta(view.private_metadata);
  const locale = meta.l ?? fallback;
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const blocks = view.state?.values ?? {};
  const names = new Set([...Object.keys(meta.k ?? {}), ...Object.keys(blocks)]);
  for (const name of names) {
    const state = blocks[name]?.[ACTION_ID] ?? Object.values(blocks[name] ?? {})[0];
    const declared = meta.k?.[name];
    const optional = declared ? declared.endsWith('?') : true;
    const kind = declared?.replace(/\?$/, '') ?? KIND_OF_ELEMENT[state?.type ?? ''] ?? 'text';
    const raw = (state?.selected_option?.value ?? state?.selected_date ?? state?.value ?? '').trim();
    if (raw === '') {
      if (!optional) errors[name] = t(locale, 'usage.missing_argument', { argument: argumentLabel(name, locale) });
      continue;
    }
    if (kind === 'amount') {
      const amount = parseAmount(raw);
      if (amount === null) errors[name] = t(locale, 'usage.expect.amount');
      else values[name] = amount;
    } else if (kind === 'date') {
      if (!isIsoDate(raw)) errors[name] = t(locale, 'usage.expect.date');
      else values[name] = raw;
    } else {
      values[name] = raw;
    }
  }
  const formId = (view.callback_id ?? '').startsWith(FORM_CALLBACK_PREFIX) ? view.callback_id!.slice(FORM_CALLBACK_PREFIX.length) : '';
  return { formId, value: meta.v, channelId: meta.c, ...(meta.t ? { threadId: meta.t } : {}), locale, values, errors };
}
