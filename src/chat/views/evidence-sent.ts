// The message that comes with the evidence file (issue 12): what it is, how many records, its
// SHA-256 (also in the audit log), and how the chain head on its last page is checked.
import { t, type Locale } from '../i18n.js';
import type { Message } from '../message.js';
import { customerLabel, type CustomerRef } from './parts.js';

export interface EvidenceSentInput { customer: CustomerRef; records: number; sha256: string; chainHead: { seq: string; hash: string } | null }

export function evidenceSentView(e: EvidenceSentInput, locale: Locale): Message {
  const text = t(locale, 'evidence.sent', { customer: customerLabel(e.customer), n: e.records });
  return {
    title: t(locale, 'evidence.title'),
    blocks: [
      { type: 'section', text },
      { type: 'context', text: t(locale, 'evidence.hash', { hash: e.sha256 }) },
      ...(e.chainHead ? [{ type: 'context' as const, text: t(locale, 'evidence.head', { seq: e.chainHead.seq, hash: e.chainHead.hash }) }] : []),
    ],
    summary: text,
    level: 'blue',
  };
}
