// Lark retries an event with the same event_id: the first delivery wins in every process.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createEventDeduper, eventKey, redisEventKey, type RedisSetNx } from '../../../../adapters/lark/dedupe.js';
import { testDatabase } from '../../../support/db.js';

const t = testDatabase();

async function linkedOrg(tenantKey: string): Promise<number> {
  const org = await t.db.insertInto('orgs').values({ slug: `dedupe-${randomUUID().slice(0, 8)}`, name: 'Dedupe' }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('workspaces').values({ org_id: org.id, platform: 'lark', external_id: tenantKey }).execute();
  return org.id;
}

describe('Lark event dedupe in PostgreSQL (no Redis)', () => {
  it('lets the first delivery of an event_id through and stops the retries, in the tenant\'s org', async () => {
    const orgId = await linkedOrg('tk_dedupe_1');
    const d = createEventDeduper(t.db);
    expect(await d.first('ev-1', 'tk_dedupe_1')).toBe(true);
    expect(await d.first('ev-1', 'tk_dedupe_1')).toBe(false);
    expect(await d.first('ev-2', 'tk_dedupe_1')).toBe(true);
    const keys = await t.db.selectFrom('action_receipts').select('key').where('org_id', '=', orgId).orderBy('key').execute();
    expect(keys.map((k) => k.key)).toEqual([eventKey('ev-1'), eventKey('ev-2')]);
  });

  it('lets exactly one of simultaneous deliveries through', async () => {
    await linkedOrg('tk_dedupe_2');
    const d = createEventDeduper(t.db);
    const results = await Promise.all(Array.from({ length: 5 }, () => d.first('ev-race', 'tk_dedupe_2')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lets events of an unlinked tenant through (they are refused, nothing to protect)', async () => {
    const d = createEventDeduper(t.db);
    expect(await d.first('ev-x', 'tk_unlinked')).toBe(true);
    expect(await d.first('ev-x', 'tk_unlinked')).toBe(true);
  });
});

/**
 * A minimal RESP client on the real test Redis: enough for SET … PX … NX and PTTL. (The adapter
 * takes any client with that `set`; in production it is the jobs' ioredis connection.)
 */
async function respClient(url: string): Promise<RedisSetNx & { pttl(key: string): Promise<number>; quit(): Promise<void> }> {
  const u = new URL(url);
  const socket = net.connect(Number(u.port || 6379), u.hostname);
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  let buffer = '';
  const waiting: ((line: string) => void)[] = [];
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    let i: number;
    while ((i = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      if (line.startsWith('$') && line !== '$-1') continue; // bulk length: the value follows on the next line
      waiting.shift()?.(line);
    }
  });
  const command = (...args: string[]) => new Promise<string>((resolve) => {
    waiting.push(resolve);
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  });
  return {
    async set(key, value, px, ms, nx) {
      const r = await command('SET', key, value, px, String(ms), nx);
      return r === '+OK' ? 'OK' : null;
    },
    async pttl(key) { return Number((await command('PTTL', key)).slice(1)); },
    async quit() { await command('QUIT'); socket.destroy(); },
  };
}

describe('Lark event dedupe in Redis', () => {
  let redis: Awaited<ReturnType<typeof respClient>>;
  beforeAll(async () => { redis = await respClient(inject('redisUrl')); });
  afterAll(async () => { await redis?.quit(); });

  it('uses SET NX with a TTL, across deduper instances (processes)', async () => {
    const id = `ev-${randomUUID()}`;
    const a = createEventDeduper(t.db, redis);
    const b = createEventDeduper(t.db, redis);
    expect(await a.first(id, 'tk_any')).toBe(true);
    expect(await b.first(id, 'tk_any')).toBe(false);
    const ttl = await redis.pttl(redisEventKey(id));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(24 * 3600 * 1000);
  });
});
