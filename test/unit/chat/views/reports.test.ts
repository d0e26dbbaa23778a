import { describe, expect, it } from 'vitest';
import { agingReportView, type AgingReportInput } from '../../../../src/chat/views/report-aging.js';
import { provisionReportView, type ProvisionReportInput } from '../../../../src/chat/views/report-provision.js';
import { kpiReportView } from '../../../../src/chat/views/report-kpi.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import { checkMessage, plain } from './message-checks.js';

const buckets = {
  not_due: { amount: '1000.00', count: 2 }, d1_30: { amount: '500.00', count: 1 }, d31_60: { amount: '250.00', count: 1 },
  d61_90: { amount: '0.00', count: 0 }, d91_180: { amount: '250.00', count: 1 }, d180_plus: { amount: '1000000.00', count: 3 },
};
const aging: AgingReportInput = { org: 'acme', asOf: '2026-11-23', currency: 'CNY', total: '1002000.00', buckets };

describe('aging report view', () => {
  it.each(LOCALES)('is a table of buckets with amount, count and share (%s)', (locale) => {
    const m = agingReportView(aging, locale);
    checkMessage(m);
    const table = m.blocks.find((b) => b.type === 'table');
    expect(table?.type).toBe('table');
    if (table?.type !== 'table') return;
    expect(table.rows).toHaveLength(7);
    expect(table.rows[5]).toEqual([locale === 'en-US' ? 'Over 180 days' : '180天以上', '1,000,000.00', '3', '99.8%']);
    expect(table.rows[6]!.slice(1)).toEqual(['1,002,000.00', '8', '100%']);
  });

  it('cuts grouped reports to 25 rows, largest first, and points to the CLI for the rest', () => {
    const groups = Array.from({ length: 300 }, (_, i) => ({ key: `Customer ${i}`, total: `${i}.00`, buckets }));
    const m = agingReportView({ ...aging, by: 'customer', groups: [{ key: null, total: '5000.00', buckets }, ...groups] }, 'en-US');
    checkMessage(m);
    const table = m.blocks.find((b) => b.type === 'table');
    if (table?.type !== 'table') throw new Error('no table');
    expect(table.columns).toEqual(['Customer', 'Total', 'Not due', '1–30', '31–60', '61–90', '91–180', '>180']);
    expect(table.rows).toHaveLength(26);
    expect(table.rows[0]![0]).toBe('—');
    expect(table.rows[1]![0]).toBe('Customer 299');
    expect(plain(m)).toContain('+276 more rows: duebot report aging --org acme --by customer --format csv');
    expect(m.title).toBe('Aging · Nov 23, 2026 · by Customer');
  });
});

describe('provision report view', () => {
  const provision: ProvisionReportInput = {
    org: 'acme', asOf: '2026-11-23', currency: 'CNY', total: '1000037.50',
    buckets: {
      not_due: { balance: '1000.00', rate: 0, provision: '0.00' }, d1_30: { balance: '500.00', rate: 0.02, provision: '10.00' },
      d31_60: { balance: '250.00', rate: 0.15, provision: '37.50' }, d61_90: { balance: '0.00', rate: 0.15, provision: '0.00' },
      d91_180: { balance: '250.00', rate: 0.5, provision: '125.00' }, d180_plus: { balance: '1000000.00', rate: 1, provision: '1000000.00' },
    },
  };
  it.each(LOCALES)('shows balance, rate and provision per bucket with totals (%s)', (locale) => {
    const m = provisionReportView(provision, locale);
    checkMessage(m);
    const table = m.blocks.find((b) => b.type === 'table');
    if (table?.type !== 'table') throw new Error('no table');
    expect(table.rows[2]!.slice(1)).toEqual(['250.00', '15%', '37.50']);
    expect(table.rows[6]!.slice(1)).toEqual(['1,002,000.00', '', '1,000,037.50']);
  });
  it('groups by region', () => {
    const m = provisionReportView({ ...provision, by: 'region', groups: [{ key: 'East', balance: '2000.00', provision: '40.00' }, { key: 'South', balance: '5.00', provision: '900.00' }] }, 'zh-CN');
    const table = m.blocks.find((b) => b.type === 'table');
    if (table?.type !== 'table') throw new Error('no table');
    expect(table.columns).toEqual(['区域', '余额', '准备金']);
    expect(table.rows.map((r) => r[0])).toEqual(['South', 'East', '合计']);
  });
});

describe('kpi report view', () => {
  it.each(LOCALES)('shows every KPI, with a dash where it cannot be computed (%s)', (locale) => {
    const m = kpiReportView({ org: 'acme', asOf: '2026-11-23', currency: 'CNY', periodDays: 90, arBalance: '1234567.80', overdueBalance: '234567.80',
      dso: 47.25, cei: 82.5, recoveryRate: 0.6532, badDebtRate: 0.012, promiseKeptRate: null,
      ratingCoverage: 0.9231, collectionCycleDays: 12.34, timeToClaimHours: null }, locale);
    checkMessage(m);
    const table = m.blocks.find((b) => b.type === 'table');
    if (table?.type !== 'table') throw new Error('no table');
    expect(table.rows.map((r) => r[1])).toEqual([
      locale === 'en-US' ? 'CNY 1,234,567.80' : '¥1,234,567.80', locale === 'en-US' ? 'CNY 234,567.80' : '¥234,567.80',
      locale === 'en-US' ? '47.3 days' : '47.3天', '82.5%', '65.3%', '1.2%', '—',
      '92.3%', locale === 'en-US' ? '12.3 days' : '12.3天', '—',
    ]);
    expect(plain(m)).toContain(locale === 'en-US' ? 'Over the last 90 days.' : '最近 90 天');
  });
});
