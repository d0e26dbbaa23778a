// Issue 9: reconcile must not requeue a delivery that may still be inside a live worker's platform
// call. After Redis lost its jobs (a restart, a failover), reconcile puts back what PostgreSQL still
// has queued or sending; a 'sending' row whose worker is mid-call must not be sent by another worker
// meanwhile (Slack's history does not show the message yet: the lookup misses it and posts again).
// So a 'sending' row goes back on the queue only once the lease of the claim that marked it lapses
// (SENDING_STALE_MS after the claim unless its worker renews it); until then it is queued to run at
// that moment. Of two jobs that read the same queued row, only one claim wins.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import type { Chat } from '../../../src/chat/chat.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { claimSending, recordDeliveries, SENDING_STALE_MS } from '../../../jobs/delivery/delivery-log.js';
import { jobId } from '../../../jobs/queues.js';
import { testDatabase } from '../../support/db.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { flushPrefix, makeRuntime, seedOrg, silent, subscribe, testPrefix, waitFor } from './jobs-fixtures.js';

const t = testDatabase();
const noChat = {} as Chat;   // the adapter only sends here

describe('reconcile and deliveries still sending', () => {
  const prefix = testPrefix();
  let api: FakeSlackApi;
  let rt: JobsRuntime;
  let orgId: number;

  beforeAll(async () => {
    api = await startFakeSlackApi();
    const slack = createSlackAdapter({ chat: noChat, db: t.db, log: silent, locale: 'en-US',
      config: { signingSecret: 'sig', botToken: 'xoxb-test', apiUrl: api.url } });
    orgId = await seedOrg(t.db, 'sending-org');
    rt = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack: slack.port } });
    await rt.start();
  });
  afterAll(async () => {
    await rt?.stop();
    await api?.close();
    await flushPrefix(inject('redisUrl'), prefix);
    api?.assertNothingRefused();
  });

  /** A digest delivery to `channel`, recorded as queued (and not on the queue). */
  const record = async (channel: string) => {
    const sub = await subscribe(t.db, orgId, { kind: 'digest', channel, atTime: '09:00' });
    const [d] = await recordDeliveries(t.db, [{ orgId, platform: 'slack', channelId: channel, kind: 'digest', subscriptionId: sub,
      localDate: '2026-03-09', dedupeKey: `digest:${sub}:2026-03-09` }]);
    return d!;
  };
  const row = (id: bigint) => t.db.selectFrom('deliveries').selectAll().where('org_id', '=', orgId).where('id', '=', id as never).executeTakeFirstOrThrow();
  const sent = (id: bigint) => waitFor(`delivery ${id} to be sent`, async () => { const d = await row(id); return d.status === 'sent' ? d : undefined; }, 20_000);
  const job = (id: bigint) => rt.queues.queue('delivery').getJob(jobId('delivery', String(id)));
  const postsTo = (channel: string) => api.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

  it('leaves a delivery a live worker is still sending to that worker, after Redis lost its job', async () => {
    api.hold('chat.postMessage', 1);
    const d = await record('C-LIVE');
    await rt.delivery.requeue([d]);
    // The worker is in its call: the delivery is 'sending', and Slack has not shown the message yet.
    await waitFor('the post to be on its way', () => api.held === 1);
    expect((await row(d.id)).status).toBe('sending');
    // Redis loses every job (the live worker's own with them); reconcile puts back what PostgreSQL has.
    await flushPrefix(inject('redisUrl'), prefix);
    const r = await rt.reconcile();
    expect(r.requeuedDeliveries).toBe(1);
    // Not for now: queued to run once the call surely ended, so no second worker looks and posts meanwhile.
    const again = await job(d.id);
    expect(await again?.getState()).toBe('delayed');
    expect(again!.delay).toBeGreaterThan(SENDING_STALE_MS - 10_000);
    expect(again!.delay).toBeLessThanOrEqual(SENDING_STALE_MS);
    expect(postsTo('C-LIVE')).toHaveLength(1);
    // The live worker's call ends: its post is the one and only.
    api.release();
    const done = await sent(d.id);
    expect(api.messages('C-LIVE')).toHaveLength(1);
    expect(postsTo('C-LIVE')).toHaveLength(1);
    expect(done.message_id).toBe(api.messages('C-LIVE')[0]!.ts);
  });

  it('lets one of two jobs holding the same queued delivery send it: the other claims nothing and waits', async () => {
    const d = await record('C-TWICE');
    // The sending marks waiting on the row, in this test's database.
    const marksWaiting = async () => Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and query like '%update deliveries t set status = ''sending''%'`.execute(t.db)).rows[0]!.n);
    // The row is held (as a slow statement would), so each job stops at its mark, after it read the delivery.
    await t.db.transaction().execute(async (trx) => {
      await trx.selectFrom('deliveries').select('id').where('org_id', '=', orgId).where('id', '=', d.id as never).forUpdate().execute();
      await rt.delivery.requeue([d]);
      await waitFor('the live job to wait at its mark', async () => (await marksWaiting()) === 1);
      // Redis loses its jobs; reconcile puts the delivery back: still 'queued', so at once. Its job reads
      // the same queued row as the live one did.
      await flushPrefix(inject('redisUrl'), prefix);
      expect((await rt.reconcile()).requeuedDeliveries).toBe(1);
      await waitFor('the second job to wait at its mark', async () => (await marksWaiting()) === 2);
    });
    // One mark wins; the job that lost sends nothing and comes back when the winner's call has surely ended.
    const done = await sent(d.id);
    await waitFor('reconcile\'s job to be done or put off', async () => ['delayed', 'completed', 'failed'].includes(await (await job(d.id))?.getState() ?? ''));
    expect(postsTo('C-TWICE')).toHaveLength(1);
    expect(api.messages('C-TWICE')).toHaveLength(1);
    const later = await job(d.id);
    expect(await later!.getState()).toBe('delayed');
    expect(later!.delay).toBeGreaterThan(SENDING_STALE_MS - 10_000);
    expect(done.message_id).toBe(api.messages('C-TWICE')[0]!.ts);
    expect(done.claim).toBe(1);
  });

  it('requeues a stale sending delivery at once; it looks for the message first and posts it once', async () => {
    const d = await record('C-STALE');
    // Its worker died mid-call long ago (its job went with Redis): nothing is in flight any more.
    await claimSending(t.db, [{ id: d.id, orgId, claim: 0 }]);
    const long = new Date(Date.now() - SENDING_STALE_MS - 60_000);
    await t.db.updateTable('deliveries').set({ updated_at: long, sending_at: long, lease_until: new Date(long.getTime() + SENDING_STALE_MS) })
      .where('org_id', '=', orgId).where('id', '=', d.id as never).execute();
    const r = await rt.reconcile();
    expect(r.requeuedDeliveries).toBe(1);
    const done = await sent(d.id);
    // The outcome was unknown: Slack's history was read before the post.
    const looked = api.callsTo('conversations.history').filter((c) => c.body.channel === 'C-STALE');
    expect(looked).toHaveLength(1);
    expect(looked[0]!.at).toBeLessThanOrEqual(postsTo('C-STALE')[0]!.at);
    expect(api.messages('C-STALE')).toHaveLength(1);
    expect(done.message_id).toBe(api.messages('C-STALE')[0]!.ts);
  });

  it('sends a sending delivery whose worker is gone once it turns stale, by itself and once', async () => {
    const d = await record('C-SOON');
    await claimSending(t.db, [{ id: d.id, orgId, claim: 0 }]);
    // Claimed 1.5 s short of its lease's end: reconcile queues it for then, and it goes out without another pass.
    const marked = new Date(Date.now() - SENDING_STALE_MS + 1500);
    await t.db.updateTable('deliveries').set({ updated_at: marked, sending_at: marked, lease_until: new Date(Date.now() + 1500) }).where('org_id', '=', orgId).where('id', '=', d.id as never).execute();
    await rt.reconcile();
    expect(await (await job(d.id))?.getState()).toBe('delayed');
    await sent(d.id);
    expect(api.messages('C-SOON')).toHaveLength(1);
    expect(postsTo('C-SOON')).toHaveLength(1);
  });
});
