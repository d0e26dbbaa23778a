import { describe, expect, it } from 'vitest';
import { dateIn } from '../../../src/domain/calendar.js';
import { claimCase, keepLease, logRecord } from '../../../src/services/cases/index.js';
import { verifyRecordChain } from '../../../src/services/audit.js';
import { testDatabase } from '../../support/db.js';
import { addCustomer, countRows, seedOrg, snapshot, TODAY } from './fixtures.js';

const t = testDatabase();
const opts = { today: TODAY };

async function setup() {
  const org = await seedOrg(t.db);
  await addCustomer(t.db, org.orgId, { code: 'C1', name: 'Acme', invoices: [{ number: 'I-1', amount: 100_000n, daysOverdue: 45 }] });
  return org;
}

describe('logRecord', () => {
  it('appends hash-chained records and stamps the case', async () => {
    const org = await setup();
    await claimCase(t.db, org.sales, { customer: 'C1' }, opts);
    const a = await logRecord(t.db, org.sales, { customer: 'C1', method: 'call', outcome: 'no_answer', text: 'rang twice' }, opts);
    const b = await logRecord(t.db, org.sales, { customer: 'C1', method: 'email', outcome: 'reached', text: 'statement sent',
      nextActionOn: '2026-03-12' }, opts);
    expect(a.record).toMatchObject({ method: 'call', outcome: 'no_answer', body: 'rang twice', seq: 1n, prevHash: '0'.repeat(64),
      author: { id: org.sales.userId, name: 'Sam Sales' } });
    expect(b.record.seq).toBe(2n);
    expect(b.record.prevHash).toBe(a.record.hash);
    expect(b.case.nextActionOn).toBe('2026-03-12');
    expect(b.case.version).toBeGreaterThan(a.case.version);
    const kase = await t.db.selectFrom('cases').select(['last_record_at']).where('id', '=', b.case.id).executeTakeFirstOrThrow();
    expect(kase.last_record_at?.toISOString()).toBe(b.record.recordedAt);
    expect(await verifyRecordChain(t.db, org.orgId)).toEqual({ ok: true, checked: 2 });
  });

  it('lets sales log on an unclaimed case but not on a case someone else claimed', async () => {
    const org = await setup();
    const r = await logRecord(t.db, org.sales2, { customer: 'C1', method: 'visit', text: 'walked in' }, opts);
    expect(r.case.owner).toBeNull();
    await claimCase(t.db, org.sales, { customer: 'C1' }, opts);
    const before = await snapshot(t.db, org.orgId);
    await expect(logRecord(t.db, org.sales2, { customer: 'C1', method: 'call', text: 'x' }, opts))
      .rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'not_owner' } });
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
    expect((await logRecord(t.db, org.finance, { customer: 'C1', method: 'note', text: 'finance note' }, opts)).status).toBe('logged');
  });

  it('refuses legal logging on a case that is not with legal', async () => {
    const org = await setup();
    await expect(logRecord(t.db, org.legal, { customer: 'C1', method: 'lawyer_letter', text: 'x' }, opts))
      .rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'claim_first' } });
  });

  it('writes one record for the same action retried with the same key, and answers the same', async () => {
    const org = await setup();
    const input = { customer: 'C1', method: 'call' as const, outcome: 'reached' as const, text: 'will pay Friday' };
    const first = await logRecord(t.db, org.sales, input, { ...opts, idempotencyKey: 'lark-evt-42' });
    const second = await logRecord(t.db, org.sales, input, { ...opts, idempotencyKey: 'lark-evt-42' });
    expect(second).toEqual(first);
    expect(await countRows(t.db, 'collection_records', org.orgId)).toBe(1);
    expect(await countRows(t.db, 'audit_log', org.orgId)).toBe(2); // org.add + record.log
    const third = await logRecord(t.db, org.sales, input, { ...opts, idempotencyKey: 'lark-evt-43' });
    expect(third.record.id).not.toBe(first.record.id);
  });

  it('keeps the same key of two concurrent retries to one record', async () => {
    const org = await setup();
    const input = { customer: 'C1', method: 'sms' as const, text: 'reminder' };
    const [a, b] = await Promise.all([
      logRecord(t.db, org.sales, input, { ...opts, idempotencyKey: 'dup' }),
      logRecord(t.db, org.sales, input, { ...opts, idempotencyKey: 'dup' }),
    ]);
    expect(a).toEqual(b);
    expect(await countRows(t.db, 'collection_records', org.orgId)).toBe(1);
  });

  it('refuses bad input before touching anything', async () => {
    const org = await setup();
    const before = await snapshot(t.db, org.orgId);
    await expect(logRecord(t.db, org.sales, { customer: 'C1', method: 'fax' as never, text: 'x' }, opts))
      .rejects.toMatchObject({ code: 'invalid', detail: { field: 'method' } });
    await expect(logRecord(t.db, org.sales, { customer: 'C1', method: 'call', text: '   ' }, opts))
      .rejects.toMatchObject({ code: 'invalid', detail: { field: 'text' } });
    await expect(logRecord(t.db, org.sales, { customer: 'C1', method: 'call', text: 'x', nextActionOn: '2026-03-09' }, opts))
      .rejects.toMatchObject({ code: 'invalid', detail: { field: 'nextActionOn', reason: 'past' } });
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('warns when the customer has been contacted more than the weekly cap', async () => {
    const org = await setup();
    await t.db.updateTable('org_policies').set({ contact_cap_per_week: 2 }).where('org_id', '=', org.orgId).execute();
    // Records are stamped now(): count them in the real current week.
    const today = dateIn('Asia/Shanghai');
    const counts = [];
    for (let i = 0; i < 3; i++) {
      counts.push((await logRecord(t.db, org.sales, { customer: 'C1', method: 'call', text: `try ${i}` }, { today })).contacts);
    }
    const afterNote = await logRecord(t.db, org.sales, { customer: 'C1', method: 'note', text: 'internal note' }, { today });
    expect(counts).toEqual([{ thisWeek: 1, cap: 2, overCap: false }, { thisWeek: 2, cap: 2, overCap: false },
      { thisWeek: 3, cap: 2, overCap: true }]);
    expect(afterNote.contacts.thisWeek).toBe(3);
  });
});

describe('keepLease', () => {
  it('keeps the claim with a note in the org\'s language, whoever clicks, once per click (issue 8)', async () => {
    const org = await setup();
    await t.db.updateTable('orgs').set({ locale: 'zh-CN' }).where('id', '=', org.orgId).execute();
    await claimCase(t.db, org.sales, { customer: 'C1' }, opts);
    const clicker = { ...org.sales, locale: 'en-US' as const };
    const click = { ...opts, idempotencyKey: 'lease-click-1' };
    const r = await keepLease(t.db, clicker, { customer: 'C1' }, click);
    const again = await keepLease(t.db, clicker, { customer: 'C1' }, click);
    expect(r.record).toMatchObject({ method: 'note', outcome: null, body: '仍在跟进（保留认领）', author: { id: org.sales.userId } });
    expect(again.record.id).toBe(r.record.id);
    expect(await countRows(t.db, 'collection_records', org.orgId)).toBe(1);
    const kase = await t.db.selectFrom('cases').select('last_record_at').where('id', '=', r.case.id).executeTakeFirstOrThrow();
    expect(kase.last_record_at?.toISOString()).toBe(r.record.recordedAt);
  });
});
