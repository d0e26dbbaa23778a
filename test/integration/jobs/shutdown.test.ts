import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import type { Message } from '../../../src/chat/message.js';
import type { MessageRef } from '../../../src/chat/port.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { drained, makeRuntime, seedOrg, subscribe, testPrefix, waitFor } from './jobs-fixtures.js';

const t = testDatabase();

/** A platform whose posts never answer (a hung connection). */
class HungPlatform extends FakePlatform {
  started = 0;
  override async post(_channelId: string, _message: Message): Promise<MessageRef> {
    this.started++;
    return new Promise<MessageRef>(() => {});
  }
}

describe('graceful shutdown', () => {
  const prefix = testPrefix();
  let b: JobsRuntime | undefined;
  afterAll(async () => { await b?.stop(); });
  let orgId: number;
  beforeAll(async () => { orgId = await seedOrg(t.db, 'shutdown-org'); });

  it('never hands a job still in flight to another worker at shutdown; once its lock and its claim lapse another worker sends it, once', async () => {
    const sub = await subscribe(t.db, orgId, { kind: 'digest', channel: 'C-HUNG' });
    const hung = new HungPlatform({ platform: 'slack' });
    const lock = { durationMs: 1500, stalledIntervalMs: 500 };
    // Calls of 250 ms at most: a claim's lease is 1.5 s, like the lock.
    const platformCallTimeoutMs = 250;
    const a = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack: hung }, shutdownTimeoutMs: 300, deliveryLock: lock, platformCallTimeoutMs });
    await a.start();
    await a.delivery.enqueue([{ orgId, platform: 'slack', channelId: 'C-HUNG', kind: 'digest', subscriptionId: sub, localDate: '2026-03-09', dedupeKey: `digest:${sub}:2026-03-09` }]);
    await waitFor('the post to start', () => hung.started === 1);
    const t0 = Date.now();
    await a.stop();
    expect(Date.now() - t0).toBeLessThan(7000);
    // Marked 'sending' before the call: whoever takes it next knows the outcome is unknown.
    const d = await t.db.selectFrom('deliveries').select(['status']).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(d.status).toBe('sending');
    const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    const queue = new Queue('delivery', { connection: redis, prefix });
    expect((await queue.getJobCounts('wait')).wait).toBe(0);   // not put back while its processor still runs
    await queue.close();
    await redis.quit();

    const slack = new FakePlatform({ platform: 'slack' });
    // The stopped runtime no longer renews its claim: once it lapses, the other worker sends the digest.
    b = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack }, deliveryLock: lock, platformCallTimeoutMs });
    await b.start();
    await drained(t.db, orgId, 10_000);
    expect(slack.posts('C-HUNG')).toHaveLength(1);
  });
});
