// The daily copy of the audit chain's head in the escalations channel (issue 9, item 10): the
// record count and the head hash as of a date, and the command that checks the chain against it.
import type { IsoDate } from '../../domain/calendar.js';
import { formatDate, t, type Locale } from '../i18n.js';
import type { Message } from '../message.js';

export interface ChainHeadInput { slug: string; records: string; hash: string; asOf: IsoDate }

export function chainHeadView(d: ChainHeadInput, locale: Locale): Message {
  const records = d.records;
  return {
    title: t(locale, 'chain_head.title', { date: formatDate(d.asOf, locale) }),
    level: 'grey',
    blocks: [
      { type: 'fields', fields: [
        { label: t(locale, 'chain_head.records'), value: records },
        { label: t(locale, 'chain_head.hash'), value: d.hash },
      ] },
      { type: 'context', text: t(locale, 'chain_head.verify', { command: `duebot audit verify --org ${d.slug} --against ${d.hash}` }) },
    ],
    summary: t(locale, 'chain_head.summary', { records, hash: d.hash.slice(0, 12) }),
  };
}
