// The acceptance test of the reports: every expected figure below was worked out by hand from the
// ledger in ledger-fixture.ts (the table at its top), not with the code under test.
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { AS_OF, seedLedger, type Ledger } from './ledger-fixture.js';
import { agingReport, kpiReport, provisionReport, renderReport } from '../../../src/services/reports/index.js';
import { displayWidth } from '../../../src/domain/display-width.js';
import { bucketOf } from '../../../src/domain/aging.js';
import { addDays } from '../../../src/domain/calendar.js';
import { dateIn } from '../../../src/domain/calendar.js';
import { DuebotError } from '../../../src/errors.js';

const t = testDatabase();
let ledger: Ledger;
beforeAll(async () => { ledger = await seedLedger(t.db); });

const json = (r: Parameters<typeof renderReport>[0]) => renderReport(r, { format: 'json', locale: 'en-US' });

describe('aging report', () => {
  it('sums open balances as of the date per bucket: partial and later payments, written-off, disputed and not-yet-issued invoices', async () => {
    const r = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF });
    // not_due I01 1000000 + I02 300000 + I16 120000 + I17 150000; d1_30 I03 1234525 + I04 500000 + I13 400000 + I18 90000;
    // d31_60 I05 600000 + I12 1000100 + I19 50010; d61_90 I06 150000 + I20 50000; d91_180 I07 300001 + I15 333333;
    // d180_plus I08 400000 (disputed) + I14 200000 + I21 60000 (written off after the date).
    expect(json(r)).toBe(JSON.stringify({
      org: 'acme', asOf: '2026-06-30', currency: 'CNY', total: '69379.69',
      buckets: {
        not_due: { amount: '15700.00', count: 4 }, d1_30: { amount: '22245.25', count: 4 }, d31_60: { amount: '16501.10', count: 3 },
        d61_90: { amount: '2000.00', count: 2 }, d91_180: { amount: '6333.34', count: 2 }, d180_plus: { amount: '6600.00', count: 3 },
      },
    }));
    expect(r.count).toBe(18);
  });

  it('groups by customer code, largest first, with every bucket key', async () => {
    const r = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'customer' });
    const j = JSON.parse(json(r));
    expect(j.total).toBe('69379.69');
    expect(j.groups).toEqual([
      { key: 'C1', total: '44845.26', buckets: {
        not_due: { amount: '13000.00', count: 2 }, d1_30: { amount: '17345.25', count: 2 }, d31_60: { amount: '6000.00', count: 1 },
        d61_90: { amount: '1500.00', count: 1 }, d91_180: { amount: '3000.01', count: 1 }, d180_plus: { amount: '4000.00', count: 1 } } },
      { key: 'C2', total: '20534.33', buckets: {
        not_due: { amount: '1200.00', count: 1 }, d1_30: { amount: '4000.00', count: 1 }, d31_60: { amount: '10001.00', count: 1 },
        d61_90: { amount: '0.00', count: 0 }, d91_180: { amount: '3333.33', count: 1 }, d180_plus: { amount: '2000.00', count: 1 } } },
      { key: 'C3', total: '4000.10', buckets: {
        not_due: { amount: '1500.00', count: 1 }, d1_30: { amount: '900.00', count: 1 }, d31_60: { amount: '500.10', count: 1 },
        d61_90: { amount: '500.00', count: 1 }, d91_180: { amount: '0.00', count: 0 }, d180_plus: { amount: '600.00', count: 1 } } },
    ]);
    expect(Object.keys(j)).toEqual(['org', 'asOf', 'currency', 'total', 'buckets', 'groups']);
    expect(Object.keys(j.groups[0])).toEqual(['key', 'total', 'buckets']);
  });

  it('groups by invoice region, an empty or missing region as (none)', async () => {
    const r = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'region' });
    expect(JSON.parse(json(r)).groups.map((g: { key: string; total: string }) => [g.key, g.total])).toEqual([
      ['east', '38845.26'], ['north', '19334.33'], ['south', '6000.00'], ['(none)', '5200.10'],
    ]);
    expect(r.groups!.map((g) => g.count)).toEqual([7, 4, 1, 6]);
  });

  it('groups by product line', async () => {
    const r = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'product' });
    expect(r.groups!.map((g) => [g.key, g.totalMinor, g.count])).toEqual([
      ['steel', 3384526n, 6], ['pipe', 1550100n, 3], ['cable', 1260000n, 4], ['valve', 573333n, 3], ['(none)', 170010n, 2],
    ]);
  });

  it('groups by the customer owner, unowned customers as (unassigned)', async () => {
    const r = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'owner' });
    expect(r.groups!.map((g) => [g.key, g.totalMinor])).toEqual([
      ['alice@acme.test', 4484526n], ['bob@acme.test', 2053433n], ['(unassigned)', 400010n],
    ]);
  });

  it('reports another currency separately with --currency', async () => {
    const r = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, currency: 'USD' });
    const j = JSON.parse(json(r));
    expect(j.currency).toBe('USD');
    expect(j.total).toBe('1000.00');
    expect(j.buckets.d1_30).toEqual({ amount: '1000.00', count: 1 });
    expect(j.buckets.not_due).toEqual({ amount: '0.00', count: 0 });
  });

  it('counts a payment dated on the as-of day and ignores one dated the day after', async () => {
    // I13: 06-30 payment counts (400000 left); I18: paid 07-02, still fully open on 06-30; on 07-02 it is gone.
    const r = await agingReport(t.db, { orgId: ledger.orgId, asOf: '2026-07-02', by: 'customer' });
    const c3 = r.groups!.find((g) => g.key === 'C3')!;
    // As of 07-02: I17 not due (150000); I19 53 days (50010); I20 78 days (50000); I21 213 days (60000).
    expect(c3.totalMinor).toBe(310010n);
    expect(c3.count).toBe(4);
  });

  it('defaults the as-of date to today in the org time zone', async () => {
    const r = await agingReport(t.db, { orgId: ledger.orgId });
    expect(r.asOf).toBe(dateIn('Asia/Shanghai'));
  });

  it('refuses a malformed date, currency or grouping with an invalid error', async () => {
    await expect(agingReport(t.db, { orgId: ledger.orgId, asOf: '2026-02-30' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(agingReport(t.db, { orgId: ledger.orgId, currency: 'US' })).rejects.toBeInstanceOf(DuebotError);
    await expect(agingReport(t.db, { orgId: ledger.orgId, by: 'color' as never })).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('provision report', () => {
  it('applies base rates per bucket, the 30% uplift for a high-risk industry and half-up rounding per invoice', async () => {
    const r = await provisionReport(t.db, { orgId: ledger.orgId, asOf: AS_OF });
    // d1_30: I03 1234525 × 2% = 24690.5 → 24691; I04 10000; I13 (Construction) 400000 × 2.6% = 10400; I18 1800 → 46891.
    // d31_60: I05 90000; I12 (Construction) 1000100 × 19.5% = 195019.5 → 195020; I19 50010 × 15% = 7501.5 → 7502 → 292522
    //   (rounding the bucket sum instead of each line would give 292521).
    // d61_90: 22500 + 7500. d91_180: I07 300001 × 50% = 150000.5 → 150001; I15 333333 × 65% = 216666.45 → 216666 → 366667.
    // d180_plus: 400000 + I14 200000 × min(130%, 100%) + 60000 = 660000. Total 1396080.
    expect(json(r)).toBe(JSON.stringify({
      org: 'acme', asOf: '2026-06-30', currency: 'CNY', total: '13960.80',
      buckets: {
        not_due: { balance: '15700.00', rate: 0, provision: '0.00' },
        d1_30: { balance: '22245.25', rate: 0.02, provision: '468.91' },
        d31_60: { balance: '16501.10', rate: 0.15, provision: '2925.22' },
        d61_90: { balance: '2000.00', rate: 0.15, provision: '300.00' },
        d91_180: { balance: '6333.34', rate: 0.5, provision: '3666.67' },
        d180_plus: { balance: '6600.00', rate: 1, provision: '6600.00' },
      },
    }));
  });

  it('groups provision by owner and by customer', async () => {
    const byOwner = await provisionReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'owner' });
    expect(JSON.parse(json(byOwner)).groups).toEqual([
      { key: 'alice@acme.test', balance: '44845.26', provision: '6971.92' },
      { key: 'bob@acme.test', balance: '20534.33', provision: '6220.86' },
      { key: '(unassigned)', balance: '4000.10', provision: '768.02' },
    ]);
    const byCustomer = await provisionReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'customer' });
    expect(byCustomer.groups!.map((g) => [g.key, g.provisionMinor])).toEqual([['C1', 697192n], ['C2', 622086n], ['C3', 76802n]]);
  });

  it('provisions the other currency on its own', async () => {
    const r = await provisionReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, currency: 'usd' });
    expect(r.currency).toBe('USD');
    expect(r.totalMinor).toBe(2000n);   // U01 100000 × 2%
  });
});

