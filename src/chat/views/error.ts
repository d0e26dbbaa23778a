// A refusal or error for the person who asked: what went wrong, by code (src/errors.ts), in
// their language, with a reference that is also in the log. Never the internal message.
import type { Missing } from '../../domain/escalation-rule.js';
import type { ErrorCode } from '../../errors.js';
import { hasKey, t, type Locale } from '../i18n.js';
import type { Block, Message } from '../message.js';
import { missingLine } from './missing.js';
import { customerLabel, oneLine, type CustomerRef } from './parts.js';

export interface ErrorInput {
  /** A DuebotError code, or 'internal' for anything unexpected. */
  code: ErrorCode | 'internal';
  /** A short reference also written to the log. */
  ref?: string | null;
  /** What the person named (a customer or invoice as typed), for not_found / ambiguous. */
  subject?: string | null;
  /** ambiguous: the candidates. */
  matches?: CustomerRef[];
  /** evidence_missing: what the case lacks. */
  missing?: Missing[];
  /** The refusal's reason (DuebotError detail.reason): said precisely when the catalogue has `error.reason.<reason>`. */
  reason?: string | null;
}

const MATCHES_SHOWN = 10;

export function errorView(input: ErrorInput, locale: Locale): Message {
  const subject = input.subject ? oneLine(input.subject, 80) : null;
  let text: string;
  if (input.code === 'not_found' && subject) text = t(locale, 'error.not_found_subject', { subject });
  else if (input.code === 'ambiguous' && subject) text = t(locale, 'error.ambiguous_subject', { subject });
  else if (input.reason && hasKey(`error.reason.${input.reason}`)) text = t(locale, `error.reason.${input.reason}` as never);
  else text = t(locale, `error.${input.code}`);
  const blocks: Block[] = [{ type: 'section', text }];
  if (input.code === 'ambiguous' && input.matches?.length) {
    blocks.push({ type: 'list', items: input.matches.slice(0, MATCHES_SHOWN).map((m) => customerLabel(m)) });
    if (input.matches.length > MATCHES_SHOWN) {
      blocks.push({ type: 'context', text: t(locale, 'error.more_matches', { count: input.matches.length - MATCHES_SHOWN }) });
    }
  }
  if (input.missing?.length) blocks.push({ type: 'list', items: input.missing.map((m) => missingLine(m, locale)) });
  if (input.ref) blocks.push({ type: 'context', text: t(locale, 'error.ref', { ref: input.ref }) });
  return {
    level: input.code === 'internal' ? 'red' : 'orange',
    blocks,
    summary: text,
    ephemeral: true,
    ...(input.ref ? { errorRef: input.ref } : {}),
  };
}
