// A flagged target asks for a remediation plan and follows it up (issue 10; DOMAIN.md "Targets";
// 001: 低于目标值80%…提交整改方案并限期跟进): the weekly KPI run asks the target's owner once per period
// by direct message with a "Send a remediation plan" button; the form records who, what and by
// when once; the next KPI post shows the plan; 7 days after the flag a follow-up says whether the
// plan came and how the figure moved — once.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { createChat } from '../../../src/chat/router.js';
import type { ChatRequest } from '../../../src/chat/request.js';
import { decodeTargetFlagAction } from '../../../src/chat/target-flag-action.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addCustomer, addInvoice, addUser, Clock, drained, makeRuntime, seedOrg, subscribe, testPrefix, waitFor } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';
const MONDAY = '2026-03-09';
const NEXT_MONDAY = '2026-03-16';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the ask, the form it opens, the plan it records, the KPI post showing it and the follow-up a week later.
describe('remediation plans of flagged targets', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date()).at(TZ, MONDAY, '09:00');
  let rt: JobsRuntime;
  let orgId: number;
  let sub: number;
  let manager: number;
  let seller: number;
  let unpaid: number;
  let recoveryTarget: number;
  const chat = () => createChat({ db: t.db, log: pino({ level: 'silent' }), now: clock.now, outbox: { publish: async () => undefined } });
  const as = (email: string, key: string, workspaceId = 'remedy-org'): ChatRequest =>
    ({ platform: 'console', workspaceId, channelId: 'dm', externalUserId: email, idempotencyKey: key });
  const flagOf = (targetId: number) => t.db.selectFrom('target_flags').selectAll().where('org_id', '=', orgId).where('target_id', '=', targetId).execute();
  const sent = (kind: string, n: number) => waitFor(`${n} ${kind} sent`, async () => {
    const r = await t.db.selectFrom('reminders').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId)
      .where('kind', '=', kind).where('status', '=', 'sent').executeTakeFirstOrThrow();
    return Number(r.n) >= n;
  });

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'remedy-org', TZ);
    manager = await addUser(t.db, orgId, { name: 'Mia', role: 'manager', slack: 'U-MIA' });
    seller = await addUser(t.db, orgId, { name: 'Sol', role: 'sales', slack: 'U-SOL' });
    await addUser(t.db, orgId, { name: 'Sid', role: 'sales', slack: 'U-SID' });
    sub = await subscribe(t.db, orgId, { kind: 'kpi', channel: 'C-KPI' });
    // Half of what fell due collected: recovery 50% against 90% (55.56% achieved); the overdue balance 1,000.00 against 200.00 (20%).
    const c = await addCustomer(t.db, orgId, { code: 'R1' });
    const paid = await addInvoice(t.db, orgId, c, { number: 'R-1', amount: 1000_00n, dueOn: '2026-02-17' });
    unpaid = await addInvoice(t.db, orgId, c, { number: 'R-2', amount: 1000_00n, dueOn: '2026-02-17' });
    await t.db.insertInto('payments').values({ org_id: orgId, invoice_id: paid, amount_minor: 1000_00n, paid_on: '2026-03-04', import_key: 'r1' }).execute();
    await t.db.updateTable('invoices').set({ paid_minor: 1000_00n, status: 'paid' }).where('id', '=', paid).execute();
    recoveryTarget = (await t.db.insertInto('targets').values({ org_id: orgId, scope: 'org', metric: 'recovery', value: '90', percent: '90', period: 'month',
      owner_user_id: manager }).returning('id').executeTakeFirstOrThrow()).id;
    // No owner: the org's managers are asked.
    await t.db.insertInto('targets').values({ org_id: orgId, scope: 'org', metric: 'overdue', value: '200', period: 'month' }).execute();
    rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: { slack }, clock });
    await rt.start();
  });
  afterAll(async () => { await rt?.stop(); });

  it('asks the owner once per target and period, with a button naming the flag', async () => {
    expect(await rt.runSchedule({ type: 'kpi', orgId, subscriptionId: sub })).toBe('queued');
    await sent('target_flagged', 2);
    await drained(t.db, orgId);
    const asks = slack.dms('U-MIA');
    expect(asks).toHaveLength(2);
    const texts = asks.map((d) => d.message.summary).sort();
    expect(texts[0]).toContain('Overdue balance target for org (CNY 200.00 per month) is under 80% achieved: CNY 1,000.00 so far (20% achieved)');
    expect(texts[1]).toContain('Recovery rate target for org (90% per month) is under 80% achieved: 50% so far (55.56% achieved)');
    const [flag] = await flagOf(recoveryTarget);
    expect(flag).toMatchObject({ period_start: '2026-03-01', flagged_on: MONDAY, follow_up_on: NEXT_MONDAY, asked_user_ids: [manager], plan_at: null });
    const ask = asks.find((d) => d.message.summary.startsWith('Recovery'))!;
    expect(ask.message.actions!.map((a) => [a.id, decodeTargetFlagAction(a.value)])).toEqual([['target_plan', { v: 1, org: orgId, flag: flag!.id }]]);
    // Another run the same week, and a run of another subscription: nobody is asked twice.
    await rt.runSchedule({ type: 'kpi', orgId, subscriptionId: sub });
    const other = await subscribe(t.db, orgId, { kind: 'kpi', channel: 'C-KPI-2' });
    await rt.runSchedule({ type: 'kpi', orgId, subscriptionId: other });
    await drained(t.db, orgId);
    expect(slack.dms('U-MIA')).toHaveLength(2);
    expect(await flagOf(recoveryTarget)).toHaveLength(1);
  });

  it('opens the form for those asked only, in their org only', async () => {
    const [flag] = await flagOf(recoveryTarget);
    const value = slack.dms('U-MIA').find((d) => d.message.summary.startsWith('Recovery'))!.message.actions![0]!.value;
    const c = chat();
    const form = await c.handleButton({ ...as('mia@example.com', 'open-1'), actionId: 'target_plan', value });
    expect(form.outcome).toBe('done');
    expect(form.form).toMatchObject({ id: 'target_plan', value: `t1.${orgId}.${flag!.id}` });
    const owner = form.form!.fields.find((f) => f.name === 'owner')!;
    expect(owner.initial).toBe(String(manager));
    expect(owner.options!.map((o) => o.label)).toEqual(['Mia', 'Sid', 'Sol']);   // the asker first
    expect(form.form!.fields.find((f) => f.name === 'due_on')!.initial).toBe(NEXT_MONDAY);
    // A salesperson who was not asked is refused; so is anyone clicking a flag of another org.
    expect(await c.handleButton({ ...as('sid@example.com', 'open-2'), actionId: 'target_plan', value })).toMatchObject({ outcome: 'refused' });
    const otherOrg = await seedOrg(t.db, 'remedy-other', TZ);
    await addUser(t.db, otherOrg, { name: 'Oz', role: 'manager' });
    expect(await c.handleButton({ ...as('oz@example.com', 'open-3', 'remedy-other'), actionId: 'target_plan', value })).toMatchObject({ outcome: 'refused' });
    expect(await c.handleButton({ ...as('oz@example.com', 'open-4', 'remedy-other'), actionId: 'target_plan', value: `t1.${otherOrg}.${flag!.id}` }))
      .toMatchObject({ outcome: 'refused' });
  });

  it('records the plan once: bad input changes nothing, a second submission changes nothing', async () => {
    const [flag] = await flagOf(recoveryTarget);
    const value = `t1.${orgId}.${flag!.id}`;
    const c = chat();
    const submit = (key: string, form: Record<string, string>, email = 'mia@example.com') =>
      c.handleButton({ ...as(email, key), actionId: 'form:target_plan', value, formValues: form });
    const good = { owner: String(seller), action: 'Call the ten largest debtors <!channel>', due_on: '2026-03-20' };
    for (const bad of [{ ...good, due_on: '2026-03-01' }, { ...good, due_on: 'soon' }, { ...good, action: '  ' }, { ...good, owner: 'Sol' }, { ...good, owner: '999999' }]) {
      expect(await submit(`bad-${JSON.stringify(bad)}`, bad)).toMatchObject({ outcome: 'refused', changedCaseIds: [] });
    }
    expect(await submit('sid-1', good, 'sid@example.com')).toMatchObject({ outcome: 'refused' });
    expect((await flagOf(recoveryTarget))[0]!.plan_at).toBeNull();

    const first = await submit('plan-1', good);
    expect(first.outcome).toBe('done');
    expect(JSON.stringify(first.reply)).toContain('Remediation plan recorded');
    const again = await submit('plan-2', { ...good, action: 'Something else' });
    expect(JSON.stringify(again.reply)).toContain('already recorded');
    const [row] = await flagOf(recoveryTarget);
    expect(row).toMatchObject({ plan_owner_user_id: seller, plan_action: good.action, plan_due_on: '2026-03-20', plan_by_user_id: manager });
    const audit = await t.db.selectFrom('audit_log').select('action').where('org_id', '=', orgId).where('action', '=', 'target.plan').execute();
    expect(audit).toHaveLength(1);
    // The form is not offered again once a plan is recorded.
    const reopened = await c.handleButton({ ...as('mia@example.com', 'open-5'), actionId: 'target_plan', value });
    expect(reopened.form).toBeUndefined();
    expect(JSON.stringify(reopened.reply)).toContain('already recorded');
  });

  it('shows the plan in the next KPI post, and a target without one says so', async () => {
    clock.at(TZ, NEXT_MONDAY, '09:00');
    await rt.runSchedule({ type: 'kpi', orgId, subscriptionId: sub });
    await drained(t.db, orgId);
    const post = JSON.stringify(slack.posts('C-KPI').at(-1)!.message);
    expect(post).toContain('plan: ');
    expect(post).toContain('“Call the ten largest debtors <!channel>” by Mar 20, 2026');
    expect(post).toContain('no remediation plan yet');
  });

  it('follows up 7 days after the flag, once: the plan and how the figure moved, or the ask again', async () => {
    // The other half is paid on 12 March: recovery 100%, better than at the flag.
    await t.db.insertInto('payments').values({ org_id: orgId, invoice_id: unpaid, amount_minor: 1000_00n, paid_on: '2026-03-12', import_key: 'r2' }).execute();
    await t.db.updateTable('invoices').set({ paid_minor: 1000_00n, status: 'paid' }).where('id', '=', unpaid).execute();
    clock.at(TZ, NEXT_MONDAY, '09:30');
    await rt.sweepReminders(orgId);
    await sent('target_follow_up', 3);
    await drained(t.db, orgId);
    const mia = slack.dms('U-MIA').slice(2).map((d) => d.message.summary).sort();
    expect(mia).toHaveLength(2);
    expect(mia[0]).toContain('Follow-up of the Recovery rate target for org, flagged on Mar 9, 2026: plan by @Sol');
    expect(mia[0]).toContain('Now at 100% (111.11% achieved), better than at the flag.');
    expect(mia[1]).toContain('No remediation plan came for the Overdue balance target for org, flagged on Mar 9, 2026. Please send one.');
    expect(mia[1]).toContain('Now at CNY 0.00 (100% achieved), better than at the flag.');
    const sol = slack.dms('U-SOL');
    expect(sol).toHaveLength(1);   // the plan's owner hears the follow-up too
    expect(sol[0]!.message.summary).toContain('plan by @Sol');
    expect(slack.dms('U-MIA').slice(2).filter((d) => d.message.summary.startsWith('No remediation')).flatMap((d) => d.message.actions ?? []).map((a) => a.id))
      .toEqual(['target_plan']);
    clock.at(TZ, '2026-03-17', '10:00');
    await rt.sweepReminders(orgId);
    await drained(t.db, orgId);
    expect(slack.dms('U-MIA')).toHaveLength(4);
    expect(slack.dms('U-SOL')).toHaveLength(1);
  });
});
