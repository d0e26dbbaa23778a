// The monthly write-off review (issue 10; 001: 超过180天全额计提并转入核销程序): the first daily scan
// of a month on a working day, from the start of the working day, posts once to every
// 'escalations' channel the customers with invoices over 180 days overdue, each with a Propose
// write-off button; the button proposes each invoice for a manager's approval, once.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { actorByEmail } from '../../../src/services/identity.js';
import { proposeOverdueWriteoffs } from '../../../src/services/cases/propose-overdue-writeoffs.js';
import { decodeAction } from '../../../src/chat/action-payload.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addCustomer, addInvoice, addUser, Clock, drained, makeRuntime, seedOrg, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the review is posted and counted in the escalations channel before the proposals it offers post their requests there.
describe('the monthly write-off review', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date()).at(TZ, '2026-03-31', '10:00');
  let jobs: JobsRuntime;
  let orgId: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'writeoff-review-org', TZ);
    await addUser(t.db, orgId, { name: 'Fay', role: 'finance', slack: 'U-FAY' });
    await t.db.insertInto('channel_subscriptions').values({ org_id: orgId, platform: 'slack', channel_id: 'C-ESC', kind: 'escalations',
      region: null, product: null, at_time: null }).execute();
    const old = await addCustomer(t.db, orgId, { code: 'OLD' });
    await addInvoice(t.db, orgId, old, { number: 'OLD-1', amount: 80_000_00n, dueOn: '2025-09-01' });   // 212 days on 1 April
    await addInvoice(t.db, orgId, old, { number: 'OLD-2', amount: 20_000_00n, dueOn: '2025-09-20' });   // 193 days
    await addInvoice(t.db, orgId, old, { number: 'OLD-3', amount: 5_000_00n, dueOn: '2026-01-10' });    // 81 days: not listed
    const young = await addCustomer(t.db, orgId, { code: 'YOUNG' });
    await addInvoice(t.db, orgId, young, { number: 'YOUNG-1', amount: 1_000_00n, dueOn: '2026-02-01' });
    jobs = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: { slack }, clock });
    await jobs.start();
    await jobs.runAgingScan(orgId);   // 31 March, a working day: the first scan of March claims its review
    await drained(t.db, orgId);
  });
  afterAll(async () => { await jobs?.stop(); });

  it('is posted once in a month, on its first working day from the start of the working day', async () => {
    const march = slack.posts('C-ESC').length;
    expect(march).toBe(1);
    clock.at(TZ, '2026-04-01', '08:30');   // Wednesday, before work
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
    expect(slack.posts('C-ESC')).toHaveLength(march);
    clock.at(TZ, '2026-04-01', '09:30');
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
    clock.at(TZ, '2026-04-02', '10:00');
    await jobs.runAgingScan(orgId);
    await drained(t.db, orgId);
    const posts = slack.posts('C-ESC');
    expect(posts).toHaveLength(march + 1);
    const text = JSON.stringify(posts.at(-1)!.message);
    expect(text).toContain('Write-off review');
    expect(text).toContain('OLD Ltd (OLD): 2 invoice(s)');
    expect(text).not.toContain('YOUNG');
    const buttons = posts.at(-1)!.message.actions ?? [];
    expect(buttons.map((b) => [b.id, b.label])).toEqual([['writeoff_review', 'Propose write-off: OLD']]);
    expect(decodeAction(buttons[0]!.value)).toMatchObject({ org: orgId });
  });

  it('proposes every invoice over 180 days for a manager\'s approval, and a second click proposes nothing twice', async () => {
    const fay = await actorByEmail(t.db, orgId, 'fay@example.com');
    const first = await proposeOverdueWriteoffs(t.db, fay, { customer: 'OLD' }, { today: '2026-04-02' });
    expect(first).toMatchObject({ status: 'proposed', proposed: ['OLD-1', 'OLD-2'], alreadyPending: [] });
    const again = await proposeOverdueWriteoffs(t.db, fay, { customer: 'OLD' }, { today: '2026-04-02' });
    expect(again).toMatchObject({ status: 'proposed', proposed: [], alreadyPending: ['OLD-1', 'OLD-2'] });
    const rows = await t.db.selectFrom('escalations').select(['kind', 'status', 'reason']).where('org_id', '=', orgId).execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.kind === 'writeoff' && r.status === 'pending' && r.reason.includes('180'))).toBe(true);
    expect(await proposeOverdueWriteoffs(t.db, fay, { customer: 'YOUNG' }, { today: '2026-04-02' })).toMatchObject({ status: 'nothing_over_180' });
  });

  it('is for finance, managers and admins only', async () => {
    await addUser(t.db, orgId, { name: 'Sam', role: 'sales' });
    const sam = await actorByEmail(t.db, orgId, 'sam@example.com');
    await expect(proposeOverdueWriteoffs(t.db, sam, { customer: 'OLD' }, { today: '2026-04-02' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
