// The monthly re-rating (issue 10; DOMAIN.md "Credit control"; 001: 动态评分模型): the first daily scan
// of a month on a working day posts once to every 'escalations' channel the customers whose
// computed grade differs from their current one, with Accept / Keep; Accept changes the grade
// once, Keep records the decision, both refresh the grade's date; the rating coverage follows.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { createChat } from '../../../src/chat/router.js';
import type { ChatRequest } from '../../../src/chat/request.js';
import { decodeReratingAction, encodeReratingAction } from '../../../src/chat/rerating-action.js';
import { ratingSignals } from '../../../src/services/credit/rerating-signals.js';
import { ratingCoverageOf } from '../../../src/services/credit/rating-coverage.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addCustomer, addUser, Clock, drained, makeRuntime, seedOrg, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the signals are read before the post, Accept and Keep change the grades the later steps judge, and coverage counts those decisions.
describe('the monthly re-rating', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date()).at(TZ, '2026-04-01', '10:00');   // a Wednesday
  let jobs: JobsRuntime;
  let orgId: number;
  const ids: Record<string, number> = {};
  const chat = () => createChat({ db: t.db, log: pino({ level: 'silent' }), now: clock.now, outbox: { publish: async () => undefined } });
  const as = (email: string, key: string, workspaceId = 'rerate-org'): ChatRequest =>
    ({ platform: 'console', workspaceId, channelId: 'C-ESC', externalUserId: email, idempotencyKey: key });
  const customer = (code: string) => t.db.selectFrom('customers').select(['credit_grade', 'grade_refreshed_on']).where('id', '=', ids[code]!).executeTakeFirstOrThrow();

  async function invoice(code: string, n: string, amount: bigint, issuedOn: string, dueOn: string, paidOn?: string) {
    const inv = await t.db.insertInto('invoices').values({ org_id: orgId, customer_id: ids[code]!, number: n, currency: 'CNY', amount_minor: amount,
      paid_minor: paidOn ? amount : 0n, issued_on: issuedOn, due_on: dueOn, status: paidOn ? 'paid' : 'open' }).returning('id').executeTakeFirstOrThrow();
    if (paidOn) await t.db.insertInto('payments').values({ org_id: orgId, invoice_id: inv.id, amount_minor: amount, paid_on: paidOn, import_key: n }).execute();
  }

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'rerate-org', TZ);
    await addUser(t.db, orgId, { name: 'Fay', role: 'finance' });
    await addUser(t.db, orgId, { name: 'Sam', role: 'sales' });
    await t.db.insertInto('channel_subscriptions').values({ org_id: orgId, platform: 'slack', channel_id: 'C-ESC', kind: 'escalations',
      region: null, product: null, at_time: null }).execute();
    for (const [code, grade] of [['LATE', 'A'], ['GOOD', 'B'], ['SAME', 'B'], ['FLIP', 'D'], ['OLD', 'C']] as const) ids[code] = await addCustomer(t.db, orgId, { code, grade });
    // LATE: 10,000 paid 106 days late and 2,000 paid 10 days late → weighted (10,000×106 + 2,000×10) ÷ 12,000 = 90 days: > 60 → 2 points → B.
    await invoice('LATE', 'L-1', 10_000_00n, '2025-09-01', '2025-10-01', '2026-01-15');
    await invoice('LATE', 'L-2', 2_000_00n, '2025-09-01', '2025-10-01', '2025-10-11');
    // GOOD: paid before its due date → 0 points → A.
    await invoice('GOOD', 'G-1', 5_000_00n, '2026-02-01', '2026-03-01', '2026-02-25');
    // SAME: all of its open balance 59 days overdue (> 30) → share 100% > 50% → 2 points → B, as it is: no suggestion.
    await invoice('SAME', 'S-1', 1_000_00n, '2026-01-01', '2026-02-01');
    // FLIP: D, nothing late → A.
    await invoice('FLIP', 'F-1', 1_000_00n, '2026-03-01', '2026-04-30');
    // OLD: nothing issued in the last 12 months: not rated, and outside the coverage.
    await invoice('OLD', 'O-1', 1_000_00n, '2025-01-01', '2025-02-01', '2025-05-01');
    jobs = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: { slack }, clock });
    await jobs.start();
  });
  afterAll(async () => { await jobs?.stop(); });

  it('computes the signals and points of DOMAIN.md exactly, for customers with an invoice in the last 12 months', async () => {
    const byId = new Map((await ratingSignals(t.db, orgId, '2026-04-01')).map((r) => [r.customerId, r]));
    expect(byId.has(ids.OLD!)).toBe(false);
    expect(byId.get(ids.LATE!)).toMatchObject({ grade: 'A', signals: { lateWeightedDays: 10_000_00n * 106n + 2_000_00n * 10n, paidMinor: 12_000_00n },
      points: { late: 2, promises: 0, overdue: 0, grade: 'B' } });
    expect(byId.get(ids.GOOD!)).toMatchObject({ points: { total: 0, grade: 'A' } });
    expect(byId.get(ids.SAME!)).toMatchObject({ signals: { overdue30Minor: 1_000_00n, openMinor: 1_000_00n }, points: { overdue: 2, grade: 'B' } });
    expect(byId.get(ids.FLIP!)).toMatchObject({ grade: 'D', points: { grade: 'A' } });
  });

  it('posts once a month, on its first working day, the customers whose grade would change, with Accept / Keep', async () => {
    clock.at(TZ, '2026-04-01', '08:30');   // before the working day starts
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
    expect(slack.posts('C-ESC')).toHaveLength(0);
    clock.at(TZ, '2026-04-01', '10:00');
    await jobs.runAgingScan(orgId);
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
    const posts = slack.posts('C-ESC');
    expect(posts).toHaveLength(1);
    const text = JSON.stringify(posts[0]!.message);
    expect(text).toContain('Suggested re-ratings');
    expect(text).toContain('FLIP Ltd (FLIP): D → A');
    expect(text).toContain('LATE Ltd (LATE): A → B (days late 2, broken promises 0, overdue share 0 points)');
    expect(text).toContain('GOOD Ltd (GOOD): B → A');
    expect(text).not.toContain('SAME');
    expect(text).not.toContain('OLD');
    expect(text).toContain('Rating coverage: 0% (0 of 4 customers with invoices in the last 12 months rated in the last 90 days');
    const buttons = posts[0]!.message.actions ?? [];
    expect(buttons.map((b) => b.id)).toEqual(['rerating_accept', 'rerating_keep', 'rerating_accept', 'rerating_keep', 'rerating_accept', 'rerating_keep']);
    // The worse suggested grades first, then by code.
    expect(buttons.map((b) => decodeReratingAction(b.value)?.customer)).toEqual([ids.LATE, ids.LATE, ids.FLIP, ids.FLIP, ids.GOOD, ids.GOOD]);
  });

  it('Accept changes the grade once; a second click changes nothing twice', async () => {
    const value = slack.posts('C-ESC')[0]!.message.actions!.find((b) => b.id === 'rerating_accept' && decodeReratingAction(b.value)?.customer === ids.LATE)!.value;
    const c = chat();
    const first = await c.handleButton({ ...as('fay@example.com', 'acc-1'), actionId: 'rerating_accept', value });
    expect(first.outcome).toBe('done');
    expect(JSON.stringify(first.reply)).toContain('LATE Ltd (LATE) is now grade B');
    expect(await customer('LATE')).toEqual({ credit_grade: 'B', grade_refreshed_on: '2026-04-01' });
    const again = await c.handleButton({ ...as('fay@example.com', 'acc-2'), actionId: 'rerating_accept', value });
    expect(JSON.stringify(again.reply)).toContain('already decided');
    const keepAfter = await c.handleButton({ ...as('fay@example.com', 'acc-3'), actionId: 'rerating_keep', value });
    expect(JSON.stringify(keepAfter.reply)).toContain('already decided');
    expect((await customer('LATE')).credit_grade).toBe('B');
    const audit = await t.db.selectFrom('audit_log').select('action').where('org_id', '=', orgId).where('subject_type', '=', 'customer').where('subject_id', '=', String(ids.LATE)).execute();
    expect(audit.map((a) => a.action)).toEqual(['customer.regraded']);
  });

  it('Keep records the decision and refreshes the date; only finance, managers and admins decide, in their own org', async () => {
    const value = slack.posts('C-ESC')[0]!.message.actions!.find((b) => b.id === 'rerating_keep' && decodeReratingAction(b.value)?.customer === ids.GOOD)!.value;
    const c = chat();
    expect(await c.handleButton({ ...as('sam@example.com', 'keep-0'), actionId: 'rerating_keep', value })).toMatchObject({ outcome: 'refused' });
    const other = await seedOrg(t.db, 'rerate-other', TZ);
    await addUser(t.db, other, { name: 'Oz', role: 'finance' });
    expect(await c.handleButton({ ...as('oz@example.com', 'keep-x', 'rerate-other'), actionId: 'rerating_keep', value })).toMatchObject({ outcome: 'refused' });
    const forged = encodeReratingAction({ v: 1, org: other, customer: ids.GOOD!, suggestion: decodeReratingAction(value)!.suggestion });
    expect(await c.handleButton({ ...as('oz@example.com', 'keep-y', 'rerate-other'), actionId: 'rerating_keep', value: forged })).toMatchObject({ outcome: 'refused' });
    expect(await customer('GOOD')).toEqual({ credit_grade: 'B', grade_refreshed_on: null });
    const kept = await c.handleButton({ ...as('fay@example.com', 'keep-1'), actionId: 'rerating_keep', value });
    expect(JSON.stringify(kept.reply)).toContain('GOOD Ltd (GOOD) keeps grade B');
    expect(await customer('GOOD')).toEqual({ credit_grade: 'B', grade_refreshed_on: '2026-04-01' });
    const row = await t.db.selectFrom('rerating_suggestions').select(['decision', 'suggested_grade']).where('customer_id', '=', ids.GOOD!).executeTakeFirstOrThrow();
    expect(row).toEqual({ decision: 'kept', suggested_grade: 'A' });
  });

  it('refuses a suggestion whose grade changed since (like an out-of-date card), changing nothing', async () => {
    await t.db.updateTable('customers').set({ credit_grade: 'C' }).where('id', '=', ids.FLIP!).execute();   // an import since
    const value = slack.posts('C-ESC')[0]!.message.actions!.find((b) => b.id === 'rerating_accept' && decodeReratingAction(b.value)?.customer === ids.FLIP)!.value;
    const r = await chat().handleButton({ ...as('fay@example.com', 'flip-1'), actionId: 'rerating_accept', value });
    expect(r.outcome).toBe('refused');
    expect(JSON.stringify(r.reply)).toContain('grade is C now');
    expect(await customer('FLIP')).toEqual({ credit_grade: 'C', grade_refreshed_on: null });
  });

  it('measures the rating coverage: confirmed or changed in the last 90 days, of customers with an invoice in 12 months', async () => {
    // LATE (accepted) and GOOD (kept) of LATE, GOOD, SAME, FLIP.
    expect(await ratingCoverageOf(t.db, orgId, '2026-04-01')).toEqual({ rated: 2, customers: 4 });
    // 90 days on, their dates are stale; 89 days on, they still count.
    expect(await ratingCoverageOf(t.db, orgId, '2026-06-29')).toEqual({ rated: 2, customers: 4 });
    expect(await ratingCoverageOf(t.db, orgId, '2026-06-30')).toEqual({ rated: 0, customers: 4 });
  });
});
