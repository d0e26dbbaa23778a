import { describe, expect, it } from 'vitest';
import {
  claimCase, decideEscalation, logRecord, proposeWriteoff, requestEscalation,
} from '../../../src/services/cases/index.js';
import { testDatabase } from '../../support/db.js';
import { addCustomer, addInvoice, payInFull, seedOrg, snapshot, TODAY, type OrgFixture } from './fixtures.js';

const t = testDatabase();
const opts = { today: TODAY };

async function setup() {
  const org = await seedOrg(t.db);
  const customer = await addCustomer(t.db, org.orgId, { code: 'C1', name: 'Acme', invoices: [
    { number: 'I-1', amount: 400_000n, daysOverdue: 120 }, { number: 'I-2', amount: 80_000n, daysOverdue: 200 },
  ] });
  await claimCase(t.db, org.sales, { customer: 'C1' }, opts);
  return { org, customer };
}

async function fullEvidence(org: OrgFixture) {
  for (const method of ['letter', 'email', 'lawyer_letter'] as const) {
    await logRecord(t.db, org.sales, { customer: 'C1', method, text: `${method} sent` }, opts);
  }
  await logRecord(t.db, org.sales, { customer: 'C1', method: 'call', outcome: 'refused', text: 'refuses to pay' }, opts);
}

describe('requestEscalation', () => {
  it('refuses with the list of what is missing: 2 written records, no response', async () => {
    const { org } = await setup();
    await logRecord(t.db, org.sales, { customer: 'C1', method: 'email', outcome: 'no_answer', text: 'first notice' }, opts);
    await logRecord(t.db, org.sales, { customer: 'C1', method: 'letter', text: 'second notice' }, opts);
    await logRecord(t.db, org.sales, { customer: 'C1', method: 'call', outcome: 'no_answer', text: 'no answer' }, opts);
    const before = await snapshot(t.db, org.orgId);
    const err = await requestEscalation(t.db, org.sales, { customer: 'C1', reason: 'no payment in 4 months' }, opts).catch((e) => e);
    expect(err).toMatchObject({ code: 'evidence_missing', detail: { canOverride: false, missing: [
      { kind: 'written_records', have: 2, need: 3 }, { kind: 'customer_response' },
    ] } });
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('refuses an override from someone who is not a manager', async () => {
    const { org } = await setup();
    await expect(requestEscalation(t.db, org.sales, { customer: 'C1', reason: 'r', overrideReason: 'trust me' }, opts))
      .rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'override_requires_manager' } });
  });

  it('records a manager override with its reason and what was missing', async () => {
    const { org } = await setup();
    const r = await requestEscalation(t.db, org.manager, { customer: 'C1', reason: 'customer insolvent',
      overrideReason: 'bankruptcy filing announced; no time for letters' }, opts);
    expect(r.status).toBe('requested');
    expect(r.escalation).toMatchObject({ kind: 'legal', status: 'pending', requestedBy: { id: org.manager.userId },
      overrideReason: 'bankruptcy filing announced; no time for letters', balanceMinor: 480_000n, currency: 'CNY',
      missing: [{ kind: 'written_records', have: 0, need: 3 }, { kind: 'customer_response' }] });
    const row = await t.db.selectFrom('escalations').selectAll().where('id', '=', r.escalation!.id).executeTakeFirstOrThrow();
    expect(row.override_reason).toBe('bankruptcy filing announced; no time for letters');
    expect(row.missing).toHaveLength(2);
  });

  it('dates the request in the org\'s time zone, not UTC: 01:30 in Shanghai is that day (UTC still says the day before)', async () => {
    const { org } = await setup();
    const r = await requestEscalation(t.db, org.manager, { customer: 'C1', reason: 'r', overrideReason: 'insolvent' }, opts);
    await t.db.updateTable('orgs').set({ timezone: 'Asia/Shanghai' }).where('id', '=', org.orgId).execute();
    await t.db.updateTable('escalations').set({ created_at: new Date('2026-11-27T17:30:00Z') }).where('id', '=', r.escalation!.id).execute();
    const { loadEscalation } = await import('../../../src/services/cases/escalation-summary.js');
    const e = await loadEscalation(t.db, org.orgId, r.escalation!.id);
    expect(e.createdAt.slice(0, 10)).toBe('2026-11-27');
    expect(e.requestedOn).toBe('2026-11-28');
  });

  it('answers a second request with the pending one', async () => {
    const { org } = await setup();
    await fullEvidence(org);
    const first = await requestEscalation(t.db, org.sales, { customer: 'C1', reason: 'refuses' }, opts);
    expect(first.escalation).toMatchObject({ missing: [], overrideReason: null });
    const second = await requestEscalation(t.db, org.finance, { customer: 'C1', reason: 'again' }, opts);
    expect(second.status).toBe('already_pending');
    expect(second.escalation!.id).toBe(first.escalation!.id);
    expect(await t.db.selectFrom('escalations').select('id').where('org_id', '=', org.orgId).execute()).toHaveLength(1);
  });

  it('refuses a case not yet in the advanced stage', async () => {
    const org = await seedOrg(t.db);
    await addCustomer(t.db, org.orgId, { code: 'C1', invoices: [{ number: 'I-1', amount: 1000n, daysOverdue: 50 }] });
    await claimCase(t.db, org.sales, { customer: 'C1' }, opts);
    await fullEvidence(org);
    await expect(requestEscalation(t.db, org.sales, { customer: 'C1', reason: 'r' }, opts)).rejects.toMatchObject({
      code: 'evidence_missing', detail: { missing: [{ kind: 'advanced_stage', daysOverdue: 50, need: 91 }] } });
  });
});

