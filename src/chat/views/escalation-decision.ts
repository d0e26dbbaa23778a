// An escalation request after its decision: the same summary, who decided and why, no buttons.
// A refused approval (the case moved on since the request: paid, closed, changed) says so.
import { t, tr, type Locale } from '../i18n.js';
import type { Block, LevelColour, Message } from '../message.js';
import { escalationSummaryBlocks, escalationTitle, type EscalationSummary } from './escalation-request.js';
import { mention, oneLine, type Person } from './parts.js';

/** Why an approval click was not carried out although the clicker may approve. */
export const APPROVAL_REFUSALS = ['paid_since_request', 'case_closed', 'case_changed', 'already_decided'] as const;
export type ApprovalRefusal = (typeof APPROVAL_REFUSALS)[number];

export type EscalationOutcome =
  | { kind: 'approved'; by: Person; note?: string | null }
  | { kind: 'rejected'; by: Person; note?: string | null }
  | { kind: 'refused'; reason: ApprovalRefusal; by?: Person | null }
  | { kind: 'cancelled'; reason?: ApprovalRefusal | null };

export interface EscalationDecisionInput extends EscalationSummary {
  outcome: EscalationOutcome;
}

const COLOUR: Record<EscalationOutcome['kind'], LevelColour> = { approved: 'green', rejected: 'grey', refused: 'grey', cancelled: 'grey' };

export function escalationDecisionView(input: EscalationDecisionInput, locale: Locale): Message {
  const o = input.outcome;
  const blocks: Block[] = escalationSummaryBlocks(input, locale);
  const kind = t(locale, `escalation.kind.${input.kind}`);
  let statusLine: string;
  switch (o.kind) {
    case 'approved':
    case 'rejected':
      blocks.push({ type: 'section', text: tr(locale, `escalation.${o.kind}_by`, { user: mention(o.by) }) });
      if (o.note) blocks.push({ type: 'section', text: t(locale, 'escalation.note', { note: oneLine(o.note, 1500) }) });
      statusLine = t(locale, `escalation.${o.kind}`, { kind });
      break;
    case 'refused':
      blocks.push({ type: 'section', text: t(locale, 'escalation.refused', { reason: t(locale, `refusal.${o.reason}`) }) });
      if (o.by) blocks.push({ type: 'context', text: tr(locale, 'escalation.refused_click', { user: mention(o.by) }) });
      statusLine = t(locale, 'escalation.refused', { reason: t(locale, `refusal.${o.reason}`) });
      break;
    case 'cancelled':
      statusLine = o.reason ? t(locale, 'escalation.cancelled_because', { reason: t(locale, `refusal.${o.reason}`) }) : t(locale, 'escalation.cancelled');
      blocks.push({ type: 'section', text: statusLine });
      break;
  }
  const title = escalationTitle(input, locale);
  return { title, level: COLOUR[o.kind], blocks, summary: `${title}: ${statusLine}` };
}
