// The demo's queues when there is no Redis: BullMQ's PostgreSQL backend on the same database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { FakePlatform } from '../../support/fake-platform.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { Clock, drained, seedOrg, silent, subscribe } from './jobs-fixtures.js';
import { createJobsRuntime } from '../../../jobs/index.js';

const t = testDatabase();

describe('jobs on the PostgreSQL backend', () => {
  const slack = new FakePlatform({ platform: 'slack' });
  const clock = new Clock(new Date()).at('Asia/Shanghai', '2026-03-09', '09:00');
  let rt: JobsRuntime;
  let orgId: number;
  let sub: number;

  beforeAll(async () => {
    orgId = await seedOrg(t.db, 'pg-backend-org');
    sub = await subscribe(t.db, orgId, { kind: 'digest', channel: 'C-PG' });
    rt = createJobsRuntime({ db: t.db, postgresUrl: t.url, ports: { slack }, log: silent, now: clock.now, maintenance: false });
    await rt.start();
  });
  afterAll(async () => { await rt?.stop(); });

  it('keeps schedulers and delivers a digest without Redis', async () => {
    const s = await rt.queues.queue('schedules').getJobScheduler(`digest-${sub}`);
    expect(s?.tz).toBe('Asia/Shanghai');
    expect(await rt.runSchedule({ type: 'digest', orgId, subscriptionId: sub })).toBe('queued');
    await drained(t.db, orgId, 30_000);
    expect(slack.posts('C-PG')).toHaveLength(1);
  });
});
