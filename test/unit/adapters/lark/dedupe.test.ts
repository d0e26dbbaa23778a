// Lark retries an event with the same event_id: the first delivery wins in every process.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createEventDeduper, eventKey, type RedisSetNx } from '../../../../adapters/lark/dedupe.js';
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

// ioredis comes with BullMQ's setup; imported by name so this file compiles without it.
const moduleName = 'ioredis';
const Redis: (new (url: string) => RedisSetNx & { quit(): Promise<unknown> }) | null =
  await import(moduleName).then((m) => m.default ?? m.Redis).catch(() => null);

describe.skipIf(!Redis)('Lark event dedupe in Redis', () => {
  let redis: RedisSetNx & { quit(): Promise<unknown> };
  beforeAll(() => { redis = new Redis!(inject('redisUrl')); });
  afterAll(async () => { await redis?.quit(); });

  it('uses SET NX with a TTL, across deduper instances (processes)', async () => {
    const id = `ev-${randomUUID()}`;
    const a = createEventDeduper(t.db, redis);
    const b = createEventDeduper(t.db, redis);
    expect(await a.first(id, 'tk_any')).toBe(true);
    expect(await b.first(id, 'tk_any')).toBe(false);
    const ttl = await (redis as unknown as { pttl(k: string): Promise<number> }).pttl(`duebot:${eventKey(id)}`);
    expect(ttl).toBeGreaterThan(0);
  });
});
