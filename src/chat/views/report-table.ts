// What the report views share: the heading, the group rows cut to a size chat can show, and the
// pointer to the full report on the CLI.
import type { GroupBy, ReportKind } from '../grammar.js';
import { decimalToMinor, formatDate, t, type Locale } from '../i18n.js';
import type { Block } from '../message.js';

/** Rows a chat table shows; the CLI has the full report (`--format csv`). */
export const REPORT_ROWS_SHOWN = 25;

export interface ReportHeading { org: string; asOf: string; currency: string; by?: GroupBy | null }

export function reportTitle(kind: ReportKind, r: ReportHeading, locale: Locale): string {
  const base = t(locale, 'report.title', { report: t(locale, `report.${kind}`), date: formatDate(r.asOf, locale) });
  return r.by ? `${base} · ${t(locale, 'report.by', { by: t(locale, `by.${r.by}`) })}` : base;
}

export function reportContext(r: ReportHeading, locale: Locale): Block {
  return { type: 'context', text: t(locale, 'report.context', { org: r.org, currency: r.currency }) };
}

/** The largest groups first (by a decimal amount), cut to REPORT_ROWS_SHOWN. */
export function largestGroups<G>(groups: readonly G[], amount: (g: G) => string, currency: string): { shown: G[]; hidden: number } {
  const minor = (g: G) => decimalToMinor(amount(g), currency) ?? 0n;
  const sorted = [...groups].sort((a, b) => {
    const d = minor(b) - minor(a);
    return d > 0n ? 1 : d < 0n ? -1 : 0;
  });
  return { shown: sorted.slice(0, REPORT_ROWS_SHOWN), hidden: Math.max(0, sorted.length - REPORT_ROWS_SHOWN) };
}

export function moreRows(kind: ReportKind, r: ReportHeading, hidden: number, locale: Locale): Block[] {
  if (hidden <= 0) return [];
  return [{ type: 'context', text: t(locale, 'report.more', { count: hidden, report: kind, by: r.by ?? 'customer', org: r.org }) }];
}

/** A group key for people: empty means "none set". */
export function groupKey(key: string | null, locale: Locale): string {
  return key === null || key === '' ? t(locale, 'value.none') : key.replace(/\s+/g, ' ').slice(0, 60);
}

/** Share of `part` in `whole` (decimal strings), as a ratio; null when whole is zero. */
export function share(part: string, whole: string, currency: string): number | null {
  const p = decimalToMinor(part, currency);
  const w = decimalToMinor(whole, currency);
  if (p === null || w === null || w === 0n) return null;
  return Number((p * 1_000_000n) / w) / 1_000_000;
}
