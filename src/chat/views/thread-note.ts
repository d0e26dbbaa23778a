// A note the jobs post in a case's alert thread: paid in full, promise broken, released for
// lack of records, an instalment plan fully paid. Input shaped like the jobs' ThreadNote (jobs/views.ts), structurally.
import type { Level } from '../../domain/aging.js';
import type { IsoDate } from '../../domain/calendar.js';
import { formatAmount, formatDate, t, type Locale } from '../i18n.js';
import type { Message } from '../message.js';
import { customerLabel, levelName, type CustomerRef, type Person } from './parts.js';

export interface ThreadNoteInput {
  type: 'paid' | 'promise_broken' | 'released' | 'level_lowered' | 'plan_completed';
  org: number;
  customer: CustomerRef;
  levels?: { from: Level | null; to: Level | null };
  promise?: { amountMinor: bigint; currency: string; promisedOn: IsoDate };
  owner?: Person | null;
}

export function threadNoteView(n: ThreadNoteInput, locale: Locale): Message {
  const customer = customerLabel(n.customer);
  let text: string;
  switch (n.type) {
    case 'paid':
      text = t(locale, 'thread.paid', { customer });
      break;
    case 'promise_broken':
      text = n.promise
        ? t(locale, 'thread.promise_broken', { customer, amount: formatAmount(n.promise.amountMinor, n.promise.currency, locale), date: formatDate(n.promise.promisedOn, locale) })
        : t(locale, 'thread.promise_broken_plain', { customer });
      break;
    case 'released':
      text = t(locale, 'thread.released', { customer });
      break;
    case 'plan_completed':
      text = t(locale, 'thread.plan_completed', { customer });
      break;
    case 'level_lowered':
      text = t(locale, 'thread.level_lowered', { customer, from: levelName(n.levels?.from ?? null, locale), to: levelName(n.levels?.to ?? null, locale) });
      break;
  }
  return { blocks: [{ type: 'section', text }], summary: text, level: n.type === 'paid' || n.type === 'plan_completed' ? 'green' : n.type === 'level_lowered' ? (n.levels?.to ?? 'green') : 'orange' };
}
