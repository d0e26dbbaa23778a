// One line in a case's thread for each thing that happened (DESIGN.md: "Case thread"), from a
// case_events row. People are named, not mentioned: a thread line should not ping the person
// who just did the thing.
import { isMessageKind } from '../../domain/message-kinds.js';
import type { Message } from '../message.js';
import { formatAmount, formatDate, hasKey, t, type Locale, type MessageKey } from '../i18n.js';
import { oneLine } from './parts.js';
import { CASE_EVENTS, isCaseEventType } from '../../domain/case-events.js';
import { isMethod, isOutcome } from '../../domain/collection-records.js';

export interface CaseEventInput {
  type: string;
  actor: { id: number; name: string } | null;
  customer: { code: string; name: string };
  currency: string;
  payload: Record<string, unknown>;
}


const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function amountOf(v: unknown, currency: string, locale: Locale): string {
  try {
    return v === undefined || v === null ? '' : formatAmount(BigInt(str(v)), currency, locale);
  } catch {
    return '';
  }
}

export function caseEventView(e: CaseEventInput, locale: Locale): Message {
  const p = e.payload;
  const method = str(p.method);
  const outcome = str(p.outcome);
  const date = str(p.date ?? p.until ?? p.promisedOn ?? p.firstOn);
  const every = str(p.every);
  const decision = str(p.decision);
  const values = {
    actor: e.actor ? oneLine(e.actor.name, 80) : 'duebot',
    owner: oneLine(str((p.owner as { name?: unknown } | undefined)?.name), 80),
    method: isMethod(method) ? t(locale, `method.${method}`) : oneLine(method, 40),
    outcome: isOutcome(outcome) ? t(locale, 'event.outcome', { outcome: t(locale, `outcome.${outcome}`) }) : '',
    body: oneLine(str(p.body ?? p.text), 300),
    amount: amountOf(p.amountMinor, e.currency, locale),
    date: date ? formatDate(date, locale) : '',
    invoice: oneLine(str(p.invoiceNumber ?? p.invoice), 60),
    reason: oneLine(str(p.reason), 300),
    decision: t(locale, decision === 'approve' || decision === 'approved' ? 'event.decision.approved' : 'event.decision.rejected'),
    kind: t(locale, `escalation.kind.${str(p.kind) === 'writeoff' ? 'writeoff' : 'legal'}`),
    type: oneLine(e.type, 60),
    // An instalment plan (plan.made).
    count: oneLine(str(p.instalments), 4),
    every: every === 'week' || every === 'month' ? t(locale, `plan.every.${every}`) : '',
    last: p.lastOn ? formatDate(str(p.lastOn), locale) : '',
    // Issue 11: a message to a customer (email.sent / email.undelivered).
    message: isMessageKind(p.messageKind) ? t(locale, `message.kind.${p.messageKind}`) : '',
    recipients: oneLine(Array.isArray(p.recipients) ? p.recipients.map(str).join(', ') : str(p.recipients), 200),
  };
  const key = `event.${e.type}`;
  // Which events have a thread line: CASE_EVENTS (src/domain/case-events.ts); anything else gets the generic one.
  const known = isCaseEventType(e.type) && CASE_EVENTS[e.type].thread && hasKey(key);
  // Every event line takes a subset of these values; unused ones are ignored.
  const fill = t as (locale: Locale, key: MessageKey, params: Record<string, string>) => string;
  const text = fill(locale, known ? key as MessageKey : 'event.other', values);
  return { blocks: [{ type: 'section', text }], summary: text };
}
