import { describe, expect, it } from 'vitest';
import { claimCase, decideEscalation, requestEscalation } from '../../../../src/services/cases/index.js';
import { moveLegalStage, nextLegalStage } from '../../../../src/services/legal/move-legal-stage.js';
import { invoiceLimitations } from '../../../../src/services/legal/limitation.js';
import { verifyRecordChain } from '../../../../src/services/audit.js';
import { testDatabase } from '../../../support/db.js';
import { addCustomer, seedOrg, snapshot, TODAY } from '../fixtures.js';

const t = testDatabase();
const opts = { today: TODAY };

async function legalCase() {
  const org = await seedOrg(t.db);
  await addCustomer(t.db, org.orgId, { code: 'C1', name: 'Acme', invoices: [
    { number: 'I-1', amount: 400_000n, daysOverdue: 120 }, { number: 'I-2', amount: 80_000n, daysOverdue: 200 },
  ] });
  await claimCase(t.db, org.sales, { customer: 'C1' }, opts);
  const r = await requestEscalation(t.db, org.manager, { customer: 'C1', reason: 'insolvent', overrideReason: 'bankruptcy announced' }, opts);
  await decideEscalation(t.db, org.manager2, { escalationId: r.escalation!.id, decision: 'approve' }, opts);
  return org;
}

describe('moveLegalStage', () => {
  it('moves forward through the stages, each a chained record; filing restarts the limitation clock', async () => {
    const org = await legalCase();
    const letter = await moveLegalStage(t.db, org.legal, { customer: 'C1', stage: 'letter', note: 'lawyer letter sent by courier' },
      { today: '2026-03-02' });
    expect(letter).toMatchObject({ status: 'moved', from: null, stage: 'letter' });
    const filed = await moveLegalStage(t.db, org.legal, { customer: 'C1', stage: 'filed', note: 'filed at the district court' }, opts);
    expect(filed).toMatchObject({ from: 'letter', stage: 'filed' });
    const records = await t.db.selectFrom('collection_records').select(['id', 'method', 'body'])
      .where('org_id', '=', org.orgId).orderBy('id').execute();
    expect(records.slice(-2).map((r) => [r.method, r.body])).toEqual([
      ['lawyer_letter', '[letter] lawyer letter sent by courier'], ['note', '[filed] filed at the district court'],
    ]);
    expect(await verifyRecordChain(t.db, org.orgId)).toMatchObject({ ok: true });
    const clocks = await invoiceLimitations(t.db, { orgId: org.orgId, asOf: TODAY });
    expect(clocks.map((c) => [c.clock.runsFrom, c.clock.lastInterruption?.kind])).toEqual([[TODAY, 'filing'], [TODAY, 'filing']]);
    expect(nextLegalStage('filed')).toBe('preservation');
  });

  it('refuses going back, people outside legal and management, cases not with legal — changing nothing', async () => {
    const org = await legalCase();
    await moveLegalStage(t.db, org.legal, { customer: 'C1', stage: 'mediation', note: 'mediation booked' }, opts);
    const before = await snapshot(t.db, org.orgId);
    await expect(moveLegalStage(t.db, org.legal, { customer: 'C1', stage: 'letter', note: 'x' }, opts))
      .rejects.toMatchObject({ code: 'conflict', detail: { reason: 'stage_backwards', from: 'mediation' } });
    await expect(moveLegalStage(t.db, org.sales, { customer: 'C1', stage: 'filed', note: 'x' }, opts))
      .rejects.toMatchObject({ code: 'forbidden' });
    await expect(moveLegalStage(t.db, org.legal, { customer: 'C1', stage: 'closed', note: 'x' }, opts))
      .rejects.toMatchObject({ code: 'invalid', detail: { field: 'result' } });
    await expect(moveLegalStage(t.db, org.legal, { customer: 'C1', stage: 'closed', note: 'x', result: 'recovered', recovered: '12.345' }, opts))
      .rejects.toMatchObject({ code: 'invalid', detail: { field: 'recovered' } });
    expect(await snapshot(t.db, org.orgId)).toEqual(before);

    const other = await seedOrg(t.db);
    await addCustomer(t.db, other.orgId, { code: 'C1', invoices: [{ number: 'Z', amount: 1_000n, daysOverdue: 100 }] });
    await expect(moveLegalStage(t.db, other.legal, { customer: 'C1', stage: 'letter', note: 'x' }, opts))
      .rejects.toMatchObject({ code: 'conflict', detail: { reason: 'not_legal' } });
  });

  it('closes as recovered with the amount, or as uncollectable with each open invoice proposed for write-off', async () => {
    const org = await legalCase();
    const closed = await moveLegalStage(t.db, org.legal, { customer: 'C1', stage: 'closed', note: 'judgment not enforceable',
      result: 'uncollectable' }, opts);
    expect(closed).toMatchObject({ stage: 'closed', result: 'uncollectable', writeoffProposals: 2 });
    const pending = await t.db.selectFrom('escalations').select(['kind', 'status']).where('org_id', '=', org.orgId)
      .where('kind', '=', 'writeoff').execute();
    expect(pending).toEqual([{ kind: 'writeoff', status: 'pending' }, { kind: 'writeoff', status: 'pending' }]);
    await expect(moveLegalStage(t.db, org.legal, { customer: 'C1', stage: 'closed', note: 'again', result: 'uncollectable' }, opts))
      .rejects.toMatchObject({ code: 'conflict', detail: { reason: 'legal_closed' } });

    const org2 = await legalCase();
    const won = await moveLegalStage(t.db, org2.manager, { customer: 'C1', stage: 'closed', note: 'settled', result: 'recovered',
      recovered: '3000.50' }, opts);
    expect(won).toMatchObject({ result: 'recovered', recoveredMinor: 300_050n, writeoffProposals: 0 });
  });

  it('a retried move with the same key changes nothing twice', async () => {
    const org = await legalCase();
    const key = { ...opts, idempotencyKey: 'click-1' };
    const a = await moveLegalStage(t.db, org.legal, { customer: 'C1', stage: 'letter', note: 'sent' }, key);
    const b = await moveLegalStage(t.db, org.legal, { customer: 'C1', stage: 'letter', note: 'sent' }, key);
    expect(b.moveId).toBe(a.moveId);
    const n = await t.db.selectFrom('legal_moves').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });
});
