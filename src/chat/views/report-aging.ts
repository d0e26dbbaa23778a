// `/ar report aging [by …]`: the aging report (DESIGN.md data formats, `aging`) as a table.
import { BUCKETS, type Bucket } from '../../domain/aging.js';
import { formatDecimal, formatPercent, t, type Locale } from '../i18n.js';
import type { Block, Message } from '../message.js';
import { groupKey, largestGroups, moreRows, reportContext, reportTitle, share, type ReportHeading } from './report-table.js';

export interface AgingCell { amount: string; count: number }

/** The JSON of `duebot report aging --format json` (amounts: decimal strings in major units). */
export interface AgingReportInput extends ReportHeading {
  total: string;
  buckets: Record<Bucket, AgingCell>;
  groups?: { key: string | null; total: string; buckets: Record<Bucket, AgingCell> }[];
}

export function agingReportView(r: AgingReportInput, locale: Locale): Message {
  const plain = (d: string) => formatDecimal(d, r.currency, locale, { symbol: false });
  const blocks: Block[] = [reportContext(r, locale)];
  if (r.groups && r.by) {
    const { shown, hidden } = largestGroups(r.groups, (g) => g.total, r.currency);
    blocks.push({
      type: 'table',
      columns: [t(locale, `by.${r.by}`), t(locale, 'col.total'), ...BUCKETS.map((b) => t(locale, `bucket_short.${b}`))],
      rows: [
        ...shown.map((g) => [groupKey(g.key, locale), plain(g.total), ...BUCKETS.map((b) => plain(g.buckets[b]?.amount ?? '0'))]),
        [t(locale, 'col.total'), plain(r.total), ...BUCKETS.map((b) => plain(r.buckets[b]?.amount ?? '0'))],
      ],
      align: ['left', ...BUCKETS.map(() => 'right' as const), 'right'],
    });
    blocks.push(...moreRows('aging', r, hidden, locale));
  } else {
    const count = BUCKETS.reduce((n, b) => n + (r.buckets[b]?.count ?? 0), 0);
    blocks.push({
      type: 'table',
      columns: [t(locale, 'col.bucket'), t(locale, 'col.amount'), t(locale, 'col.count'), t(locale, 'col.share')],
      rows: [
        ...BUCKETS.map((b) => {
          const cell = r.buckets[b] ?? { amount: '0', count: 0 };
          return [t(locale, `bucket.${b}`), plain(cell.amount), String(cell.count), formatPercent(share(cell.amount, r.total, r.currency), locale)];
        }),
        [t(locale, 'col.total'), plain(r.total), String(count), formatPercent(share(r.total, r.total, r.currency), locale)],
      ],
      align: ['left', 'right', 'right', 'right'],
    });
  }
  const title = reportTitle('aging', r, locale);
  return { title, blocks, summary: `${title}: ${formatDecimal(r.total, r.currency, locale)}` };
}
