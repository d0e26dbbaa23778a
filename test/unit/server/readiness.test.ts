// /readyz says "not ready" while PostgreSQL or Redis is down — refused, or hung — and says so
// within its deadline instead of hanging with the dependency (issue 9, part 2).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { readinessChecks } from '../../../src/server/readiness.js';
import { freePort } from '../../../src/store/embedded-postgres.js';

/** A server that accepts connections and never answers (a hung PostgreSQL or Redis). */
let hung: net.Server;
let hungPort: number;
const sockets = new Set<net.Socket>();
beforeAll(async () => {
  hung = net.createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
  hungPort = (hung.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => hung.close(r));
});

const redisAt = (port: number) => {
  // As jobs/queues.ts builds it for BullMQ: commands wait for the connection forever.
  const r = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: () => 50 });
  r.on('error', () => {});
  return r;
};

describe('readinessChecks', () => {
  it('says PostgreSQL and Redis are not ready when refused, and when hung, within the deadline', async () => {
    const closed = await freePort();
    const pools = [new pg.Pool({ connectionString: `postgres://x:y@127.0.0.1:${closed}/db` }),
      new pg.Pool({ connectionString: `postgres://x:y@127.0.0.1:${hungPort}/db` })];
    const redises = [redisAt(closed), redisAt(hungPort)];
    try {
      for (let i = 0; i < 2; i++) {
        const started = Date.now();
        const checks = await readinessChecks({ pool: pools[i]!, redis: redises[i]!, timeoutMs: 300 })();
        expect(checks).toEqual({ postgres: false, redis: false });
        expect(Date.now() - started).toBeLessThan(2000);
      }
    } finally {
      for (const r of redises) r.disconnect();
      for (const s of sockets) s.destroy();
      await Promise.all(pools.map((p) => p.end().catch(() => {})));
    }
  });

  it('says ready when both answer, and leaves Redis out on the PostgreSQL queue backend', async () => {
    const pool = { query: async () => ({ rows: [{ '?column?': 1 }] }) } as unknown as pg.Pool;
    expect(await readinessChecks({ pool, redis: { ping: async () => 'PONG' } })()).toEqual({ postgres: true, redis: true });
    expect(await readinessChecks({ pool })()).toEqual({ postgres: true });
  });
});
