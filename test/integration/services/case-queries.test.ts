import { describe, expect, it } from 'vitest';
import {
  caseDetail, claimCase, findCustomer, findInvoice, logRecord, myCases, pendingEscalations, promiseToPay, proposeWriteoff,
  requestEscalation,
} from '../../../src/services/cases/index.js';
import { testDatabase } from '../../support/db.js';
import { addCustomer, seedOrg, TODAY } from './fixtures.js';

const t = testDatabase();
const opts = { today: TODAY };

describe('findCustomer', () => {
  it('finds by exact code, then by unambiguous name prefix, Chinese names too', async () => {
    const org = await seedOrg(t.db);
    await addCustomer(t.db, org.orgId, { code: 'SH-001', name: '上海华东建材有限公司' });
    await addCustomer(t.db, org.orgId, { code: 'SH-002', name: '上海浦江贸易' });
    await addCustomer(t.db, org.orgId, { code: 'AC', name: 'Acme' });
    await addCustomer(t.db, org.orgId, { code: 'AT', name: 'Acme Trading' });
    await addCustomer(t.db, org.orgId, { code: 'P', name: '100% Pure_Co' });
    expect((await findCustomer(t.db, org.orgId, 'sh-001')).name).toBe('上海华东建材有限公司');
    expect((await findCustomer(t.db, org.orgId, '上海华东')).code).toBe('SH-001');
    expect((await findCustomer(t.db, org.orgId, 'acme')).code).toBe('AC');
    expect((await findCustomer(t.db, org.orgId, 'acme t')).code).toBe('AT');
    expect((await findCustomer(t.db, org.orgId, '100% p')).code).toBe('P');
    await expect(findCustomer(t.db, org.orgId, '上海')).rejects.toMatchObject({ code: 'ambiguous', detail: {
      matches: [{ code: 'SH-001', name: '上海华东建材有限公司' }, { code: 'SH-002', name: '上海浦江贸易' }], more: false } });
    await expect(findCustomer(t.db, org.orgId, '1_0')).rejects.toMatchObject({ code: 'not_found' });
    await expect(findCustomer(t.db, org.orgId, 'nobody')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists at most 10 matches and never another org\'s customers', async () => {
    const org = await seedOrg(t.db);
    const other = await seedOrg(t.db);
    for (let i = 0; i < 12; i++) await addCustomer(t.db, org.orgId, { code: `K${i}`, name: `Kappa ${i}` });
    await addCustomer(t.db, other.orgId, { code: 'ONLY', name: 'Elsewhere' });
    const err = await findCustomer(t.db, org.orgId, 'kappa').catch((e) => e);
    expect(err.detail.matches).toHaveLength(10);
    expect(err.detail.more).toBe(true);
    await expect(findCustomer(t.db, org.orgId, 'ONLY')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('finds invoices by number, case-insensitively, or by an unambiguous prefix', async () => {
    const org = await seedOrg(t.db);
    await addCustomer(t.db, org.orgId, { code: 'C', invoices: [
      { number: 'INV-2026-001', amount: 1n, daysOverdue: 1 }, { number: 'INV-2026-002', amount: 1n, daysOverdue: 1 },
    ] });
    expect((await findInvoice(t.db, org.orgId, 'inv-2026-001')).number).toBe('INV-2026-001');
    await expect(findInvoice(t.db, org.orgId, 'INV-2026')).rejects.toMatchObject({ code: 'ambiguous', detail: { matches: [
      { number: 'INV-2026-001' }, { number: 'INV-2026-002' }] } });
  });
});

describe('caseDetail', () => {
  it('shows the customer, owner, invoices with aging, records, promises, pending escalations and contacts', async () => {
    const org = await seedOrg(t.db);
    await addCustomer(t.db, org.orgId, { code: 'C1', name: 'Acme', grade: 'C', industry: 'construction', limit: 500_000n, invoices: [
      { number: 'I-OLD', amount: 300_000n, daysOverdue: 100 },
      { number: 'I-MID', amount: 100_000n, paid: 40_000n, daysOverdue: 45 },
      { number: 'I-NEW', amount: 200_000n, daysOverdue: -10 },
      { number: 'I-PAID', amount: 10_000n, paid: 10_000n, daysOverdue: 60, status: 'paid' },
    ] });
    await claimCase(t.db, org.sales, { customer: 'C1' }, opts);
    for (let i = 0; i < 12; i++) await logRecord(t.db, org.sales, { customer: 'C1', method: 'call', text: `call ${i}` }, opts);
    await promiseToPay(t.db, org.sales, { customer: 'C1', amount: '500', promisedOn: '2026-03-15' }, opts);
    await proposeWriteoff(t.db, org.finance, { invoice: 'I-OLD', reason: 'dispute lost' }, opts);

    const d = await caseDetail(t.db, org.orgId, 'acme', opts);
    expect(d.customer).toMatchObject({ code: 'C1', creditGrade: 'C', creditLimitMinor: 500_000n, industry: 'construction' });
    expect(d.case).toMatchObject({ level: 'red', stage: 'advanced', owner: { id: org.sales.userId, name: 'Sam Sales' },
      overdueMinor: 360_000n, maxDaysOverdue: 100 });
    expect(d.invoices.map((i) => [i.number, i.daysOverdue, i.bucket, i.level, i.balanceMinor])).toEqual([
      ['I-OLD', 100, 'd91_180', 'red', 300_000n], ['I-MID', 45, 'd31_60', 'yellow', 60_000n], ['I-NEW', -10, 'not_due', null, 200_000n],
    ]);
    expect(d.totals).toEqual({ openCount: 3, openMinor: 560_000n, overdueMinor: 360_000n, level: 'red', maxDaysOverdue: 100 });
    expect(d.credit).toEqual({ ok: false, reason: 'over_limit', overByMinor: 60_000n });
    expect(d.records).toHaveLength(10);
    expect(d.records[0]!.body).toContain('promise to pay 500.00 CNY');
    expect(d.promises).toMatchObject([{ amountMinor: 50_000n, promisedOn: '2026-03-15', status: 'pending', madeBy: { id: org.sales.userId } }]);
    expect(d.pendingEscalations).toMatchObject([{ kind: 'writeoff', invoice: { number: 'I-OLD' }, requestedBy: { id: org.finance.userId } }]);
    expect(d.contacts.cap).toBe(5);

    const byId = await caseDetail(t.db, org.orgId, d.case!.id, opts);
    expect(byId.case!.id).toBe(d.case!.id);
  });

  it('shows a customer without an open case', async () => {
    const org = await seedOrg(t.db);
    await addCustomer(t.db, org.orgId, { code: 'C2', invoices: [{ number: 'N', amount: 1_000n, daysOverdue: -3 }] });
    const d = await caseDetail(t.db, org.orgId, 'C2', opts);
    expect(d.case).toBeNull();
    expect(d.totals).toMatchObject({ openCount: 1, overdueMinor: 0n, level: null });
  });

  it('applies the per-grade thresholds of level_thresholds', async () => {
    const org = await seedOrg(t.db);
    await t.db.insertInto('level_thresholds').values({ org_id: org.orgId, credit_grade: 'D', industry: null,
      yellow_days: 5, orange_days: 10, red_days: 20 }).execute();
    await addCustomer(t.db, org.orgId, { code: 'D1', grade: 'D', invoices: [{ number: 'D-1', amount: 1_000n, daysOverdue: 25 }] });
    const claimed = await claimCase(t.db, org.sales, { customer: 'D1' }, opts);
    expect(claimed.case.level).toBe('red');
    expect((await caseDetail(t.db, org.orgId, 'D1', opts)).invoices[0]!.level).toBe('red');
  });
});

describe('myCases and pendingEscalations', () => {
  it('lists my open cases worst first: level, then overdue balance', async () => {
    const org = await seedOrg(t.db);
    await addCustomer(t.db, org.orgId, { code: 'Y-BIG', invoices: [{ number: 'a', amount: 900_000n, daysOverdue: 40 }] });
    await addCustomer(t.db, org.orgId, { code: 'R-SMALL', invoices: [{ number: 'b', amount: 1_000n, daysOverdue: 100 }] });
    await addCustomer(t.db, org.orgId, { code: 'R-BIG', invoices: [{ number: 'c', amount: 50_000n, daysOverdue: 95 }] });
    await addCustomer(t.db, org.orgId, { code: 'OTHER', invoices: [{ number: 'd', amount: 99_000_000n, daysOverdue: 300 }] });
    for (const code of ['Y-BIG', 'R-SMALL', 'R-BIG']) await claimCase(t.db, org.sales, { customer: code }, opts);
    await claimCase(t.db, org.sales2, { customer: 'OTHER' }, opts);
    const mine = await myCases(t.db, org.sales, opts);
    expect(mine.map((c) => [c.customer.code, c.level, c.overdueMinor])).toEqual([
      ['R-BIG', 'red', 50_000n], ['R-SMALL', 'red', 1_000n], ['Y-BIG', 'yellow', 900_000n],
    ]);
  });

  it('lists pending escalations oldest first', async () => {
    const org = await seedOrg(t.db);
    await addCustomer(t.db, org.orgId, { code: 'A', invoices: [{ number: 'a1', amount: 1_000n, daysOverdue: 200 }] });
    await addCustomer(t.db, org.orgId, { code: 'B', invoices: [{ number: 'b1', amount: 2_000n, daysOverdue: 200 }] });
    await requestEscalation(t.db, org.manager, { customer: 'A', reason: 'r', overrideReason: 'o' }, opts);
    await proposeWriteoff(t.db, org.finance, { invoice: 'b1', reason: 'w' }, opts);
    const pending = await pendingEscalations(t.db, org.orgId);
    expect(pending.map((p) => [p.customer.code, p.kind, p.balanceMinor])).toEqual([['A', 'legal', 1_000n], ['B', 'writeoff', 2_000n]]);
  });
});
