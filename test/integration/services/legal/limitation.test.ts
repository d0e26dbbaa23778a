import { describe, expect, it } from 'vitest';
import { invoiceLimitations, limitationSection, raiseLimitationWarnings } from '../../../../src/services/legal/limitation.js';
import { testDatabase } from '../../../support/db.js';
import { addCustomer, seedOrg } from '../fixtures.js';

const t = testDatabase();

async function ledger() {
  const f = await seedOrg(t.db);
  const customer = await addCustomer(t.db, f.orgId, { code: 'LIM', invoices: [] });
  const inv = async (number: string, due: string, amount = 100_000n) => (await t.db.insertInto('invoices').values({
    org_id: f.orgId, customer_id: customer.id, number, currency: 'CNY', amount_minor: amount, paid_minor: 0n,
    issued_on: '2021-01-01', due_on: due,
  }).returning('id').executeTakeFirstOrThrow()).id;
  const kase = await t.db.insertInto('cases').values({ org_id: f.orgId, customer_id: customer.id, level: 'red' })
    .returning('id').executeTakeFirstOrThrow();
  const record = (method: 'letter' | 'email' | 'call', at: string) => t.db.insertInto('collection_records').values({
    org_id: f.orgId, case_id: kase.id, customer_id: customer.id, author_user_id: f.sales.userId, method, body: `${method} sent`,
    recorded_at: new Date(at),
  }).execute();
  return { f, customer, inv, kase, record };
}

describe('limitation end dates from the ledger (DOMAIN "Limitation period")', () => {
  it('restarts from a delivered demand, a promise and a payment on the invoice; a call interrupts nothing', async () => {
    const { f, customer, inv, kase, record } = await ledger();
    const a = await inv('A-1', '2023-01-15');
    const b = await inv('B-1', '2023-06-30');
    const c = await inv('C-1', '2022-12-31');
    await record('call', '2024-01-10T02:00:00Z');                   // not a demand
    await record('letter', '2023-03-31T23:30:00Z');                 // 2023-04-01 in Shanghai
    await t.db.insertInto('promises').values({ org_id: f.orgId, case_id: kase.id, customer_id: customer.id, amount_minor: 5_000n,
      currency: 'CNY', promised_on: '2023-09-01', created_at: new Date('2023-08-20T03:00:00Z') }).execute();
    await t.db.insertInto('payments').values({ org_id: f.orgId, invoice_id: b, amount_minor: 10_000n, paid_on: '2024-02-02',
      import_key: 'p1' }).execute();

    const lines = await invoiceLimitations(t.db, { orgId: f.orgId, asOf: '2025-01-01' });
    const byNumber = Object.fromEntries(lines.map((l) => [l.number, l]));
    // the letter of 2023-04-01 (Shanghai date), then the promise of 2023-08-20.
    expect(byNumber['A-1']!.clock.endsOn).toBe('2026-08-20');
    // B-1 fell due after the promise: only its own payment of 2024-02-02 restarts it.
    expect(byNumber['B-1']!.clock).toMatchObject({ runsFrom: '2024-02-02', endsOn: '2027-02-02' });
    expect(byNumber['B-1']!.balanceMinor).toBe(90_000n);
    expect(byNumber['C-1']!.clock.endsOn).toBe('2026-08-20');
    // Earliest end first; equal ends by invoice.
    expect(lines.map((l) => l.invoiceId)).toEqual([a, c, b]);
  });

  it('does not restart from an email the SMTP server refused (issue 11: marked undelivered beside its record)', async () => {
    const { f, inv, record } = await ledger();
    await inv('E-1', '2023-01-15');
    await record('email', '2023-06-01T03:00:00Z');                  // delivered: restarts
    await record('email', '2024-03-01T03:00:00Z');                  // refused below: does not
    const bounced = await t.db.selectFrom('collection_records').select('id').where('org_id', '=', f.orgId)
      .orderBy('id', 'desc').executeTakeFirstOrThrow();
    await t.db.insertInto('record_delivery_statuses').values({ org_id: f.orgId, record_id: bounced.id, status: 'undelivered',
      reason: '550 mailbox unavailable' }).execute();
    const lines = await invoiceLimitations(t.db, { orgId: f.orgId, asOf: '2025-01-01' });
    expect(lines.find((l) => l.number === 'E-1')!.clock.endsOn).toBe('2026-06-01');
  });

  it('uses the org’s period length and leaves out paid, not-yet-due and other orgs’ invoices', async () => {
    const { f, inv } = await ledger();
    await t.db.updateTable('org_policies').set({ limitation_years: 2 }).where('org_id', '=', f.orgId).execute();
    await inv('D-1', '2023-05-05');
    const paid = await inv('P-1', '2023-05-05', 1_000n);
    await t.db.insertInto('payments').values({ org_id: f.orgId, invoice_id: paid, amount_minor: 1_000n, paid_on: '2023-06-01', import_key: 'pp' }).execute();
    await inv('F-1', '2026-01-01');
    const other = await ledger();
    await other.inv('X-1', '2023-05-05');
    const lines = await invoiceLimitations(t.db, { orgId: f.orgId, asOf: '2025-01-01' });
    expect(lines.map((l) => [l.number, l.clock.endsOn])).toEqual([['D-1', '2025-05-05']]);
  });
});

