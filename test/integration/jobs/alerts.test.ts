import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { addDays } from '../../../src/domain/calendar.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addCustomer, addInvoice, addUser, Clock, drained, makeRuntime, seedOrg, subscribe, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';
const TODAY = '2026-03-10';

describe('aging alerts', () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date()).at(TZ, TODAY, '10:00');
  const prefix = testPrefix();
  let a: JobsRuntime;
  let b: JobsRuntime;
  let orgId: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'alerts-org', TZ);
    await subscribe(t.db, orgId, { kind: 'alerts', channel: 'C-EAST', region: 'east' });
    await subscribe(t.db, orgId, { kind: 'alerts', channel: 'C-WEST', region: 'west' });
    a = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, clock });
    b = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, clock });
    await a.start();
    await b.start();
  });
  afterAll(async () => { await a?.stop(); await b?.stop(); });

  it('raises one yellow alert for an invoice crossing day 31, even with two workers scanning at once', async () => {
    const cust = await addCustomer(t.db, orgId, { code: 'EAST1', region: 'east' });
    const inv = await addInvoice(t.db, orgId, cust, { number: 'INV-31', amount: 5000_00n, dueOn: addDays(TODAY, -31) });
    await addInvoice(t.db, orgId, cust, { number: 'INV-30', amount: 100_00n, dueOn: addDays(TODAY, -30) });   // no colour yet
    // Counted from here, for this customer: the other tests share the org and its channels.
    const [east, west] = [slack.posts('C-EAST').length, slack.posts('C-WEST').length];
    await Promise.all([a.runAgingScan(orgId), b.runAgingScan(orgId), a.runAgingScan(orgId)]);
    await drained(t.db, orgId);

    const alerts = await t.db.selectFrom('alerts_sent').innerJoin('invoices', 'invoices.id', 'alerts_sent.invoice_id').selectAll('alerts_sent')
      .where('alerts_sent.org_id', '=', orgId).where('invoices.customer_id', '=', cust).execute();
    expect(alerts.map((x) => [x.invoice_id, x.level])).toEqual([[inv, 'yellow']]);
    // This customer's: an earlier test's scan may still be delivering its own alert to C-EAST.
    const posts = slack.posts('C-EAST').slice(east).filter((p) => p.message.summary.includes('INV-31'));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.message.summary).toContain('INV-31');
    expect(slack.posts('C-WEST').slice(west)).toHaveLength(0);   // routed by region
    const cm = await t.db.selectFrom('chat_messages').selectAll().where('org_id', '=', orgId).where('kind', '=', 'alert')
      .where('case_id', '=', alerts[0]!.case_id).execute();
    expect(cm).toHaveLength(1);
    expect(cm[0]!.case_id).toBe(alerts[0]!.case_id);
    expect(cm[0]!.message_id).toBe(posts[0]!.ref!.messageId);
  });

  it('makes one message when several invoices of one customer cross in the same scan', async () => {
    const cust = await addCustomer(t.db, orgId, { code: 'WEST1', region: 'west' });
    await addInvoice(t.db, orgId, cust, { number: 'W-1', amount: 100_00n, dueOn: addDays(TODAY, -31) });
    await addInvoice(t.db, orgId, cust, { number: 'W-2', amount: 200_00n, dueOn: addDays(TODAY, -62) });
    await addInvoice(t.db, orgId, cust, { number: 'W-3', amount: 300_00n, dueOn: addDays(TODAY, -40) });
    const west = slack.posts('C-WEST').length;
    const [r] = await a.runAgingScan(orgId);
    await drained(t.db, orgId);
    expect(r!.raised).toBe(3);
    const posts = slack.posts('C-WEST').slice(west);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.message.level).toBe('orange');   // the worst of them leads
    expect(JSON.stringify(posts[0]!.message.blocks)).toContain('W-1');
  });

  it('raises nothing for a disputed invoice', async () => {
    const cust = await addCustomer(t.db, orgId, { code: 'DISP', region: 'east' });
    await addInvoice(t.db, orgId, cust, { number: 'D-1', amount: 100_00n, dueOn: addDays(TODAY, -95), status: 'disputed' });
    const [r] = await a.runAgingScan(orgId);
    expect(r!.raised).toBe(0);
  });

  it('uses the thresholds of a credit-grade override', async () => {
    await t.db.insertInto('level_thresholds').values({ org_id: orgId, credit_grade: 'D', industry: null, yellow_days: 10, orange_days: 20, red_days: 30 }).execute();
    const cust = await addCustomer(t.db, orgId, { code: 'GRADED', region: 'east', grade: 'D' });
    const inv = await addInvoice(t.db, orgId, cust, { number: 'G-1', amount: 100_00n, dueOn: addDays(TODAY, -21) });
    await a.runAgingScan(orgId);
    const alert = await t.db.selectFrom('alerts_sent').select('level').where('invoice_id', '=', inv).executeTakeFirstOrThrow();
    expect(alert.level).toBe('orange');
  });

  it('updates the alert message and its thread when a payment clears the case', async () => {
    const owner = await addUser(t.db, orgId, { name: 'Payer', slack: 'U-PAY' });
    const cust = await addCustomer(t.db, orgId, { code: 'PAYS', region: 'east', ownerId: owner });
    const inv = await addInvoice(t.db, orgId, cust, { number: 'P-1', amount: 700_00n, dueOn: addDays(TODAY, -35) });
    await a.runAgingScan(orgId);
    await drained(t.db, orgId);
    const before = slack.posts('C-EAST').find((p) => p.message.summary.includes('P-1'))!;
    expect(before).toBeDefined();

    await t.db.insertInto('payments').values({ org_id: orgId, invoice_id: inv, amount_minor: 700_00n, paid_on: TODAY, import_key: 'p1' }).execute();
    await t.db.updateTable('invoices').set({ paid_minor: 700_00n, status: 'paid' }).where('id', '=', inv).execute();
    await t.db.insertInto('case_events').values({ org_id: orgId, case_id: null, type: 'import.completed', payload: JSON.stringify({ kind: 'payments' }) }).execute();
    await a.processOutbox();
    await drained(t.db, orgId);

    const update = slack.updates().find((u) => u.ref!.messageId === before.ref!.messageId);
    expect(update?.message.level).toBe('green');
    const reply = slack.posts('C-EAST').find((p) => p.threadOf?.messageId === before.ref!.messageId);
    expect(reply).toBeDefined();
  });

  it('coalesces updates of one message: the latest rendering wins', async () => {
    const owner = await addUser(t.db, orgId, { name: 'Busy', slack: 'U-BUSY' });
    const cust = await addCustomer(t.db, orgId, { code: 'BUSY', region: 'east' });
    await addInvoice(t.db, orgId, cust, { number: 'B-1', amount: 900_00n, dueOn: addDays(TODAY, -33) });
    await a.runAgingScan(orgId);
    await drained(t.db, orgId);
    const cm = await t.db.selectFrom('chat_messages as m').innerJoin('cases as c', 'c.id', 'm.case_id')
      .select(['m.id', 'm.message_id', 'c.id as case_id']).where('c.customer_id', '=', cust).where('m.kind', '=', 'alert').executeTakeFirstOrThrow();
    const before = slack.updates().length;
    // Five changes in a row (claimed last): five update requests for the same message.
    for (let v = 1; v <= 5; v++) {
      if (v === 5) await t.db.updateTable('cases').set({ owner_user_id: owner }).where('id', '=', cm.case_id).execute();
      await a.delivery.enqueue([{ orgId, platform: 'slack', channelId: 'C-EAST', kind: 'update', caseId: cm.case_id, chatMessageId: cm.id, dedupeKey: `update:${cm.id}:${100 + v}` }]);
    }
    await drained(t.db, orgId);
    const updates = slack.updates().slice(before).filter((u) => u.ref!.messageId === cm.message_id);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThanOrEqual(2);
    expect(JSON.stringify(updates.at(-1)!.message)).toContain('Busy');   // the last rendering shows the owner
    const rows = await t.db.selectFrom('deliveries').select('status').where('org_id', '=', orgId).where('kind', '=', 'update').where('chat_message_id', '=', cm.id).execute();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  });
});
