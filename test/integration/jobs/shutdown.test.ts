import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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

  it('returns a job stuck in flight to the queue when the timeout passes, and another worker sends it', async () => {
    const sub = await subscribe(t.db, orgId, { kind: 'digest', channel: 'C-HUNG' });
    const hung = new HungPlatform({ platform: 'slack' });
    const a = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack: hung }, shutdownTimeoutMs: 300 });
    await a.start();
    await a.delivery.enqueue([{ orgId, platform: 'slack', channelId: 'C-HUNG', kind: 'digest', subscriptionId: sub, localDate: '2026-03-09', dedupeKey: `digest:${sub}:2026-03-09` }]);
    await waitFor('the post to start', () => hung.started === 1);
    const t0 = Date.now();
    await a.stop();
    expect(Date.now() - t0).toBeLessThan(3000);

    const slack = new FakePlatform({ platform: 'slack' });
    b = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix, ports: { slack } });
    await b.start();
    await drained(t.db, orgId, 10_000);
    expect(slack.posts('C-HUNG')).toHaveLength(1);
  });
});
