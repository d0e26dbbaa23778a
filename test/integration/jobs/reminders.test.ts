import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { zonedInstant } from '../../../src/domain/calendar.js';
import { addReminders } from '../../../src/services/reminders/detect-reminders.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addCustomer, addInvoice, addUser, Clock, drained, makeRuntime, seedOrg, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — one org lives through March and April on one jobs runtime; each step's clock is later than the last's, and each sweep delivers what is due by then.
describe('reminders', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date());
  const prefix = testPrefix();
  let rt: JobsRuntime;
  let orgId: number;
  let owner: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'reminders-org', TZ);
    owner = await addUser(t.db, orgId, { name: 'Owner', slack: 'U-OWNER' });
    rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, clock });
    await rt.start();
  });
  afterAll(async () => { await rt?.stop(); });

  async function openCase(code: string, dueOn: string) {
    const cust = await addCustomer(t.db, orgId, { code, ownerId: owner });
    await addInvoice(t.db, orgId, cust, { number: `${code}-1`, amount: 1000_00n, dueOn });
    const c = await t.db.insertInto('cases').values({ org_id: orgId, customer_id: cust, owner_user_id: owner, claimed_at: clock.now() })
      .returning('id').executeTakeFirstOrThrow();
    return { customerId: cust, caseId: c.id };
  }

  it('detects a broken promise once its date + 3 days of grace have passed, tells the owner and the case thread', async () => {
    clock.at(TZ, '2026-03-06', '10:00');   // a Friday
    const { customerId, caseId } = await openCase('PROM', '2026-02-01');
    const alertMsg = await t.db.insertInto('chat_messages').values({ org_id: orgId, platform: 'slack', channel_id: 'C-ALERTS',
      message_id: 'root-1', kind: 'alert', case_id: caseId }).returning('id').executeTakeFirstOrThrow();
    const p = await t.db.insertInto('promises').values({ org_id: orgId, case_id: caseId, customer_id: customerId, made_by_user_id: owner,
      amount_minor: 500_00n, currency: 'CNY', promised_on: '2026-03-06', created_at: zonedInstant(TZ, '2026-03-02', 10 * 60) })
      .returning('id').executeTakeFirstOrThrow();

    await rt.sweepReminders(orgId);   // on the promised day: due today, not broken
    await drained(t.db, orgId);
    let row = await t.db.selectFrom('promises').select('status').where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');

    clock.at(TZ, '2026-03-09', '09:30');   // the last day of grace (DOMAIN.md: date + 3 days)
    await rt.sweepReminders(orgId);
    row = await t.db.selectFrom('promises').select('status').where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');

    clock.at(TZ, '2026-03-10', '09:30');
    await rt.sweepReminders(orgId);
    await drained(t.db, orgId);
    row = await t.db.selectFrom('promises').select('status').where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('broken');
    const dms = slack.dms('U-OWNER').map((c) => c.message.summary);
    expect(dms.some((s) => /did not pay .* the promise is broken/.test(s))).toBe(true);
    expect(dms.some((s) => /promised to pay/.test(s))).toBe(true);   // the day before: due today
    const reply = slack.posts('C-ALERTS').find((c) => c.threadOf?.messageId === 'root-1');
    expect(reply?.message.summary).toMatch(/promise broken/);
    expect(alertMsg.id).toBeGreaterThan(0);
  });

  it('delivers a reminder due at 22:00 at 09:00 the next working day', async () => {
    const { caseId } = await openCase('LATE', '2026-01-01');
    clock.at(TZ, '2026-03-13', '22:00');   // a Friday evening
    const [id] = await addReminders(t.db, orgId, [{ kind: 'next_action', userId: owner, caseId, dedupeKey: `test-late:${caseId}`, at: clock.now() }]);
    const r = await t.db.selectFrom('reminders').select('due_at').where('id', '=', id!).executeTakeFirstOrThrow();
    expect(r.due_at.toISOString()).toBe(zonedInstant(TZ, '2026-03-16', 9 * 60).toISOString());   // Monday 09:00

    const before = slack.dms('U-OWNER').length;
    await rt.sweepReminders(orgId);
    clock.at(TZ, '2026-03-16', '08:59');
    await rt.sweepReminders(orgId);
    // Whatever the sweeps queued is sent by now (a state, not a sleep): nothing was.
    await drained(t.db, orgId);
    expect(slack.dms('U-OWNER').length).toBe(before);
    const none = await t.db.selectFrom('deliveries').select('id').where('reminder_id', '=', id!).execute();
    expect(none).toHaveLength(0);

    clock.at(TZ, '2026-03-16', '09:00');
    await rt.sweepReminders(orgId);
    await drained(t.db, orgId);
    const sent = await t.db.selectFrom('reminders').select(['status', 'sent_at']).where('id', '=', id!).executeTakeFirstOrThrow();
    expect(sent.status).toBe('sent');
    expect(slack.dms('U-OWNER').length).toBeGreaterThan(before);
  });

  it('asks the owner of a quiet claim "still working on it?" and releases it a working day later', async () => {
    clock.at(TZ, '2026-03-02', '10:00');   // Monday: claimed
    const { caseId } = await openCase('QUIET', '2026-01-01');
    clock.at(TZ, '2026-03-09', '10:00');   // five working days later, no record
    await rt.sweepReminders(orgId);
    await drained(t.db, orgId);
    const ask = slack.dms('U-OWNER').find((c) => c.message.actions?.some((a) => a.id === 'lease_keep'));
    expect(ask).toBeDefined();
    clock.at(TZ, '2026-03-09', '17:00');
    await rt.sweepReminders(orgId);
    let c = await t.db.selectFrom('cases').select('owner_user_id').where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(c.owner_user_id).toBe(owner);
    clock.at(TZ, '2026-03-10', '10:30');   // a working day after the question
    await rt.sweepReminders(orgId);
    c = await t.db.selectFrom('cases').select('owner_user_id').where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(c.owner_user_id).toBeNull();
    const ev = await t.db.selectFrom('case_events').select('type').where('case_id', '=', caseId).where('type', '=', 'case.released').execute();
    expect(ev).toHaveLength(1);
  });

  it('logs a person without a chat identity as not reminded, with the reason', async () => {
    const nobody = await addUser(t.db, orgId, { name: 'Nobody' });
    clock.at(TZ, '2026-03-17', '10:00');
    const [id] = await addReminders(t.db, orgId, [{ kind: 'snooze_ended', userId: nobody, dedupeKey: 'test-nobody', at: clock.now() }]);
    await rt.sweepReminders(orgId);
    const d = await t.db.selectFrom('deliveries').selectAll().where('reminder_id', '=', id!).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ status: 'failed', reason: 'no_chat_identity' });
  });

  it('tells the managers about a red case with no record 48 hours after its alert, once', async () => {
    const mgr = await addUser(t.db, orgId, { name: 'Manager', role: 'manager', slack: 'U-MGR' });
    clock.at(TZ, '2026-03-18', '10:00');   // Wednesday
    const cust = await addCustomer(t.db, orgId, { code: 'REDX' });
    const inv = await addInvoice(t.db, orgId, cust, { number: 'REDX-1', amount: 100_00n, dueOn: '2025-11-01' });
    const c = await t.db.insertInto('cases').values({ org_id: orgId, customer_id: cust, level: 'red' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('alerts_sent').values({ org_id: orgId, invoice_id: inv, case_id: c.id, level: 'red', raised_on: '2026-03-18', created_at: clock.now() }).execute();
    clock.at(TZ, '2026-03-20', '09:59');   // 47:59 later
    await rt.sweepReminders(orgId);
    await drained(t.db, orgId);
    expect(slack.dms('U-MGR')).toHaveLength(0);
    clock.at(TZ, '2026-03-20', '10:00');
    await rt.sweepReminders(orgId);
    await rt.sweepReminders(orgId);
    await drained(t.db, orgId);
    expect(slack.dms('U-MGR')).toHaveLength(1);
    expect(mgr).toBeGreaterThan(0);
  });

  it('tells the customers\' owner once, at the start of their working day, what falls due in pre_due_days (3)', async () => {
    clock.at(TZ, '2026-04-13', '08:00');   // a Monday, before work
    const soon = await addCustomer(t.db, orgId, { code: 'SOON', ownerId: owner });
    await addInvoice(t.db, orgId, soon, { number: 'SOON-1', amount: 1200_00n, dueOn: '2026-04-16' });
    await addInvoice(t.db, orgId, soon, { number: 'SOON-2', amount: 300_00n, dueOn: '2026-04-16' });
    await addInvoice(t.db, orgId, soon, { number: 'SOON-LATER', amount: 300_00n, dueOn: '2026-04-17' });
    const nobody = await addCustomer(t.db, orgId, { code: 'NOBODY' });   // no owner: nobody to tell
    await addInvoice(t.db, orgId, nobody, { number: 'NOBODY-1', amount: 100_00n, dueOn: '2026-04-16' });
    await rt.sweepReminders(orgId);
    const rows = await t.db.selectFrom('reminders').select(['user_id', 'falls_due_on', 'due_at']).where('org_id', '=', orgId)
      .where('kind', '=', 'pre_due').execute();
    expect(rows).toEqual([{ user_id: owner, falls_due_on: '2026-04-16', due_at: zonedInstant(TZ, '2026-04-13', 9 * 60) }]);

    const before = slack.dms('U-OWNER').length;
    clock.at(TZ, '2026-04-13', '09:05');
    await rt.sweepReminders(orgId);
    await drained(t.db, orgId);
    await rt.sweepReminders(orgId);   // again the same day: nothing more
    await drained(t.db, orgId);
    const sent = slack.dms('U-OWNER').slice(before).map((c) => JSON.stringify(c.message));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('2 open invoice(s) of your customers fall due on Apr 16, 2026');
    expect(sent[0]).toContain('SOON-1');
    expect(sent[0]).toContain('SOON-2');
    expect(sent[0]).not.toContain('SOON-LATER');
  });
});
