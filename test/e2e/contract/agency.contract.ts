// Handing a case to a collection agency, written once and run through every adapter
// (agency-console.test.ts, agency-slack.test.ts, agency-lark.test.ts): a manager asks with
// `/ar escalate <customer> agency <name> <reason>`, another approves, the case card shows the agency,
// and a payment after the hand-off counts toward the agency's fee in `duebot report agencies`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorByEmail } from '../../../src/services/identity.js';
import { logRecord } from '../../../src/services/cases/index.js';
import { loadDemoOrg } from '../../../src/services/demo/index.js';
import { agencyReport, setAgency } from '../../../src/services/legal/agencies.js';
import { testDatabase } from '../../support/db.js';
import { AS_OF, demoOrgId, type Driver } from './driver.js';
import { MANAGER } from './story.contract.js';

const OTHER_MANAGER = 'david.lin@demo.duebot.local';    // manager; en-US

export function agencyContract(makeDriver: () => Driver): void {
  const t = testDatabase();
  const d = makeDriver();
  let orgId: number;
  let code: string;
  let caseId: number;

  beforeAll(async () => {
    await loadDemoOrg(t.db, { asOf: AS_OF });
    orgId = await demoOrgId(t.db);
    await setAgency(t.db, orgId, 'Huatai Recovery', '20');
    // An open red case without requests, with the evidence chain complete (three letters, an answer).
    const row = await t.db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['cases.id', 'customers.code']).where('cases.org_id', '=', orgId).where('cases.level', '=', 'red')
      .where('cases.status', '=', 'open')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('escalations').select('id').whereRef('escalations.case_id', '=', 'cases.id'))))
      .orderBy('cases.id').executeTakeFirstOrThrow();
    [code, caseId] = [row.code, row.id];
    const manager = await actorByEmail(t.db, orgId, MANAGER);
    for (const outcome of [undefined, undefined, 'reached'] as const) {
      await logRecord(t.db, manager, { customer: code, method: 'letter', ...(outcome ? { outcome } : {}), text: 'demand letter by courier' }, { today: AS_OF });
    }
    await d.setup(t.db);
  });
  afterAll(async () => { await d.teardown(); });

  // A story: its steps run in order even under `--sequence.shuffle` (issue 14) — its steps build on each other: the refused hand-off leaves nothing, then the request is approved, then the case is handed back.
  describe(`a collection agency hand-off on ${d.platform}`, { shuffle: false }, () => {
    it('refuses an agency the org does not have, changing nothing', async () => {
      await d.as(MANAGER);
      await d.command('lang en');
      const from = d.transcript().length;
      await d.command(`escalate ${code} agency Nobody no answer`);
      expect(d.transcript().slice(from)).toContain('No collection agency has that name');
      expect(await t.db.selectFrom('escalations').select('id').where('org_id', '=', orgId).where('case_id', '=', caseId).execute()).toHaveLength(0);
    });

    it('asks for the hand-off, and another manager approves it', async () => {
      const from = d.transcript().length;
      await d.command(`escalate ${code} agency "Huatai Recovery" three letters unanswered`);
      // The request card (or, where requests go to a channel, the confirmation) names the agency.
      expect(d.transcript().slice(from)).toContain('Huatai Recovery');
      const esc = await t.db.selectFrom('escalations').innerJoin('agencies', 'agencies.id', 'escalations.agency_id')
        .select(['escalations.kind', 'escalations.status', 'agencies.name']).where('escalations.org_id', '=', orgId)
        .where('escalations.case_id', '=', caseId).execute();
      expect(esc).toEqual([{ kind: 'agency', status: 'pending', name: 'Huatai Recovery' }]);
      await d.as(OTHER_MANAGER);
      const approve = d.transcript().length;
      await d.command(`approve ${code} go ahead`);
      expect(d.transcript().slice(approve)).toMatch(/Hand-off to a collection agency of .* approved/);
      const held = await t.db.selectFrom('case_agencies').innerJoin('agencies', 'agencies.id', 'case_agencies.agency_id')
        .select(['agencies.name', 'case_agencies.fee_share', 'case_agencies.from_on', 'case_agencies.until_on'])
        .where('case_agencies.org_id', '=', orgId).where('case_agencies.case_id', '=', caseId).execute();
      expect(held).toEqual([{ name: 'Huatai Recovery', fee_share: '0.2000', from_on: AS_OF, until_on: null }]);
      const kase = await t.db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirstOrThrow();
      expect(kase.status).toBe('open');   // an agency collects; the case is not with legal
    });

    it('shows the agency on the card, refuses a second hand-off, and counts a later payment toward its fee', async () => {
      const from = d.transcript().length;
      await d.command(`case ${code}`);
      expect(d.transcript().slice(from)).toContain('With the collection agency Huatai Recovery since');
      const again = d.transcript().length;
      await d.command(`escalate ${code} agency "Huatai Recovery" again`);
      expect(d.transcript().slice(again)).toContain('already with a collection agency');
      const inv = await t.db.selectFrom('invoices').innerJoin('customers', 'customers.id', 'invoices.customer_id')
        .select(['invoices.id', 'invoices.currency']).where('invoices.org_id', '=', orgId).where('customers.code', '=', code)
        .where('invoices.status', '=', 'open').orderBy('invoices.id').executeTakeFirstOrThrow();
      await t.db.insertInto('payments').values({ org_id: orgId, invoice_id: inv.id, amount_minor: 1_234_56n, paid_on: AS_OF, import_key: 'agency-contract' }).execute();
      const r = await agencyReport(t.db, orgId, { asOf: AS_OF });
      expect(r.agencies).toEqual([{ agency: 'Huatai Recovery', feeShare: '0.2000', cases: 1, openCases: 1, recoveredMinor: 1_234_56n, feeMinor: 24_691n }]);
    });
  });
}
