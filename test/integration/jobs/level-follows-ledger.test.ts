// Done-when of issue 10 item 1: a partial payment that clears the red invoice of a case with other
// overdue invoices turns the case orange in the import's own transaction; the digest, `/ar case`
// and the alert say orange; no new alert is posted.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { addDays, dateIn } from '../../../src/domain/calendar.js';
import { importFile } from '../../../src/services/import/index.js';
import { digestData } from '../../../src/services/cases/digest-data.js';
import { caseDetail } from '../../../src/services/cases/case-queries.js';
import { refreshCaseLevels } from '../../../src/services/cases/refresh-levels.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addCustomer, addInvoice, Clock, drained, makeRuntime, seedOrg, subscribe, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — one case moves red, then orange on a payment, then yellow and closed as the ledger moves behind it.
describe('levels follow the ledger', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date());
  const today = dateIn(TZ, clock.current);
  let jobs: JobsRuntime;
  let orgId: number;
  let customerId: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'levels-org', TZ);
    await subscribe(t.db, orgId, { kind: 'alerts', channel: 'C-AL' });
    customerId = await addCustomer(t.db, orgId, { code: 'LV1' });
    await addInvoice(t.db, orgId, customerId, { number: 'LV-RED', amount: 1000_00n, dueOn: addDays(today, -95) });
    await addInvoice(t.db, orgId, customerId, { number: 'LV-ORANGE', amount: 400_00n, dueOn: addDays(today, -65) });
    jobs = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: { slack }, clock });
    await jobs.start();
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
  });
  afterAll(async () => { await jobs?.stop(); });

  const caseRow = () => t.db.selectFrom('cases').selectAll().where('org_id', '=', orgId).where('customer_id', '=', customerId)
    .where('status', '<>', 'closed').executeTakeFirstOrThrow();

  it('a payment clearing the red invoice turns the case orange in the import, and the alert is updated in place', async () => {
    expect((await caseRow()).level).toBe('red');
    expect(slack.posts('C-AL')).toHaveLength(1);
    expect(slack.posts('C-AL')[0]!.message.level).toBe('red');

    // Part of the customer's overdue balance: all of the red invoice, none of the orange one.
    const csv = `invoice_number,amount,paid_on,reference\nLV-RED,1000.00,${today},R-1\n`;
    const r = await importFile(t.db, { orgId, kind: 'payments', input: Readable.from([csv]) });
    expect(r.ok).toBe(true);

    // Before any job ran: the import's transaction moved the level.
    expect((await caseRow()).level).toBe('orange');
    const digest = await digestData(t.db, orgId, { today });
    expect(digest.byLevel.red.count).toBe(0);
    expect(digest.byLevel.orange.count).toBe(1);
    expect(digest.unclaimedReds.items).toHaveLength(0);
    const detail = await caseDetail(t.db, orgId, 'LV1', { today });
    expect(detail.case!.level).toBe('orange');
    const lowered = await t.db.selectFrom('case_events').select('payload').where('org_id', '=', orgId).where('type', '=', 'case.level_lowered').execute();
    expect(lowered.map((e) => e.payload)).toEqual([expect.objectContaining({ from: 'red', to: 'orange' })]);

    await jobs.processOutbox();
    await drained(t.db, orgId);
    const posts = slack.posts('C-AL');
    const alerts = posts.filter((p) => !p.threadOf);
    expect(alerts).toHaveLength(1);   // no new alert
    const updates = slack.updates();
    expect(updates).toHaveLength(1);
    expect(updates[0]!.ref!.messageId).toBe(alerts[0]!.ref!.messageId);
    expect(updates[0]!.message.level).toBe('orange');
    const threadLines = posts.filter((p) => p.threadOf);
    expect(threadLines).toHaveLength(1);
    expect(threadLines[0]!.message.summary).toMatch(/orange/i);
    expect(threadLines[0]!.threadOf!.messageId).toBe(alerts[0]!.ref!.messageId);

    // The next scan changes nothing and posts nothing.
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
    expect(slack.posts('C-AL')).toHaveLength(2);
    expect(slack.updates()).toHaveLength(1);
  });

  it('the daily scan lowers a level the ledger moved behind its back, and closes a case paid in full', async () => {
    // A threshold override makes the remaining invoice only yellow for this grade.
    await t.db.updateTable('customers').set({ credit_grade: 'A' }).where('id', '=', customerId).execute();
    await t.db.insertInto('level_thresholds').values({ org_id: orgId, credit_grade: 'A', industry: null, yellow_days: 31, orange_days: 80, red_days: 120 }).execute();
    const res = await t.db.transaction().execute((trx) => refreshCaseLevels(trx, orgId, today));
    expect(res.refreshed).toHaveLength(1);
    expect((await caseRow()).level).toBe('yellow');

    await t.db.updateTable('invoices').set({ paid_minor: 400_00n, status: 'paid' }).where('org_id', '=', orgId).where('number', '=', 'LV-ORANGE').execute();
    const [scan] = await jobs.runAgingScan(orgId);
    expect(scan!.closedCaseIds).toHaveLength(1);
  });
});
