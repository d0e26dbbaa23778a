// The monthly write-off review posted to 'escalations' channels (issue 10; 001: 超过180天全额计提并
// 转入核销程序): per customer, its open invoices over 180 days overdue, with a Propose write-off
// button that proposes them for a manager's approval.
import type { IsoDate } from '../../domain/calendar.js';
import { formatAmount, formatDate, t, type Locale } from '../i18n.js';
import type { Action, Block, Message } from '../message.js';
import { namedCaseAction } from './case-actions.js';
import { customerLabel, fitItems, type CustomerRef } from './parts.js';

export interface WriteoffReviewInput {
  org: number;
  asOf: IsoDate;
  currency: string;
  customers: { caseId: number; caseVersion: number; customer: CustomerRef; invoices: number; balanceMinor: bigint; oldestDays: number; proposed: number }[];
  more: number;
  totalMinor: bigint;
}

export function writeoffReviewView(d: WriteoffReviewInput, locale: Locale): Message {
  const money = (m: bigint) => formatAmount(m, d.currency, locale);
  const title = t(locale, 'writeoff_review.title', { date: formatDate(d.asOf, locale) });
  const blocks: Block[] = [];
  if (d.customers.length === 0) {
    blocks.push({ type: 'section', text: t(locale, 'writeoff_review.none') });
    return { title, blocks, summary: `${title}: ${t(locale, 'writeoff_review.none')}`, level: 'green' };
  }
  const count = d.customers.length + d.more;
  blocks.push({ type: 'section', text: t(locale, 'writeoff_review.intro', { count, amount: money(d.totalMinor) }) });
  const lines = d.customers.map((c) => {
    const line = t(locale, 'writeoff_review.line', { customer: customerLabel(c.customer), count: c.invoices, amount: money(c.balanceMinor), days: c.oldestDays });
    return c.proposed > 0 ? `${line} ${t(locale, 'writeoff_review.proposed', { count: c.proposed })}` : line;
  });
  const shown = fitItems(lines);
  blocks.push({ type: 'list', items: shown });
  if (d.more > 0 || shown.length < lines.length) blocks.push({ type: 'context', text: t(locale, 'mine.more', { count: d.more + lines.length - shown.length }) });
  const actions: Action[] = d.customers.slice(0, shown.length).map((c) =>
    namedCaseAction('writeoff_review', { org: d.org, caseId: c.caseId, version: c.caseVersion }, c.customer, locale));
  const summary = t(locale, 'writeoff_review.intro', { count, amount: money(d.totalMinor) });
  return { title, blocks, actions, summary, level: 'red' };
}
