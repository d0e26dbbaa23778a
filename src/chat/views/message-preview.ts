// Issue 11: a message to a customer, before and after Send. The preview shows what would leave —
// recipients, Reply-To, subject, its first lines, the attachments — with the week's contacts against
// the cap and, outside the customer's working hours, when it would go; then Send (a confirm step) and
// Cancel, or, over the cap, "Send over the cap…" (a manager's form with the reason). Customer and
// template text is user text: plain strings, escaped by every renderer.
import { localParts } from '../../domain/calendar.js';
import { encodeMessageAction } from '../message-action.js';
import { formatDate, t, type Locale } from '../i18n.js';
import type { Action, Block, Form, Message } from '../message.js';
import { customerLabel, oneLine, type CustomerRef } from './parts.js';
import type { MessageKind } from '../../domain/message-kinds.js';

export interface MessagePreviewInput {
  id: number; org: number; kind: MessageKind; customer: CustomerRef;
  recipients: string[]; replyTo: string | null; subject: string; firstLines: string[];
  attachments: { filename: string; bytes: number }[];
  contacts: { thisWeek: number; cap: number };
  /** ISO instant of the customer's next working hour, when now is outside them. */
  opensAt: string | null;
}

export const OVERRIDE_FIELDS = { reason: 'reason' } as const;

const kindName = (k: MessageKind, locale: Locale) => t(locale, `message.kind.${k}`);

/** "Nov 23, 2026 09:00" in the org's time zone. */
export function localTime(iso: string, timezone: string, locale: Locale): string {
  const p = localParts(timezone, new Date(iso));
  const hhmm = `${String(Math.floor(p.minutes / 60)).padStart(2, '0')}:${String(p.minutes % 60).padStart(2, '0')}`;
  return `${formatDate(p.date, locale)} ${hhmm}`;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function messagePreviewView(p: MessagePreviewInput, locale: Locale, timezone: string): Message {
  const message = kindName(p.kind, locale);
  const customer = customerLabel(p.customer);
  const recipients = oneLine(p.recipients.join(', '), 300);
  const overCap = p.contacts.thisWeek >= p.contacts.cap;
  const blocks: Block[] = [
    { type: 'fields', fields: [
      { label: t(locale, 'message.field.to'), value: recipients },
      { label: t(locale, 'message.field.reply_to'), value: p.replyTo ? oneLine(p.replyTo, 120) : '—' },
      { label: t(locale, 'message.field.subject'), value: oneLine(p.subject, 200) },
      { label: t(locale, 'message.field.attachments'), value: p.attachments.map((a) => `${oneLine(a.filename, 80)} (${size(a.bytes)})`).join(', ') || '—' },
      { label: t(locale, 'message.field.contacts'), value: t(locale, 'message.contacts_value', { count: p.contacts.thisWeek, cap: p.contacts.cap }) },
    ] },
    { type: 'context', text: t(locale, 'message.first_lines') },
    ...p.firstLines.map((l): Block => ({ type: 'section', text: oneLine(l, 600) })),
  ];
  if (overCap) blocks.push({ type: 'context', text: t(locale, 'message.over_cap', { count: p.contacts.thisWeek, cap: p.contacts.cap }) });
  if (p.opensAt) blocks.push({ type: 'context', text: t(locale, 'message.waits_until', { time: localTime(p.opensAt, timezone, locale) }) });
  blocks.push({ type: 'context', text: t(locale, 'message.preview_note') });
  const value = encodeMessageAction({ v: 1, org: p.org, msg: p.id });
  const send: Action = overCap
    ? { id: 'email_override', label: t(locale, 'button.email_override'), value, style: 'danger' }
    : { id: 'email_send', label: t(locale, 'button.email_send'), value, style: 'primary',
        confirm: { title: t(locale, 'confirm.email_send.title'), text: t(locale, 'confirm.email_send.text', { message, recipients }),
          confirm: t(locale, 'button.email_send'), deny: t(locale, 'confirm.no') } };
  const title = t(locale, 'message.preview.title', { message, customer });
  return {
    title, level: overCap ? 'orange' : 'blue', blocks,
    actions: [send, { id: 'email_cancel', label: t(locale, 'button.email_cancel'), value }],
    summary: title, ephemeral: true,
  };
}

/** A manager's reason to send over the weekly cap (DOMAIN.md "Talking to customers"). */
export function overrideForm(input: { org: number; messageId: number }, locale: Locale): Form {
  return {
    id: 'email_override', title: t(locale, 'form.email_override.title'), submitLabel: t(locale, 'form.email_override.submit'),
    value: encodeMessageAction({ v: 1, org: input.org, msg: input.messageId }),
    fields: [{ name: OVERRIDE_FIELDS.reason, label: t(locale, 'form.email_override.reason'), kind: 'multiline' }],
  };
}

export type MessageReplyInput =
  | { status: 'queued'; kind: MessageKind; customer: CustomerRef; recipients: string[]; notBefore: string | null; overridden: boolean }
  | { status: 'already_queued' | 'cancelled' | 'already_cancelled' | 'cancel_too_late'; kind: MessageKind; customer: CustomerRef };

/** The answer to Send or Cancel; it also replaces the preview, so its buttons are gone. */
export function messageReplyView(r: MessageReplyInput, locale: Locale, timezone: string): Message {
  const message = kindName(r.kind, locale);
  const customer = customerLabel(r.customer);
  let text: string;
  const blocks: Block[] = [];
  if (r.status === 'queued') {
    const recipients = oneLine(r.recipients.join(', '), 300);
    text = r.notBefore ? t(locale, 'message.queued_later', { message, customer, recipients, time: localTime(r.notBefore, timezone, locale) })
      : t(locale, 'message.queued', { message, customer, recipients });
    blocks.push({ type: 'section', text });
    if (r.overridden) blocks.push({ type: 'context', text: t(locale, 'message.override_noted') });
  } else {
    text = t(locale, `message.${r.status}`, { message, customer });
    blocks.push({ type: 'section', text });
  }
  return { blocks, summary: text, level: r.status === 'queued' ? 'green' : 'grey', ephemeral: true };
}

/** To the owner: a send the server refused, which counts for nothing. */
export function messageUndeliveredView(input: { kind: MessageKind; customer: CustomerRef; recipients: string[]; reason: string }, locale: Locale): Message {
  const text = t(locale, 'message.undelivered.text', { message: kindName(input.kind, locale), customer: customerLabel(input.customer),
    recipients: oneLine(input.recipients.join(', '), 300), reason: oneLine(input.reason, 300) });
  const title = t(locale, 'message.undelivered.title');
  return { title, level: 'red', blocks: [{ type: 'section', text }], summary: `${title}: ${text}` };
}
