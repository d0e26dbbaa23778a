import { describe, expect, it } from 'vitest';
import { csvCell, renderReport } from '../../../../src/services/reports/render-report.js';
import type { AgingLine, AgingReport, KpiReport, ProvisionReport } from '../../../../src/services/reports/types.js';

const line = (amountMinor: bigint, count: number): AgingLine => ({ amountMinor, count });

const aging: AgingReport = {
  kind: 'aging', org: 'tokyo', asOf: '2026-01-31', currency: 'JPY', totalMinor: 1234567n, count: 3,
  buckets: { not_due: line(1000000n, 1), d1_30: line(0n, 0), d31_60: line(234567n, 2), d61_90: line(0n, 0), d91_180: line(0n, 0), d180_plus: line(0n, 0) },
  by: 'customer',
  groups: [{ key: 'K1, "Ltd"', label: '東京商事', totalMinor: 1234567n, count: 3,
    buckets: { not_due: line(1000000n, 1), d1_30: line(0n, 0), d31_60: line(234567n, 2), d61_90: line(0n, 0), d91_180: line(0n, 0), d180_plus: line(0n, 0) } }],
};

describe('renderReport', () => {
  it('prints JSON keys in the documented order with amounts in the currency minor digits (JPY: none)', () => {
    const text = renderReport(aging, { format: 'json', locale: 'en-US' });
    expect(text).toBe('{"org":"tokyo","asOf":"2026-01-31","currency":"JPY","total":"1234567","buckets":{'
      + '"not_due":{"amount":"1000000","count":1},"d1_30":{"amount":"0","count":0},"d31_60":{"amount":"234567","count":2},'
      + '"d61_90":{"amount":"0","count":0},"d91_180":{"amount":"0","count":0},"d180_plus":{"amount":"0","count":0}},'
      + '"groups":[{"key":"K1, \\"Ltd\\"","total":"1234567","buckets":{"not_due":{"amount":"1000000","count":1},'
      + '"d1_30":{"amount":"0","count":0},"d31_60":{"amount":"234567","count":2},"d61_90":{"amount":"0","count":0},'
      + '"d91_180":{"amount":"0","count":0},"d180_plus":{"amount":"0","count":0}}}]}');
  });

  it('leaves groups out of the JSON when the report is not grouped', () => {
    const { by: _by, groups: _groups, ...plain } = aging;
    expect(Object.keys(JSON.parse(renderReport(plain, { format: 'json', locale: 'en-US' })))).toEqual(['org', 'asOf', 'currency', 'total', 'buckets']);
  });

  it('quotes CSV cells holding commas or quotes', () => {
    const csv = renderReport(aging, { format: 'csv', locale: 'en-US' });
    expect(csv).toContain('"K1, ""Ltd""",d31_60,234567,2\n');
  });

  it('neutralises CSV cells a spreadsheet would run as a formula, and leaves negative numbers alone (issue 9, 8)', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell('+cmd|\' /C calc\'!A0')).toBe('"\'+cmd|\' /C calc\'!A0"');
    expect(csvCell('-2+3')).toBe('"\'-2+3"');
    expect(csvCell('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvCell('\t=1')).toBe('"\'\t=1"');
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('a=b')).toBe('a=b');
    const hostile: AgingReport = { ...aging, groups: [{ ...aging.groups![0]!, key: '=1+1' }] };
    const csv = renderReport(hostile, { format: 'csv', locale: 'en-US' });
    expect(csv).toContain('"\'=1+1",d31_60,234567,2\n');
    expect(csv.split('\n').some((l) => /^[=+\-@]/.test(l))).toBe(false);
  });

  it('shows the customer name beside its code in tables and groups thousands', () => {
    const text = renderReport(aging, { format: 'table', locale: 'zh-CN' });
    expect(text).toContain('K1, "Ltd" 東京商事  1,234,567');
  });

  it('prints provision rates as numbers in JSON and as percentages in tables', () => {
    const p: ProvisionReport = {
      kind: 'provision', org: 'acme', asOf: '2026-01-31', currency: 'CNY', balanceMinor: 10000n, totalMinor: 1950n,
      buckets: {
        not_due: { balanceMinor: 0n, rate: 0, provisionMinor: 0n }, d1_30: { balanceMinor: 0n, rate: 0.02, provisionMinor: 0n },
        d31_60: { balanceMinor: 10000n, rate: 0.195, provisionMinor: 1950n }, d61_90: { balanceMinor: 0n, rate: 0.15, provisionMinor: 0n },
        d91_180: { balanceMinor: 0n, rate: 0.5, provisionMinor: 0n }, d180_plus: { balanceMinor: 0n, rate: 1, provisionMinor: 0n },
      },
    };
    expect(JSON.parse(renderReport(p, { format: 'json', locale: 'en-US' })).buckets.d31_60).toEqual({ balance: '100.00', rate: 0.195, provision: '19.50' });
    expect(renderReport(p, { format: 'table', locale: 'en-US' })).toMatch(/31–60 days\s+100\.00\s+19\.5%\s+19\.50/);
  });

  it('shows a dash for a KPI without a denominator, null in JSON and an empty CSV cell', () => {
    const k: KpiReport = {
      kind: 'kpi', org: 'acme', asOf: '2026-01-31', currency: 'CNY', periodDays: 30, arBalanceMinor: 0n, overdueBalanceMinor: 0n,
      dso: null, cei: null, recoveryRate: null, badDebtRate: null, promiseKeptRate: 1, ratingCoverage: 0.5, collectionCycleDays: null, timeToClaimHours: 12.5,
    };
    expect(renderReport(k, { format: 'table', locale: 'en-US' })).toMatch(/Recovery rate\s+—\n/);
    expect(renderReport(k, { format: 'table', locale: 'zh-CN' })).toMatch(/承诺兑现率\s+100%\n/);
    expect(JSON.parse(renderReport(k, { format: 'json', locale: 'en-US' })).dso).toBeNull();
    expect(renderReport(k, { format: 'csv', locale: 'en-US' }).split('\n')[1]).toBe('acme,2026-01-31,CNY,30,0.00,0.00,,,,,1,0.5,,12.5');
    expect(renderReport(k, { format: 'table', locale: 'en-US' })).toMatch(/Time to claim a red case \(median\)\s+12\.5 h\n/);
  });
});
