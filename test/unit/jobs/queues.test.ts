// The queues' backend is decided in one place (jobs/queues.ts), and a Redis Cluster is refused a
// prefix without a hash tag: its Lua scripts would touch keys in several slots (CROSSSLOT).
import { describe, expect, it } from 'vitest';
import { Cluster, Redis } from 'ioredis';
import { pino } from 'pino';
import { createQueueFactory, createRedis, queueBackend } from '../../../jobs/index.js';

describe('queue backend', () => {
  it('is Redis when there is a URL, a Cluster when REDIS_CLUSTER says so, else PostgreSQL', () => {
    expect(queueBackend({ redisUrl: 'redis://h:6379', postgresUrl: 'postgres://x' })).toEqual({ kind: 'redis', url: 'redis://h:6379' });
    expect(queueBackend({ redisUrl: 'redis://h:6379', redisCluster: true })).toEqual({ kind: 'redis', url: 'redis://h:6379', cluster: true });
    expect(queueBackend({ postgresUrl: 'postgres://x' })).toEqual({ kind: 'postgres', url: 'postgres://x' });
    expect(() => queueBackend({})).toThrow(/REDIS_URL/);
  });

  it('refuses a prefix without a hash tag on a Redis Cluster, before connecting', () => {
    const log = pino({ level: 'silent' });
    expect(() => createQueueFactory({ kind: 'redis', url: 'redis://127.0.0.1:1', cluster: true }, { prefix: 'duebot', log }))
      .toThrow(/needs a hash tag such as \{duebot\}/);
  });
});

describe('createRedis', () => {
  it('opens one server, or a Cluster from one node with BullMQ\'s options and the URL\'s login and TLS for every node', () => {
    const one = createRedis({ url: 'redis://127.0.0.1:1' }) as Redis;
    expect(one).toBeInstanceOf(Redis);
    expect(one.options.maxRetriesPerRequest).toBeNull();
    one.disconnect();
    const cluster = createRedis({ url: 'rediss://ops:p%40ss@127.0.0.1:1', cluster: true }) as Cluster;
    expect(cluster).toBeInstanceOf(Cluster);
    expect(cluster.options.redisOptions).toMatchObject({ maxRetriesPerRequest: null, enableReadyCheck: true, username: 'ops', password: 'p@ss', tls: {} });
    expect((cluster as unknown as { startupNodes: unknown[] }).startupNodes).toEqual([{ host: '127.0.0.1', port: 1 }]);
    cluster.disconnect();
  });
});