describe('KPI report', () => {
  it('computes AR, overdue balance, DSO, CEI, recovery, bad-debt and promise-kept rates over 90 days', async () => {
    const r = await kpiReport(t.db, { orgId: ledger.orgId, asOf: AS_OF });
    // Period (2026-04-01, 2026-06-30]. Credit sales: I01 I02 I03 I04 I13 I16 I17 I18 = 4394525.
    // DSO = 6937969 × 90 / 4394525 = 142.089… → 142.08 (kpi.ts truncates to cents of a day).
    // Opening AR (04-01): I05 600000 I06 250000 I07 300001 I08 400000 I10 800000 I11 450000 I12 1000100
    //   I14 200000 I15 333333 I19 50010 I20 50000 I21 60000 = 4493444.
    // CEI = (4493444 + 4394525 − 6937969) / (4493444 + 4394525 − 1570000) = 1950000 / 7317969 = 26.6467 % → 26.65.
    // Recovery: opening overdue I07 I08 I10 I14 I15 I21 = 2093334; newly due (due 04-01…06-29) I03 I04 I05 I06 I11
    //   I12 I13 I18 I19 I20 = 5024635; collected in the period on them: I04 300000 + I06 100000 + I11 450000
    //   + I13 100000 = 950000 → 950000 / 7117969 = 0.13346… → 0.1335.
    // Bad debt: I10 written off 05-15 with 800000 left → 800000 / 4394525 = 0.18204… → 0.182.
    // Promises judged from the ledger (all made 01-01, 100.00 each): C1's payment of 04-20 (100000) fills them all,
    // earliest first, on 04-20: 03-15 is broken (04-20 > 03-18), the others kept. Those whose date + 3 days falls in
    // (04-01, 06-30]: 05-10, 06-01, 06-15, 06-20, all kept → 4/4 → 1 (03-15 and 07-05 fall outside).
    expect(json(r)).toBe(JSON.stringify({
      org: 'acme', asOf: '2026-06-30', currency: 'CNY', periodDays: 90, arBalance: '69379.69', overdueBalance: '53679.69',
      dso: 142.08, cei: 26.65, recoveryRate: 0.1335, badDebtRate: 0.182, promiseKeptRate: 1,
      // Issue 10: no grade confirmed in the last 90 days of C1, C2, C3 (each with an invoice this year) → 0; fully paid in the
      // period: I11 only (due 04-09, paid 04-25) → 16 days; no red alert → no time to claim.
      ratingCoverage: 0, collectionCycleDays: 16, timeToClaimHours: null,
    }));
  });

  it('gives null ratios when a period has nothing to divide by', async () => {
    const r = await kpiReport(t.db, { orgId: ledger.orgId, asOf: '2024-01-31', periodDays: 30 });
    expect(JSON.parse(json(r))).toEqual({
      org: 'acme', asOf: '2024-01-31', currency: 'CNY', periodDays: 30, arBalance: '0.00', overdueBalance: '0.00',
      dso: null, cei: null, recoveryRate: null, badDebtRate: null, promiseKeptRate: null,
      ratingCoverage: null, collectionCycleDays: null, timeToClaimHours: null,
    });
  });

  it('refuses a period that is not a whole number of days', async () => {
    await expect(kpiReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, periodDays: 0 })).rejects.toMatchObject({ code: 'invalid' });
    await expect(kpiReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, periodDays: 1.5 })).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('bucket boundaries', () => {
  it('puts an invoice in the same bucket as bucketOf for the days around every boundary', async () => {
    const org = await t.db.insertInto('orgs').values({ slug: 'edges', name: 'Edges' }).returning('id').executeTakeFirstOrThrow();
    const c = await t.db.insertInto('customers').values({ org_id: org.id, code: 'E', name: 'Edge', credit_grade: 'A',
      credit_limit_minor: 0n, payment_terms_days: 0 }).returning('id').executeTakeFirstOrThrow();
    const days = [-1, 0, 1, 30, 31, 60, 61, 90, 91, 180, 181, 400];
    await t.db.insertInto('invoices').values(days.map((d) => ({
      org_id: org.id, customer_id: c.id, number: `E${d}`, product_line: null, region: null, currency: 'CNY',
      // The amount encodes the days so each bucket's sum names its invoices.
      amount_minor: BigInt(2 ** days.indexOf(d)), issued_on: '2025-01-01', due_on: addDays(AS_OF, -d), disputed_reason: null, written_off_on: null,
    }))).execute();
    const r = await agingReport(t.db, { orgId: org.id, asOf: AS_OF });
    const expected: Record<string, bigint> = {};
    days.forEach((d, i) => { expected[bucketOf(d)] = (expected[bucketOf(d)] ?? 0n) + BigInt(2 ** i); });
    for (const [bucket, line] of Object.entries(r.buckets)) expect([bucket, line.amountMinor]).toEqual([bucket, expected[bucket] ?? 0n]);
    expect(r.buckets.d61_90.count).toBe(2);   // 61 and 90, not 60 or 91
  });
});