async function pendingLegal() {
  const { org, customer } = await setup();
  await fullEvidence(org);
  const req = await requestEscalation(t.db, org.sales, { customer: 'C1', reason: 'refuses to pay' }, opts);
  return { org, customer, escalationId: req.escalation!.id };
}

describe('decideEscalation', () => {
  it('never lets the requester decide their own request', async () => {
    const { org } = await setup();
    const req = await requestEscalation(t.db, org.manager, { customer: 'C1', reason: 'r', overrideReason: 'urgent' }, opts);
    const before = await snapshot(t.db, org.orgId);
    for (const decision of ['approve', 'reject'] as const) {
      await expect(decideEscalation(t.db, org.manager, { escalationId: req.escalation!.id, decision, note: 'n' }, opts))
        .rejects.toMatchObject({ code: 'own_request' });
    }
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('refuses an approval from sales or finance and changes nothing', async () => {
    const { org, escalationId } = await pendingLegal();
    const before = await snapshot(t.db, org.orgId);
    for (const who of [org.sales2, org.finance]) {
      await expect(decideEscalation(t.db, who, { escalationId, decision: 'approve' }, opts))
        .rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'decide_legal' } });
    }
    expect(await snapshot(t.db, org.orgId)).toEqual(before);
  });

  it('moves the case to legal on a manager\'s approval', async () => {
    const { org, escalationId } = await pendingLegal();
    const r = await decideEscalation(t.db, org.manager, { customer: 'Acme', decision: 'approve', note: 'go ahead' }, opts);
    expect(r.status).toBe('approved');
    expect(r.escalation).toMatchObject({ id: escalationId, status: 'approved', decidedBy: { id: org.manager.userId }, decisionNote: 'go ahead' });
    expect(r.case).toMatchObject({ status: 'legal', stage: 'legal' });
    const event = await t.db.selectFrom('case_events').select(['type', 'payload']).where('org_id', '=', org.orgId)
      .where('type', '=', 'escalation.decided').executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ escalationId, decision: 'approve', kind: 'legal', requestedBy: org.sales.userId,
      actor: { userId: org.manager.userId } });
    const again = await decideEscalation(t.db, org.manager2, { escalationId, decision: 'reject', note: 'too late' }, opts);
    expect(again.status).toBe('already_decided');
    expect(again.escalation.status).toBe('approved');
  });

  it('lets legal approve a legal escalation', async () => {
    const { org, escalationId } = await pendingLegal();
    expect((await decideEscalation(t.db, org.legal, { escalationId, decision: 'approve' }, opts)).status).toBe('approved');
  });

  it('settles two managers deciding at once: one decision counts', async () => {
    const { org, escalationId } = await pendingLegal();
    const results = await Promise.all([
      decideEscalation(t.db, org.manager, { escalationId, decision: 'approve' }, opts),
      decideEscalation(t.db, org.manager2, { escalationId, decision: 'reject', note: 'no' }, opts),
    ]);
    const statuses = results.map((r) => r.status);
    expect(statuses).toContain('already_decided');
    expect(statuses.filter((s) => s !== 'already_decided')).toHaveLength(1);
    const events = await t.db.selectFrom('case_events').select('id').where('org_id', '=', org.orgId).where('type', '=', 'escalation.decided').execute();
    expect(events).toHaveLength(1);
  });

  it('needs a reason to reject', async () => {
    const { org, escalationId } = await pendingLegal();
    await expect(decideEscalation(t.db, org.manager, { escalationId, decision: 'reject' }, opts))
      .rejects.toMatchObject({ code: 'invalid', detail: { field: 'note' } });
    const r = await decideEscalation(t.db, org.manager, { escalationId, decision: 'reject', note: 'try a visit first' }, opts);
    expect(r).toMatchObject({ status: 'rejected', case: { status: 'open' }, escalation: { status: 'rejected', decisionNote: 'try a visit first' } });
  });

  it('rejects from the card without a reason, noting so in the org\'s language (issue 8)', async () => {
    const { org, escalationId } = await pendingLegal();
    await t.db.updateTable('orgs').set({ locale: 'zh-CN' }).where('id', '=', org.orgId).execute();
    const r = await decideEscalation(t.db, { ...org.manager, locale: 'en-US' }, { escalationId, decision: 'reject', onCard: true }, opts);
    expect(r).toMatchObject({ status: 'rejected', escalation: { status: 'rejected', decisionNote: '在卡片上驳回' } });
  });

  it('refuses an approval after the case was paid, and cancels the request', async () => {
    const { org, escalationId } = await pendingLegal();
    await payInFull(t.db, org.orgId, 'I-1');
    await payInFull(t.db, org.orgId, 'I-2');
    await expect(decideEscalation(t.db, org.manager, { escalationId, decision: 'approve' }, opts))
      .rejects.toMatchObject({ code: 'stale', detail: { reason: 'paid', escalationId } });
    const esc = await t.db.selectFrom('escalations').select('status').where('id', '=', escalationId).executeTakeFirstOrThrow();
    expect(esc.status).toBe('cancelled');
    const kase = await t.db.selectFrom('cases').select(['status', 'close_reason']).where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(kase).toEqual({ status: 'closed', close_reason: 'paid' });
    const types = (await t.db.selectFrom('case_events').select('type').where('org_id', '=', org.orgId).execute()).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['case.closed', 'escalation.cancelled']));
  });

  it('refuses an approval when the balance changed, keeps the request pending, and takes the next approval', async () => {
    const { org, customer, escalationId } = await pendingLegal();
    await t.db.updateTable('invoices').set({ paid_minor: 100_000n }).where('org_id', '=', org.orgId).where('number', '=', 'I-1').execute();
    await expect(decideEscalation(t.db, org.manager, { escalationId, decision: 'approve' }, opts))
      .rejects.toMatchObject({ code: 'stale', detail: { reason: 'changed', wasMinor: '480000', nowMinor: '380000', currency: 'CNY' } });
    const esc = await t.db.selectFrom('escalations').select(['status', 'balance_minor']).where('id', '=', escalationId).executeTakeFirstOrThrow();
    expect(esc).toEqual({ status: 'pending', balance_minor: 380_000n });
    expect((await decideEscalation(t.db, org.manager, { escalationId, decision: 'approve' }, opts)).status).toBe('approved');
    expect(customer.code).toBe('C1');
  });

  it('refuses "approve <customer>" as ambiguous when a legal escalation and a write-off are both pending', async () => {
    const { org } = await pendingLegal();
    await proposeWriteoff(t.db, org.finance, { invoice: 'I-2', reason: 'uncollectable' }, opts);
    const err = await decideEscalation(t.db, org.manager, { customer: 'C1', decision: 'approve' }, opts).catch((e) => e);
    expect(err.code).toBe('ambiguous');
    expect(err.detail.escalations.map((e: { kind: string }) => e.kind).sort()).toEqual(['legal', 'writeoff']);
    expect(err.detail.escalations.find((e: { kind: string }) => e.kind === 'writeoff').invoiceNumber).toBe('I-2');
  });

  it('refuses deciding by customer when nothing is pending', async () => {
    const { org } = await setup();
    await expect(decideEscalation(t.db, org.manager, { customer: 'C1', decision: 'approve' }, opts))
      .rejects.toMatchObject({ code: 'not_found', detail: { reason: 'no_pending_escalation' } });
  });

  it('returns the stored decision for a retried click with the same key', async () => {
    const { org, escalationId } = await pendingLegal();
    const key = { ...opts, idempotencyKey: 'approve:1700000000.123' };
    const first = await decideEscalation(t.db, org.manager, { escalationId, decision: 'approve' }, key);
    const retry = await decideEscalation(t.db, org.manager, { escalationId, decision: 'approve' }, key);
    expect(retry).toEqual(first);
    expect(retry.status).toBe('approved');
  });
});

