// `/ar mine`: the asker's open cases, worst first, one short line each.
import { levelRank, type Level } from '../../domain/aging.js';
import type { IsoDate } from '../../domain/calendar.js';
import { formatAmount, formatDate, formatDays, t, type Locale } from '../i18n.js';
import type { Block, Message, Rich } from '../message.js';
import { namedCaseAction } from './case-actions.js';
import { customerLabel, fitItems, levelMark, type CustomerRef } from './parts.js';

export interface MyCase {
  caseId: number;
  version: number;
  customer: CustomerRef;
  level: Level | null;
  overdueMinor: bigint;
  maxDaysOverdue: number;
  nextActionOn?: IsoDate | null;
  /** The nearest pending promise date. */
  promiseOn?: IsoDate | null;
}

export interface MyCasesInput {
  org: number;
  currency: string;
  cases: MyCase[];
}

const LINES_SHOWN = 20;
/** Buttons only for the worst few: one "Open" each, the card has the rest. */
const BUTTONS_SHOWN = 5;

/** Worst first: level, then days overdue, then amount. */
export function worstFirst<T extends { level: Level | null; maxDaysOverdue: number; overdueMinor: bigint }>(cases: readonly T[]): T[] {
  return [...cases].sort((a, b) => levelRank(b.level) - levelRank(a.level) || b.maxDaysOverdue - a.maxDaysOverdue
    || (b.overdueMinor > a.overdueMinor ? 1 : b.overdueMinor < a.overdueMinor ? -1 : 0));
}

export function myCasesView(input: MyCasesInput, locale: Locale): Message {
  const title = t(locale, 'mine.title');
  if (input.cases.length === 0) {
    return { title, blocks: [{ type: 'section', text: t(locale, 'mine.empty') }], summary: t(locale, 'mine.empty'), ephemeral: true };
  }
  const cases = worstFirst(input.cases);
  const total = cases.reduce((s, c) => s + c.overdueMinor, 0n);
  const lines: Rich[] = cases.slice(0, LINES_SHOWN).map((c) => {
    const parts = [
      `${levelMark(c.level)} ${customerLabel(c.customer, 40)}`,
      formatAmount(c.overdueMinor, input.currency, locale),
      formatDays(c.maxDaysOverdue, locale),
    ];
    if (c.promiseOn) parts.push(t(locale, 'mine.promise_on', { date: formatDate(c.promiseOn, locale) }));
    else if (c.nextActionOn) parts.push(t(locale, 'mine.next_on', { date: formatDate(c.nextActionOn, locale) }));
    return parts.join(' · ');
  });
  const shown = fitItems(lines);
  const blocks: Block[] = [
    { type: 'section', text: t(locale, 'mine.total', { count: cases.length, amount: formatAmount(total, input.currency, locale) }) },
    { type: 'list', items: shown },
  ];
  if (cases.length > shown.length) blocks.push({ type: 'context', text: t(locale, 'mine.more', { count: cases.length - shown.length }) });
  const actions = cases.slice(0, Math.min(BUTTONS_SHOWN, shown.length)).map((c) =>
    namedCaseAction('case', { org: input.org, caseId: c.caseId, version: c.version }, c.customer, locale));
  return {
    title,
    blocks,
    actions,
    summary: t(locale, 'mine.total', { count: cases.length, amount: formatAmount(total, input.currency, locale) }),
    ephemeral: true,
  };
}
