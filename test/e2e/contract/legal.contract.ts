// The legal track, written once and run through every adapter (legal-console.test.ts,
// legal-slack.test.ts, legal-lark.test.ts): a red case of the demo org has been handed to legal;
// legal moves it through the litigation stages by command, a salesperson's move is refused and
// changes nothing, and it closes as recovered. Every platform leaves the same outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRecordChain } from '../../../src/services/audit.js';
import { actorByEmail } from '../../../src/services/identity.js';
import { decideEscalation, requestEscalation } from '../../../src/services/cases/index.js';
import { loadDemoOrg } from '../../../src/services/demo/index.js';
import { testDatabase } from '../../support/db.js';
import { AS_OF, demoOrgId, type Driver } from './driver.js';
import { MANAGER, SALES } from './story.contract.js';

export const LEGAL = 'guo.qiang@demo.duebot.local';        // legal; zh-CN; on Slack and Lark
const OTHER_MANAGER = 'david.lin@demo.duebot.local';    // manager; en-US

export function legalContract(makeDriver: () => Driver): void {
  const t = testDatabase();
  const d = makeDriver();
  let orgId: number;
  let code: string;
  let caseId: number;

  beforeAll(async () => {
    await loadDemoOrg(t.db, { asOf: AS_OF });
    orgId = await demoOrgId(t.db);
    // An open red case without a pending request, handed to legal by a manager's override and another's approval.
    const row = await t.db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['cases.id', 'customers.code']).where('cases.org_id', '=', orgId).where('cases.level', '=', 'red')
      .where('cases.status', '=', 'open')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('escalations').select('id').whereRef('escalations.case_id', '=', 'cases.id'))))
      .orderBy('cases.id').executeTakeFirstOrThrow();
    [code, caseId] = [row.code, row.id];
    const opts = { today: AS_OF };
    const manager = await actorByEmail(t.db, orgId, MANAGER);
    const r = await requestEscalation(t.db, manager, { customer: code, reason: 'insolvency risk', overrideReason: 'assets being moved' }, opts);
    await decideEscalation(t.db, await actorByEmail(t.db, orgId, OTHER_MANAGER), { escalationId: r.escalation!.id, decision: 'approve' }, opts);
    await d.setup(t.db);
  });
  afterAll(async () => { await d.teardown(); });

  // A story: its steps run in order even under `--sequence.shuffle` (issue 14) — its steps build on each other: the case moves to the lawyer's letter and filing, then the refusals are judged against that stage, then it closes.
  describe(`the legal track on ${d.platform}`, { shuffle: false }, () => {
    it('moves the case to the lawyer\'s letter and to filing, each said back to legal', async () => {
      await d.as(LEGAL);
      await d.command('lang en');
      const from = d.transcript().length;
      await d.command(`legal ${code} letter Lawyer's letter sent by courier <!channel>`);
      await d.command(`legal ${code} filed Filed at the district court`);
      const out = d.transcript().slice(from);
      expect(out).toContain('is now at the legal stage: lawyer\'s letter.');
      expect(out).toContain('is now at the legal stage: filed in court.');
    });

    it('refuses a salesperson\'s move and a move back, changing nothing', async () => {
      const count = async () => Number((await t.db.selectFrom('legal_moves').select((eb) => eb.fn.countAll<string>().as('n'))
        .where('org_id', '=', orgId).executeTakeFirstOrThrow()).n);
      const before = await count();
      await d.as(SALES);
      const from = d.transcript().length;
      await d.command(`legal ${code} mediation trying to mediate`);
      expect(d.transcript().slice(from)).toContain('你没有权限执行此操作。');
      await d.as(LEGAL);
      const back = d.transcript().length;
      await d.command(`legal ${code} letter another letter`);
      expect(d.transcript().slice(back)).toContain('legal stages only move forward');
      expect(await count()).toBe(before);
    });

    it('closes as recovered, and leaves the same records, moves and an intact chain on every platform', async () => {
      const from = d.transcript().length;
      await d.command(`legal ${code} closed recovered 1,000.00 Settled after judgment`);
      expect(d.transcript().slice(from)).toContain('Recovered:');
      const moves = await t.db.selectFrom('legal_moves').innerJoin('users', 'users.id', 'legal_moves.moved_by')
        .select(['legal_moves.stage', 'legal_moves.result', 'legal_moves.recovered_minor', 'users.email'])
        .where('legal_moves.org_id', '=', orgId).where('legal_moves.case_id', '=', caseId).orderBy('legal_moves.id').execute();
      expect(moves).toEqual([
        { stage: 'letter', result: null, recovered_minor: null, email: LEGAL },
        { stage: 'filed', result: null, recovered_minor: null, email: LEGAL },
        { stage: 'closed', result: 'recovered', recovered_minor: 100_000n, email: LEGAL },
      ]);
      const records = await t.db.selectFrom('collection_records').select(['method', 'body'])
        .where('org_id', '=', orgId).where('case_id', '=', caseId).orderBy('seq', 'desc').limit(3).execute();
      expect(records.reverse()).toEqual([
        // User text is text: Slack escapes < > & in a slash command, the adapter unescapes.
        { method: 'lawyer_letter', body: '[letter] Lawyer\'s letter sent by courier <!channel>' },
        { method: 'note', body: '[filed] Filed at the district court' },
        { method: 'note', body: '[closed] Settled after judgment' },
      ]);
      const kase = await t.db.selectFrom('cases').select(['status', 'legal_stage']).where('id', '=', caseId).executeTakeFirstOrThrow();
      expect(kase).toEqual({ status: 'legal', legal_stage: 'closed' });
      expect(await verifyRecordChain(t.db, orgId)).toMatchObject({ ok: true });
    });
  });
}
