// Every command writes its audit row and its domain event in the same transaction as the change.
import { describe, expect, it } from 'vitest';
import {
  assignCase, claimCase, decideEscalation, disputeInvoice, logRecord, promiseToPay, proposeWriteoff, releaseCase,
  requestEscalation, snoozeCase,
} from '../../../src/services/cases/index.js';
import { testDatabase } from '../../support/db.js';
import { addCustomer, seedOrg, TODAY } from './fixtures.js';

const t = testDatabase();
const opts = { today: TODAY };

describe('audit log and case events', () => {
  it('are written by every command, with the actor, the case and the ids renderers need', async () => {
    const org = await seedOrg(t.db);
    const customer = await addCustomer(t.db, org.orgId, { code: 'C1', invoices: [
      { number: 'I-1', amount: 100_000n, daysOverdue: 150 }, { number: 'I-2', amount: 20_000n, daysOverdue: 200 },
      { number: 'I-3', amount: 5_000n, daysOverdue: 100 },
    ] });
    const steps: [string, string, () => Promise<unknown>][] = [
      ['case.claim', 'case.claimed', () => claimCase(t.db, org.sales, { customer: 'C1' }, opts)],
      ['record.log', 'record.logged', () => logRecord(t.db, org.sales, { customer: 'C1', method: 'call', text: 'hi' }, opts)],
      ['promise.make', 'promise.made', () => promiseToPay(t.db, org.sales, { customer: 'C1', amount: '10', promisedOn: '2026-04-01' }, opts)],
      ['invoice.dispute', 'invoice.disputed', () => disputeInvoice(t.db, org.finance, { invoice: 'I-3', reason: 'wrong price' }, opts)],
      ['case.snooze', 'case.snoozed', () => snoozeCase(t.db, org.sales, { customer: 'C1', days: 3, reason: 'holiday' }, opts)],
      ['case.release', 'case.released', () => releaseCase(t.db, org.sales, { customer: 'C1' }, opts)],
      ['case.assign', 'case.assigned', () => assignCase(t.db, org.finance, { customer: 'C1', assignee: { userId: org.sales2.userId } }, opts)],
      ['escalation.request', 'escalation.requested',
        () => requestEscalation(t.db, org.manager, { customer: 'C1', reason: 'r', overrideReason: 'o' }, opts)],
      ['escalation.reject', 'escalation.decided', () => decideEscalation(t.db, org.legal, { customer: 'C1', decision: 'reject', note: 'n' }, opts)],
      ['writeoff.propose', 'writeoff.proposed', () => proposeWriteoff(t.db, org.finance, { invoice: 'I-2', reason: 'w' }, opts)],
      ['escalation.approve', 'escalation.decided', () => decideEscalation(t.db, org.manager, { customer: 'C1', decision: 'approve' }, opts)],
    ];
    let lastVersion = 0;
    for (const [action, type, run] of steps) {
      const auditBefore = await t.db.selectFrom('audit_log').select('id').where('org_id', '=', org.orgId).orderBy('id', 'desc').executeTakeFirst();
      const eventBefore = await t.db.selectFrom('case_events').select('id').where('org_id', '=', org.orgId).orderBy('id', 'desc').executeTakeFirst();
      await run();
      const audits = await t.db.selectFrom('audit_log').selectAll().where('org_id', '=', org.orgId)
        .where('id', '>', auditBefore?.id ?? 0n).execute();
      const events = await t.db.selectFrom('case_events').selectAll().where('org_id', '=', org.orgId)
        .where('id', '>', eventBefore?.id ?? 0n).execute();
      const audit = audits.find((a) => a.action === action);
      const event = events.find((e) => e.type === type);
      expect(audit, action).toBeDefined();
      expect(audit!.actor).toMatch(/^user:\d+$/);
      expect(audit!.subject_type).not.toBeNull();
      expect(event, type).toBeDefined();
      expect(event!.payload).toMatchObject({ caseId: event!.case_id, customerId: customer.id, actor: { userId: audit!.actor_user_id } });
      const kase = await t.db.selectFrom('cases').select('version').where('id', '=', event!.case_id!).executeTakeFirstOrThrow();
      expect(kase.version, `${action} bumps the case version`).toBeGreaterThan(lastVersion);
      lastVersion = kase.version;
    }
  });
});
