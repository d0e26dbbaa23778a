// The daily overdue digest (DESIGN.md "Messages the bot posts"): totals, levels, what changed,
// the worst cases with owner and buttons. Built for any size of ledger: the worst `limit` cases
// are listed and the rest is one "+N more" line, so the message stays inside Block Kit's limits.
import type { Level } from '../../domain/aging.js';
import type { IsoDate } from '../../domain/calendar.js';
import { formatAmount, formatDate, formatDays, t, tr, type Locale } from '../i18n.js';
import type { Action, Block, Field, Message, Rich } from '../message.js';
import { namedCaseAction } from './case-actions.js';
import { bold, customerLabel, fitItems, join, levelMark, ownerInline, type CustomerRef, type Person } from './parts.js';

export interface CountAmount { count: number; amountMinor: bigint }

export interface DigestCase {
  caseId: number;
  version: number;
  customer: CustomerRef;
  level: Level | null;
  overdueMinor: bigint;
  maxDaysOverdue: number;
  owner: Person | null;
  /** Credit-control flags of the customer (DOMAIN.md "Credit control"), when any is raised. */
  credit?: { overLimit: boolean; gradeD: boolean; hold: boolean };
}

export interface DigestInput {
  org: number;
  asOf: IsoDate;
  currency: string;
  /** The subscription's filter, when the channel gets a part of the ledger. */
  scope?: { region?: string | null; product?: string | null };
  overdue: { amountMinor: bigint; customers: number; invoices: number };
  /** Open cases by level; `none` is 1–30 days overdue (no colour yet). */
  levels: { red: CountAmount; orange: CountAmount; yellow: CountAmount; none?: CountAmount };
  newSinceYesterday: CountAmount;
  promisesDueToday: CountAmount;
  promisesBroken: CountAmount;
  unclaimedReds: CountAmount;
  /** Worst first (the service's order); may hold more than are shown. */
  worst: DigestCase[];
  /** All overdue cases in scope, for the "+N more" line. */
  totalCases: number;
  /** How many cases to list (default 15). */
  limit?: number;
}

export const DIGEST_DEFAULT_LIMIT = 15;

/** Short credit tags for a digest line: on hold, over the limit, grade D. */
function creditTags(c: NonNullable<DigestCase['credit']>, locale: Locale): string {
  const tags: string[] = [];
  if (c.hold) tags.push(t(locale, 'credit.tag.hold'));
  if (c.overLimit) tags.push(t(locale, 'credit.tag.over_limit'));
  if (c.gradeD) tags.push(t(locale, 'credit.tag.grade_d'));
  return tags.join(' ');
}

export function digestView(input: DigestInput, locale: Locale): Message {
  const money = (m: bigint) => formatAmount(m, input.currency, locale);
  const countAmount = (c: CountAmount) => t(locale, 'digest.count_amount', { count: c.count, amount: money(c.amountMinor) });
  const title = t(locale, 'digest.title', { date: formatDate(input.asOf, locale) });
  const blocks: Block[] = [];

  const scope: string[] = [];
  if (input.scope?.region) scope.push(t(locale, 'scope.region', { region: input.scope.region }));
  if (input.scope?.product) scope.push(t(locale, 'scope.product', { product: input.scope.product }));
  if (scope.length) blocks.push({ type: 'context', text: scope.join(' · ') });

  if (input.overdue.customers === 0 || input.totalCases === 0) {
    blocks.push({ type: 'section', text: t(locale, 'digest.none') });
    return { title, level: 'green', blocks, summary: `${title}: ${t(locale, 'digest.none')}` };
  }

  blocks.push({
    type: 'section',
    text: tr(locale, 'digest.total', {
      amount: bold(money(input.overdue.amountMinor)), customers: input.overdue.customers, invoices: input.overdue.invoices,
    }),
  });
  const levelFields: Field[] = [
    { label: t(locale, 'level.red'), value: countAmount(input.levels.red) },
    { label: t(locale, 'level.orange'), value: countAmount(input.levels.orange) },
    { label: t(locale, 'level.yellow'), value: countAmount(input.levels.yellow) },
  ];
  if (input.levels.none) levelFields.push({ label: t(locale, 'level.none'), value: countAmount(input.levels.none) });
  blocks.push({ type: 'fields', fields: levelFields });
  blocks.push({
    type: 'fields',
    fields: [
      { label: t(locale, 'digest.new'), value: countAmount(input.newSinceYesterday) },
      { label: t(locale, 'digest.promises_due'), value: countAmount(input.promisesDueToday) },
      { label: t(locale, 'digest.promises_broken'), value: countAmount(input.promisesBroken) },
      { label: t(locale, 'digest.unclaimed_reds'), value: countAmount(input.unclaimedReds) },
    ],
  });

  const limit = Math.max(0, Math.min(input.limit ?? DIGEST_DEFAULT_LIMIT, 25));
  const lines: Rich[] = input.worst.slice(0, limit).map((c) => join([
    `${levelMark(c.level)} ${customerLabel(c.customer)}`,
    money(c.overdueMinor),
    formatDays(c.maxDaysOverdue, locale),
    [ownerInline(c.owner, locale)],
    ...(c.credit ? [creditTags(c.credit, locale)] : []),
  ]));
  const shown = fitItems(lines);
  const actions: Action[] = input.worst.slice(0, shown.length).map((c) => namedCaseAction(
    c.owner ? 'case' : 'claim', { org: input.org, caseId: c.caseId, version: c.version }, c.customer, locale));

  if (shown.length) {
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', text: [bold(t(locale, 'digest.worst'))] });
    blocks.push({ type: 'list', items: shown });
  }
  const more = Math.max(0, input.totalCases - shown.length);
  if (more > 0) blocks.push({ type: 'context', text: t(locale, 'digest.more', { count: more }) });

  const worstLevel: Level | null = input.levels.red.count > 0 ? 'red' : input.levels.orange.count > 0 ? 'orange'
    : input.levels.yellow.count > 0 ? 'yellow' : null;
  return {
    title,
    level: worstLevel ?? 'blue',
    blocks,
    ...(actions.length ? { actions } : {}),
    summary: t(locale, 'digest.summary', { amount: money(input.overdue.amountMinor), customers: input.overdue.customers }),
  };
}
