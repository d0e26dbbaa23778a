// `duebot report agencies`: the agency report as JSON (decimal strings), CSV or a table, zh-CN or en-US.
import { formatMinor, displayMinor } from '../../domain/money.js';
import { csv } from '../reports/render-report.js';
import { textTable } from '../reports/text-table.js';
import type { ReportFormat, ReportLocale } from '../reports/index.js';
import type { AgencyReport } from './agencies.js';

const LABELS = {
  'zh-CN': { title: '委外机构', agency: '机构', share: '佣金比例', cases: '案件', open: '在办', recovered: '回收', fee: '佣金', total: '合计', asOf: '截至' },
  'en-US': { title: 'Collection agencies', agency: 'Agency', share: 'Fee share', cases: 'Cases', open: 'Open', recovered: 'Recovered', fee: 'Fee', total: 'Total', asOf: 'as of' },
} as const;

function percent(share: string): string {
  // '0.1250' → '12.5%': exact, from the stored decimal.
  const [i, f = ''] = share.split('.');
  const hundredths = Number(i) * 10_000 + Number(f.padEnd(4, '0'));
  return `${(hundredths / 100).toString()}%`;
}

export function renderAgencyReport(r: AgencyReport, format: ReportFormat, locale: ReportLocale): string {
  const money = (m: bigint) => formatMinor(m, r.currency);
  switch (format) {
    case 'json':
      return JSON.stringify({
        org: r.org, asOf: r.asOf, currency: r.currency, recovered: money(r.recoveredMinor), fee: money(r.feeMinor),
        agencies: r.agencies.map((a) => ({ agency: a.agency, feeShare: a.feeShare, cases: a.cases, openCases: a.openCases,
          recovered: money(a.recoveredMinor), fee: money(a.feeMinor) })),
      });
    case 'csv':
      return csv([['agency', 'fee_share', 'cases', 'open_cases', 'recovered', 'fee'],
        ...r.agencies.map((a) => [a.agency, a.feeShare, a.cases, a.openCases, money(a.recoveredMinor), money(a.feeMinor)]),
        ['total', '', r.agencies.reduce((s, a) => s + a.cases, 0), r.agencies.reduce((s, a) => s + a.openCases, 0),
          money(r.recoveredMinor), money(r.feeMinor)]]);
    case 'table': {
      const l = LABELS[locale];
      const show = (m: bigint) => displayMinor(m, r.currency);
      const rows = r.agencies.map((a) => [a.agency, percent(a.feeShare), String(a.cases), String(a.openCases), show(a.recoveredMinor), show(a.feeMinor)]);
      rows.push([l.total, '', String(r.agencies.reduce((s, a) => s + a.cases, 0)), String(r.agencies.reduce((s, a) => s + a.openCases, 0)),
        show(r.recoveredMinor), show(r.feeMinor)]);
      return `${l.title} · ${r.org} · ${l.asOf} ${r.asOf} · ${r.currency}\n` +
        textTable([l.agency, l.share, l.cases, l.open, l.recovered, l.fee], rows,
          ['left', 'right', 'right', 'right', 'right', 'right'], [rows.length - 1]);
    }
  }
}
