// Issue 9, item 10: every day the org's audit chain head (record count and head hash) goes to each
// escalations channel through the delivery pipeline, once per channel and day however often the
// schedule runs; the posted hash is one `audit verify --against` accepts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desiredSchedulers } from '../../../jobs/schedules.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { verifyRecordChain } from '../../../src/services/audit.js';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import { addCustomer, Clock, drained, makeRuntime, seedOrg, testPrefix } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the scheduler is registered, posts once a day, and then the subscription goes.
describe('the daily audit chain head', { shuffle: false }, () => {
  const slack = new FakePlatform({ platform: 'slack' });
  // A Sunday: the copy goes out on holidays and weekends too.
  const clock = new Clock(new Date()).at(TZ, '2026-03-08', '07:00');
  let jobs: JobsRuntime;
  let orgId: number;
  let sub: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'chain-org', TZ);
    sub = (await t.db.insertInto('channel_subscriptions').values({ org_id: orgId, platform: 'slack', channel_id: 'C-ESC', kind: 'escalations',
      region: null, product: null, at_time: null }).returning('id').executeTakeFirstOrThrow()).id;
    const customer = await addCustomer(t.db, orgId, { code: 'CH1' });
    const kase = await t.db.insertInto('cases').values({ org_id: orgId, customer_id: customer }).returning('id').executeTakeFirstOrThrow();
    for (let i = 0; i < 3; i++) {
      await t.db.insertInto('collection_records').values({ org_id: orgId, case_id: kase.id, customer_id: customer, method: 'call', body: `call ${i}` }).execute();
    }
    jobs = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: { slack }, clock });
    await jobs.start();
  });
  afterAll(async () => { await jobs?.stop(); });

  it('schedules it every day at 07:00 in the org\'s time zone for each escalations channel', async () => {
    expect((await desiredSchedulers(t.db)).find((d) => d.id === `chain-head-${sub}`))
      .toEqual({ id: `chain-head-${sub}`, repeat: { pattern: '0 0 7 * * *', tz: TZ }, data: { type: 'chain-head', orgId, subscriptionId: sub } });
  });

  it('posts the record count and head hash once a day, with the command that checks the chain against it', async () => {
    expect(await jobs.runSchedule({ type: 'chain-head', orgId, subscriptionId: sub })).toBe('queued');
    expect(await jobs.runSchedule({ type: 'chain-head', orgId, subscriptionId: sub })).toBe('already_posted');
    await drained(t.db, orgId);
    const posts = slack.posts('C-ESC');
    expect(posts).toHaveLength(1);
    const head = await t.db.selectFrom('record_chain_heads').select(['seq', 'hash']).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(head.seq).toBe(3n);
    const text = JSON.stringify(posts[0]!.message);
    expect(text).toContain(head.hash);
    expect(text).toContain('"value":"3"');
    expect(text).toContain(`duebot audit verify --org chain-org --against ${head.hash}`);
    // The copy checks the chain later, after more records.
    const kase = await t.db.selectFrom('cases').select(['id', 'customer_id']).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    await t.db.insertInto('collection_records').values({ org_id: orgId, case_id: kase.id, customer_id: kase.customer_id, method: 'email', body: 'later' }).execute();
    expect(await verifyRecordChain(t.db, orgId, { against: head.hash })).toMatchObject({ ok: true, checked: 4 });
    // The next day: the next copy.
    clock.at(TZ, '2026-03-09', '07:00');
    expect(await jobs.runSchedule({ type: 'chain-head', orgId, subscriptionId: sub })).toBe('queued');
    await drained(t.db, orgId);
    expect(slack.posts('C-ESC')).toHaveLength(2);
    expect(JSON.stringify(slack.posts('C-ESC')[1]!.message)).toContain('"value":"4"');
  });

  it('posts nothing for a channel no longer subscribed', async () => {
    await t.db.deleteFrom('channel_subscriptions').where('org_id', '=', orgId).where('id', '=', sub).execute();
    expect(await jobs.runSchedule({ type: 'chain-head', orgId, subscriptionId: sub })).toBe('unsubscribed');
  });
});
