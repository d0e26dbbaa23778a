// The monthly re-rating post to 'escalations' channels (issue 10; DOMAIN.md "Credit control"; 001:
// 动态评分模型): each customer whose computed grade differs from its current one, with the points
// behind it, and Accept / Keep buttons for those not yet decided; the rating coverage below.
import type { IsoDate } from '../../domain/calendar.js';
import { formatDate, formatPercent, t, type Locale } from '../i18n.js';
import type { Action, Block, Message } from '../message.js';
import { encodeReratingAction } from '../rerating-action.js';
import { customerLabel, fitItems, truncate, type CustomerRef } from './parts.js';

export interface ReratingReviewInput {
  org: number;
  asOf: IsoDate;
  lines: { suggestionId: number; customerId: number; customer: CustomerRef; from: string; to: string;
    points: { late: number; promises: number; overdue: number }; decision: 'accepted' | 'kept' | null; decidedBy: string | null }[];
  more: number;
  coverage: { rated: number; customers: number };
}

export function reratingReviewView(d: ReratingReviewInput, locale: Locale): Message {
  const title = t(locale, 'rerating.title', { date: formatDate(d.asOf, locale) });
  const count = d.lines.length + d.more;
  const blocks: Block[] = [{ type: 'section', text: t(locale, 'rerating.intro', { count }) }];
  const lines = d.lines.map((l) => {
    const line = t(locale, 'rerating.line', { customer: customerLabel(l.customer), from: l.from, to: l.to,
      late: l.points.late, promises: l.points.promises, overdue: l.points.overdue });
    if (l.decision === null) return line;
    return `${line} ${t(locale, `rerating.${l.decision}`, { user: truncate(l.decidedBy ?? '—', 60) })}`;
  });
  const shown = fitItems(lines);
  blocks.push({ type: 'list', items: shown });
  if (d.more > 0 || shown.length < lines.length) blocks.push({ type: 'context', text: t(locale, 'mine.more', { count: d.more + lines.length - shown.length }) });
  const coverage = d.coverage.customers === 0 ? null : d.coverage.rated / d.coverage.customers;
  blocks.push({ type: 'context', text: t(locale, 'rerating.coverage', { coverage: formatPercent(coverage, locale), rated: d.coverage.rated, customers: d.coverage.customers }) });
  const actions: Action[] = d.lines.slice(0, shown.length).filter((l) => l.decision === null).flatMap((l) => {
    const value = encodeReratingAction({ v: 1, org: d.org, customer: l.customerId, suggestion: l.suggestionId });
    const name = l.customer.code.trim() !== '' ? truncate(l.customer.code, 30) : truncate(l.customer.name, 30);
    return [
      { id: 'rerating_accept', label: t(locale, 'action.rerating_accept', { customer: name, grade: l.to }), value, style: 'primary' as const },
      { id: 'rerating_keep', label: t(locale, 'action.rerating_keep', { customer: name, grade: l.from }), value },
    ];
  });
  const summary = t(locale, 'rerating.intro', { count });
  return { title, blocks, ...(actions.length ? { actions } : {}), summary, level: 'orange' };
}
