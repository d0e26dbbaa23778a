// `/ar report provision [by …]`: bad-debt provision by the aging method (DOMAIN.md, 001) as a table.
import { BUCKETS, type Bucket } from '../../domain/aging.js';
import { formatMinor } from '../../domain/money.js';
import { decimalToMinor, formatDecimal, formatPercent, t, type Locale } from '../i18n.js';
import type { Block, Message } from '../message.js';
import { groupKey, largestGroups, moreRows, reportContext, reportTitle, type ReportHeading } from './report-table.js';

export interface ProvisionCell { balance: string; rate: number; provision: string }

/** The JSON of `duebot report provision --format json`. */
export interface ProvisionReportInput extends ReportHeading {
  total: string;
  buckets: Record<Bucket, ProvisionCell>;
  groups?: { key: string | null; balance: string; provision: string }[];
}

export function provisionReportView(r: ProvisionReportInput, locale: Locale): Message {
  const plain = (d: string) => formatDecimal(d, r.currency, locale, { symbol: false });
  const blocks: Block[] = [reportContext(r, locale)];
  if (r.groups && r.by) {
    const { shown, hidden } = largestGroups(r.groups, (g) => g.provision, r.currency);
    blocks.push({
      type: 'table',
      columns: [t(locale, `by.${r.by}`), t(locale, 'col.balance'), t(locale, 'col.provision')],
      rows: [
        ...shown.map((g) => [groupKey(g.key, locale), plain(g.balance), plain(g.provision)]),
        [t(locale, 'col.total'), plain(balanceTotal(r)), plain(r.total)],
      ],
      align: ['left', 'right', 'right'],
    });
    blocks.push(...moreRows('provision', r, hidden, locale));
  } else {
    blocks.push({
      type: 'table',
      columns: [t(locale, 'col.bucket'), t(locale, 'col.balance'), t(locale, 'col.rate'), t(locale, 'col.provision')],
      rows: [
        ...BUCKETS.map((b) => {
          const c = r.buckets[b] ?? { balance: '0', rate: 0, provision: '0' };
          return [t(locale, `bucket.${b}`), plain(c.balance), formatPercent(c.rate, locale), plain(c.provision)];
        }),
        [t(locale, 'col.total'), plain(balanceTotal(r)), '', plain(r.total)],
      ],
      align: ['left', 'right', 'right', 'right'],
    });
  }
  blocks.push({ type: 'context', text: t(locale, 'report.provision_note') });
  const title = reportTitle('provision', r, locale);
  return { title, blocks, summary: `${title}: ${formatDecimal(r.total, r.currency, locale)}` };
}

/** The balance total is not in the JSON: the sum of the buckets' balances, exactly. */
function balanceTotal(r: ProvisionReportInput): string {
  let sum = 0n;
  for (const b of BUCKETS) sum += decimalToMinor(r.buckets[b]?.balance ?? '0', r.currency) ?? 0n;
  return formatMinor(sum, r.currency);
}
