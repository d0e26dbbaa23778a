import { describe, expect, it } from 'vitest';
import { CARD_SNOOZE_DAYS, claimCase, confirmDispute, disputeInvoice, promiseToPay, resolveDispute, snoozeCase } from '../../../src/services/cases/index.js';
import { testDatabase } from '../../support/db.js';
import { addCustomer, seedOrg, snapshot, TODAY } from './fixtures.js';

const t = testDatabase();
const opts = { today: TODAY };

async function setup() {
  const org = await seedOrg(t.db);
  await addCustomer(t.db, org.orgId, { code: 'C1', name: '华东建材', invoices: [
    { number: 'I-RED', amount: 300_000n, daysOverdue: 100 },
    { number: 'I-YEL', amount: 50_000n, daysOverdue: 35 },
  ] });
  await claimCase(t.db, org.sales, { customer: 'C1' }, opts);
  return org;
}

describe('promiseToPay', () => {
  it('records the promise and a note summarising it', async () => {
    const org = await setup();
    const r = await promiseToPay(t.db, org.sales, { customer: '华东', amount: '1234.5', promisedOn: '2026-03-20', note: 'after audit' }, opts);
    expect(r.promise).toMatchObject({ amountMinor: 123_450n, currency: 'CNY', promisedOn: '2026-03-20', note: 'after audit', status: 'pending' });
    expect(r.record).toMatchObject({ method: 'note', outcome: 'promised' });
    expect(r.record.body).toContain('1234.50 CNY');
    const row = await t.db.selectFrom('promises').selectAll().where('id', '=', r.promise.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ record_id: r.record.id, made_by_user_id: org.sales.userId, case_id: r.case.id, amount_minor: 123_450n });
  });

  it('accepts a promise for today', async () => {
    const org = await setup();
    expect((await promiseToPay(t.db, org.sales, { customer: 'C1', amount: '10', promisedOn: TODAY }, opts)).status).toBe('promised');
  });

  it.each([
    [{ amount: 'abc', promisedOn: '2026-03-20' }, 'amount'],
    [{ amount: '12.345', promisedOn: '2026-03-20' }, 'amount'],
    [{ amount: '-5', promisedOn: '2026-03-20' }, 'amount'],
    [{ amount: '0', promisedOn: '2026-03-20' }, 'amount'],
    [{ amount: '100', promisedOn: '2026-03-09' }, 'promisedOn'],
    [{ amount: '100', promisedOn: '2026-02-30' }, 'promisedOn'],
  ])('refuses %o and changes nothing', async (input, field) => {
    const org = await setup();
    const before = await snapshot(t.db, org.orgId);
    await expect(promiseToPay(t.db, org.sales, { customer: 'C1', ...input }, opts)).rejects.toMatchObject({ code: 'invalid', detail: { field } });
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('refuses a promise from a sales person who does not own the case', async () => {
    const org = await setup();
    await expect(promiseToPay(t.db, org.sales2, { customer: 'C1', amount: '100', promisedOn: '2026-03-20' }, opts))
      .rejects.toMatchObject({ code: 'forbidden' });
  });
});

async function invoiceRow(orgId: number, number: string) {
  return t.db.selectFrom('invoices').select(['status', 'disputed_reason', 'dispute_requested_reason']).where('number', '=', number)
    .where('org_id', '=', orgId).executeTakeFirstOrThrow();
}

describe('disputeInvoice', () => {
  it('a supervisor marks the invoice disputed, records it, and the level no longer counts it', async () => {
    const org = await setup();
    const r = await disputeInvoice(t.db, org.finance, { invoice: 'i-red', reason: 'goods damaged' }, opts);
    expect(r.status).toBe('disputed');
    expect(r.invoice).toMatchObject({ number: 'I-RED', reason: 'goods damaged', balanceMinor: 300_000n });
    expect(r.record).toMatchObject({ outcome: 'disputed', method: 'note' });
    expect(r.case.level).toBe('yellow');
    expect(r.case.overdueMinor).toBe(350_000n);
    const inv = await t.db.selectFrom('invoices').select(['status', 'disputed_reason']).where('number', '=', 'I-RED')
      .where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(inv).toEqual({ status: 'disputed', disputed_reason: 'goods damaged' });
    const again = await disputeInvoice(t.db, org.sales, { invoice: 'I-RED', reason: 'again' }, opts);
    expect(again.status).toBe('already_disputed');
  });

  // Issue 9 item 5: maker-checker, as for escalation.
  it('a sales dispute changes no invoice status until a supervisor confirms it', async () => {
    const org = await setup();
    const r = await disputeInvoice(t.db, org.sales, { invoice: 'I-RED', reason: 'goods damaged' }, opts);
    expect(r.status).toBe('requested');
    expect(r.case.level).toBe('red');
    expect(await invoiceRow(org.orgId, 'I-RED')).toEqual({ status: 'open', disputed_reason: null, dispute_requested_reason: 'goods damaged' });
    expect((await disputeInvoice(t.db, org.sales, { invoice: 'I-RED', reason: 'again' }, opts)).status).toBe('already_requested');
    await expect(confirmDispute(t.db, org.sales, { invoice: 'I-RED' }, opts)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await invoiceRow(org.orgId, 'I-RED')).status).toBe('open');
    const c = await confirmDispute(t.db, org.manager, { invoice: 'I-RED' }, opts);
    expect(c.status).toBe('disputed');
    expect(c.case.level).toBe('yellow');
    expect(await invoiceRow(org.orgId, 'I-RED')).toEqual({ status: 'disputed', disputed_reason: 'goods damaged', dispute_requested_reason: null });
    expect((await confirmDispute(t.db, org.manager, { invoice: 'I-RED' }, opts)).status).toBe('already_disputed');
  });

  it('refuses to confirm when nothing waits, and changes nothing', async () => {
    const org = await setup();
    const before = await snapshot(t.db, org.orgId);
    await expect(confirmDispute(t.db, org.finance, { invoice: 'I-RED' }, opts)).rejects.toMatchObject({ code: 'conflict', detail: { reason: 'no_dispute_request' } });
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('resolve returns a disputed invoice to open, its level back; only a supervisor may resolve', async () => {
    const org = await setup();
    await disputeInvoice(t.db, org.finance, { invoice: 'I-RED', reason: 'goods damaged' }, opts);
    await expect(resolveDispute(t.db, org.sales, { invoice: 'I-RED', note: 'settled' }, opts)).rejects.toMatchObject({ code: 'forbidden' });
    const r = await resolveDispute(t.db, org.finance, { invoice: 'I-RED', note: 'credit note issued' }, opts);
    expect(r.status).toBe('resolved');
    expect(r.case.level).toBe('red');
    expect(r.record.body).toContain('credit note issued');
    expect(await invoiceRow(org.orgId, 'I-RED')).toEqual({ status: 'open', disputed_reason: null, dispute_requested_reason: null });
    await expect(resolveDispute(t.db, org.finance, { invoice: 'I-RED' }, opts)).rejects.toMatchObject({ code: 'conflict', detail: { reason: 'not_disputed' } });
  });

  it('resolve withdraws a pending request', async () => {
    const org = await setup();
    await disputeInvoice(t.db, org.sales, { invoice: 'I-RED', reason: 'goods damaged' }, opts);
    expect((await resolveDispute(t.db, org.manager, { invoice: 'I-RED' }, opts)).status).toBe('withdrawn');
    expect(await invoiceRow(org.orgId, 'I-RED')).toEqual({ status: 'open', disputed_reason: null, dispute_requested_reason: null });
  });

  it('refuses a paid invoice', async () => {
    const org = await setup();
    await t.db.updateTable('invoices').set({ status: 'paid', paid_minor: 50_000n }).where('org_id', '=', org.orgId).where('number', '=', 'I-YEL').execute();
    await expect(disputeInvoice(t.db, org.sales, { invoice: 'I-YEL', reason: 'x' }, opts)).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('snoozeCase', () => {
  it('snoozes for 1 to 365 days', async () => {
    const org = await setup();
    const r = await snoozeCase(t.db, org.sales, { customer: 'C1', days: 7, reason: 'customer on holiday' }, opts);
    expect(r).toMatchObject({ status: 'snoozed', until: '2026-03-17', case: { snoozedUntil: '2026-03-17' } });
    for (const days of [0, 366, 1.5]) {
      await expect(snoozeCase(t.db, org.sales, { customer: 'C1', days, reason: 'x' }, opts))
        .rejects.toMatchObject({ code: 'invalid', detail: { field: 'days' } });
    }
  });

  it('snoozes from the card for CARD_SNOOZE_DAYS, noting it in the org\'s language whoever clicks (issue 8)', async () => {
    const org = await setup();
    await t.db.updateTable('orgs').set({ locale: 'zh-CN' }).where('id', '=', org.orgId).execute();
    const clicker = { ...org.sales, locale: 'en-US' as const };
    const r = await snoozeCase(t.db, clicker, { customer: 'C1', fromCard: true }, opts);
    expect(CARD_SNOOZE_DAYS).toBe(7);
    expect(r).toMatchObject({ status: 'snoozed', until: '2026-03-17', reason: '从卡片暂缓 7 天' });
    const row = await t.db.selectFrom('cases').select('snooze_reason').where('id', '=', r.case.id).executeTakeFirstOrThrow();
    expect(row.snooze_reason).toBe('从卡片暂缓 7 天');
  });

  it('refuses sales snoozing an unclaimed case', async () => {
    const org = await seedOrg(t.db);
    await addCustomer(t.db, org.orgId, { code: 'C9', invoices: [{ number: 'X', amount: 1000n, daysOverdue: 10 }] });
    await expect(snoozeCase(t.db, org.sales, { customer: 'C9', days: 3, reason: 'x' }, opts))
      .rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'claim_first' } });
  });
});