describe('rendering real reports', () => {
  it('prints the aging table for a finance person in English', async () => {
    const r = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF });
    expect(renderReport(r, { format: 'table', locale: 'en-US' })).toBe([
      'Aging report · acme · as of 2026-06-30 · CNY',
      '',
      'Bucket            Amount  Count   Share',
      '-------------  ---------  -----  ------',
      'Not due        15,700.00      4  22.63%',
      '1–30 days      22,245.25      4  32.06%',
      '31–60 days     16,501.10      3  23.78%',
      '61–90 days      2,000.00      2   2.88%',
      '91–180 days     6,333.34      2   9.13%',
      'Over 180 days   6,600.00      3   9.51%',
      '-------------  ---------  -----  ------',
      'Total          69,379.69     18    100%',
      '',
    ].join('\n'));
  });

  it('lines up the Chinese tables although each Chinese character takes two columns', async () => {
    const r = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'customer' });
    const text = renderReport(r, { format: 'table', locale: 'zh-CN' });
    expect(text.split('\n')[0]).toBe('账龄分析 · acme · 截至 2026-06-30 · CNY');
    for (const word of ['账龄段', '金额', '笔数', '未到期', '1–30天', '31–60天', '61–90天', '91–180天', '180天以上', '合计', '按客户', '69,379.69']) {
      expect(text).toContain(word);
    }
    // Every table's lines end in a right-aligned number, so each table is a block of equal widths.
    const tables = text.split('\n\n').slice(1).map((block) => block.split('\n').filter((l) => l !== '' && !l.startsWith('按')));
    expect(tables).toHaveLength(2);
    for (const lines of tables) {
      const widths = new Set(lines.map(displayWidth));
      expect(widths.size).toBe(1);
    }
    expect(text).toContain('C1 Alpha Trading  44,845.26  13,000.00  17,345.25');
    expect(text).toContain('\n未到期     15,700.00     4  22.63%\n');
    expect(text).toContain('\n180天以上   6,600.00     3   9.51%\n');
  });

  it('prints the provision and KPI tables with percentages in both languages', async () => {
    const p = await provisionReport(t.db, { orgId: ledger.orgId, asOf: AS_OF });
    const en = renderReport(p, { format: 'table', locale: 'en-US' });
    expect(en).toContain('31–60 days     16,501.10   15%   2,925.22');
    expect(en).toContain('Total          69,379.69        13,960.80');
    const zh = renderReport(p, { format: 'table', locale: 'zh-CN' });
    expect(zh).toContain('计提比例');
    expect(zh).toContain('91–180天    6,333.34       50%   3,666.67');
    const k = await kpiReport(t.db, { orgId: ledger.orgId, asOf: AS_OF });
    const kEn = renderReport(k, { format: 'table', locale: 'en-US' });
    expect(kEn).toContain('Collection KPIs · acme · as of 2026-06-30 · CNY · last 90 days');
    expect(kEn).toMatch(/Days sales outstanding \(DSO\)\s+142\.08 days/);
    expect(kEn).toMatch(/Recovery rate\s+13\.35%/);
    expect(kEn).toMatch(/Promise-kept rate\s+100%/);
    const kZh = renderReport(k, { format: 'table', locale: 'zh-CN' });
    expect(kZh).toMatch(/回收率\s+13\.35%/);
    expect(kZh).toMatch(/坏账率\s+18\.2%/);
    expect(kZh).toContain('近90天');
  });

  it('writes CSV with bucket rows, a total row and the groups as extra rows with their key', async () => {
    const r = await agingReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'region' });
    const lines = renderReport(r, { format: 'csv', locale: 'en-US' }).trimEnd().split('\n');
    expect(lines.slice(0, 8)).toEqual([
      'key,bucket,amount,count',
      ',not_due,15700.00,4', ',d1_30,22245.25,4', ',d31_60,16501.10,3', ',d61_90,2000.00,2', ',d91_180,6333.34,2', ',d180_plus,6600.00,3',
      ',total,69379.69,18',
    ]);
    expect(lines).toContain('south,d31_60,6000.00,1');
    expect(lines).toContain('(none),not_due,2700.00,2');
    expect(lines).toHaveLength(1 + 7 * 5);
    const p = await provisionReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, by: 'owner' });
    expect(renderReport(p, { format: 'csv', locale: 'en-US' }).trimEnd().split('\n').slice(-4)).toEqual([
      ',total,69379.69,,13960.80',
      'alice@acme.test,total,44845.26,,6971.92',
      'bob@acme.test,total,20534.33,,6220.86',
      '(unassigned),total,4000.10,,768.02',
    ]);
    const k = await kpiReport(t.db, { orgId: ledger.orgId, asOf: AS_OF });
    expect(renderReport(k, { format: 'csv', locale: 'en-US' })).toBe(
      'org,asOf,currency,periodDays,arBalance,overdueBalance,dso,cei,recoveryRate,badDebtRate,promiseKeptRate,ratingCoverage,collectionCycleDays,timeToClaimHours\n'
      + 'acme,2026-06-30,CNY,90,69379.69,53679.69,142.08,26.65,0.1335,0.182,1,0,16,\n');
  });
});