describe('the limitation section of the aging report', () => {
  it('lists lapsed invoices and those ending within 30, 90 and 180 days, each in its tightest window', async () => {
    const { f, inv } = await ledger();
    await inv('L-0', '2021-12-01');       // ended 2024-12-01: lapsed
    await inv('L-30', '2022-01-20');      // ends 2025-01-20: 19 days
    await inv('L-90', '2022-03-01');      // ends 2025-03-01: 59 days
    await inv('L-180', '2022-06-01');     // ends 2025-06-01: 151 days
    await inv('L-far', '2023-01-01');
    const s = await limitationSection(t.db, { orgId: f.orgId, asOf: '2025-01-01', currency: 'CNY' });
    expect(Object.fromEntries(Object.entries(s).map(([w, l]) => [w, l.map((x) => `${x.invoice}:${x.daysLeft}`)]))).toEqual({
      lapsed: ['L-0:-31'], d30: ['L-30:19'], d90: ['L-90:59'], d180: ['L-180:151'],
    });
    expect(s.d30[0]).toMatchObject({ customer: 'LIM', endsOn: '2025-01-20', balanceMinor: 100_000n });
  });
});

describe('limitation warnings (180, 90, 30 days before the end, once each)', () => {
  it('raises the 30-day warning once, with its event, however often the pass runs', async () => {
    const { f, inv } = await ledger();
    const id = await inv('W-1', '2022-01-20');            // ends 2025-01-20
    expect(await raiseLimitationWarnings(t.db, f.orgId, '2024-07-23')).toEqual([]);          // 181 days left
    const first = await raiseLimitationWarnings(t.db, f.orgId, '2024-07-24');
    expect(first).toEqual([expect.objectContaining({ invoiceId: id, threshold: 180, daysLeft: 180, endsOn: '2025-01-20' })]);
    expect(await raiseLimitationWarnings(t.db, f.orgId, '2024-08-01')).toEqual([]);
    expect((await raiseLimitationWarnings(t.db, f.orgId, '2024-10-22')).map((w) => w.threshold)).toEqual([90]);
    const thirty = await Promise.all([raiseLimitationWarnings(t.db, f.orgId, '2024-12-25'), raiseLimitationWarnings(t.db, f.orgId, '2024-12-25')]);
    expect(thirty.flat().map((w) => w.threshold)).toEqual([30]);                                  // two workers at once: one warning
    expect(await raiseLimitationWarnings(t.db, f.orgId, '2025-01-10')).toEqual([]);
    const events = await t.db.selectFrom('case_events').select(['type', 'payload']).where('org_id', '=', f.orgId)
      .where('type', '=', 'limitation.warning').orderBy('id').execute();
    expect(events.map((e) => e.payload.threshold)).toEqual([180, 90, 30]);
  });
});
