import { describe, expect, it } from 'vitest';
import { agencyReport, feeShareFromPercent, findAgency, handCaseToAgency, setAgency } from '../../../../src/services/legal/agencies.js';
import { testDatabase } from '../../../support/db.js';
import { addCustomer, seedOrg } from '../fixtures.js';

const t = testDatabase();

describe('agencies', () => {
  it('reads fee shares as exact percents', () => {
    expect(['25', '12.5', '0', '100', '7.25%'].map(feeShareFromPercent)).toEqual(['0.2500', '0.1250', '0.0000', '1.0000', '0.0725']);
    expect(['', '-1', '100.01', '12.345', 'abc', '1e2'].map(feeShareFromPercent)).toEqual([null, null, null, null, null, null]);
  });

  it('attributes recoveries while the agency holds the case and computes its fee half-up', async () => {
    const f = await seedOrg(t.db);
    const { agency } = await setAgency(t.db, f.orgId, 'Dragon Recovery', '12.5');
    expect((await setAgency(t.db, f.orgId, 'Dragon Recovery', '15')).created).toBe(false);
    await setAgency(t.db, f.orgId, 'Idle Agency', '20');
    const c = await addCustomer(t.db, f.orgId, { code: 'AG', invoices: [{ number: 'AG-1', amount: 1_000_000n, daysOverdue: 100 }] });
    const inv = await t.db.selectFrom('invoices').select('id').where('org_id', '=', f.orgId).where('number', '=', 'AG-1').executeTakeFirstOrThrow();
    const kase = await t.db.insertInto('cases').values({ org_id: f.orgId, customer_id: c.id, level: 'red' }).returning('id').executeTakeFirstOrThrow();
    await setAgency(t.db, f.orgId, 'Dragon Recovery', '12.5');
    await handCaseToAgency(t.db, f.orgId, { caseId: kase.id, agencyId: agency.id, escalationId: null, on: '2026-02-01' });
    await handCaseToAgency(t.db, f.orgId, { caseId: kase.id, agencyId: agency.id, escalationId: null, on: '2026-02-02' });   // one open hand-off
    await setAgency(t.db, f.orgId, 'Dragon Recovery', '15');      // a later change does not touch the agreed share
    for (const [paid_on, amount] of [['2026-01-31', 100_000n], ['2026-02-01', 33_333n], ['2026-02-20', 50_001n], ['2026-04-01', 7n]] as const) {
      await t.db.insertInto('payments').values({ org_id: f.orgId, invoice_id: inv.id, amount_minor: amount, paid_on, import_key: paid_on }).execute();
    }
    const r = await agencyReport(t.db, f.orgId, { asOf: '2026-03-01' });
    expect(r.agencies).toEqual([
      // 33,333 + 50,001 = 83,334 recovered; 12.5% = 10,416.75 → 10,417
      { agency: 'Dragon Recovery', feeShare: '0.1500', cases: 1, openCases: 1, recoveredMinor: 83_334n, feeMinor: 10_417n },
      { agency: 'Idle Agency', feeShare: '0.2000', cases: 0, openCases: 0, recoveredMinor: 0n, feeMinor: 0n },
    ]);
    expect([r.recoveredMinor, r.feeMinor]).toEqual([83_334n, 10_417n]);
    const other = await seedOrg(t.db);
    expect((await agencyReport(t.db, other.orgId, { asOf: '2026-03-01' })).agencies).toEqual([]);
    await expect(findAgency(t.db, other.orgId, 'dragon recovery')).rejects.toMatchObject({ code: 'not_found' });
    expect((await findAgency(t.db, f.orgId, 'dragon recovery')).name).toBe('Dragon Recovery');
  });
});