describe('write-offs', () => {
  it('is proposed by finance, approved by a manager, and closes the case when nothing else is owed', async () => {
    const org = await seedOrg(t.db);
    await addCustomer(t.db, org.orgId, { code: 'C7', invoices: [{ number: 'W-1', amount: 90_000n, paid: 10_000n, daysOverdue: 400 }] });
    const proposal = await proposeWriteoff(t.db, org.finance, { invoice: 'W-1', reason: 'company dissolved' }, opts);
    expect(proposal).toMatchObject({ status: 'proposed', escalation: { kind: 'writeoff', invoice: { number: 'W-1' }, balanceMinor: 80_000n } });
    const again = await proposeWriteoff(t.db, org.manager, { invoice: 'W-1', reason: 'x' }, opts);
    expect(again.status).toBe('already_pending');
    await expect(decideEscalation(t.db, org.finance, { escalationId: proposal.escalation.id, decision: 'approve' }, opts))
      .rejects.toMatchObject({ code: 'forbidden' });
    await expect(decideEscalation(t.db, org.legal, { escalationId: proposal.escalation.id, decision: 'approve' }, opts))
      .rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'decide_writeoff' } });
    const r = await decideEscalation(t.db, org.manager, { customer: 'C7', decision: 'approve', note: 'agreed' }, opts);
    expect(r).toMatchObject({ status: 'approved', invoice: { number: 'W-1', status: 'written_off', writtenOffOn: TODAY, balanceMinor: 80_000n },
      case: { status: 'closed', overdueMinor: 0n } });
    const inv = await t.db.selectFrom('invoices').select(['status', 'written_off_on']).where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(inv).toEqual({ status: 'written_off', written_off_on: TODAY });
    const kase = await t.db.selectFrom('cases').select(['status', 'close_reason']).where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
    expect(kase).toEqual({ status: 'closed', close_reason: 'written_off' });
  });

  it('keeps the case open when other invoices are still overdue', async () => {
    const org = await seedOrg(t.db);
    const c = await addCustomer(t.db, org.orgId, { code: 'C8', invoices: [{ number: 'W-2', amount: 5_000n, daysOverdue: 300 }] });
    await addInvoice(t.db, org.orgId, c.id, { number: 'W-3', amount: 7_000n, daysOverdue: 20 });
    const p = await proposeWriteoff(t.db, org.manager, { invoice: 'W-2', reason: 'small balance' }, opts);
    const r = await decideEscalation(t.db, org.admin, { escalationId: p.escalation.id, decision: 'approve' }, opts);
    expect(r.case).toMatchObject({ status: 'open', overdueMinor: 7_000n, level: null, stage: 'primary' });
  });

  it('refuses a proposal from sales', async () => {
    const org = await seedOrg(t.db);
    await addCustomer(t.db, org.orgId, { code: 'C9', invoices: [{ number: 'W-9', amount: 5_000n, daysOverdue: 300 }] });
    await expect(proposeWriteoff(t.db, org.sales, { invoice: 'W-9', reason: 'x' }, opts))
      .rejects.toMatchObject({ code: 'forbidden', detail: { reason: 'propose_writeoff' } });
  });
});
