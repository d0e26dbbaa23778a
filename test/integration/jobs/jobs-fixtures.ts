// Shared set-up of the jobs' integration tests: a small ledger, a runtime on a BullMQ prefix of
// its own (the Redis is shared by test files running side by side), a clock the test moves.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { ChatPort, PlatformName } from '../../../src/chat/port.js';
import type { Db } from '../../../src/store/connection.js';
import { addOrg } from '../../../src/services/orgs.js';
import { loadDemoOrg } from '../../../src/services/demo/index.js';
import { actorByEmail } from '../../../src/services/identity.js';
import { prepareMessage } from '../../../src/services/messages/prepare-message.js';
import { sendMessage } from '../../../src/services/messages/send-message.js';
import { createJobsRuntime, type JobsRuntime, type JobsRuntimeOptions } from '../../../jobs/index.js';

export const silent = pino({ level: 'silent' });

import { Clock } from '../../support/clock.js';

export { Clock };

export async function seedOrg(db: Db, slug: string, tz = 'Asia/Shanghai'): Promise<number> {
  const { org } = await addOrg(db, { slug, timezone: tz, currency: 'CNY', locale: 'en-US' });
  return org.id;
}

export async function addUser(db: Db, orgId: number, u: { name: string; role?: 'admin' | 'manager' | 'finance' | 'sales' | 'legal'; slack?: string; timezone?: string }): Promise<number> {
  const row = await db.insertInto('users').values({ org_id: orgId, email: `${u.name.toLowerCase()}@example.com`, name: u.name,
    role: u.role ?? 'sales', region: null, timezone: u.timezone ?? null, locale: null }).returning('id').executeTakeFirstOrThrow();
  if (u.slack) await db.insertInto('chat_identities').values({ org_id: orgId, user_id: row.id, platform: 'slack', external_user_id: u.slack }).execute();
  return row.id;
}

export async function addCustomer(db: Db, orgId: number, c: { code: string; region?: string; ownerId?: number; grade?: string; industry?: string }): Promise<number> {
  const row = await db.insertInto('customers').values({ org_id: orgId, code: c.code, name: `${c.code} Ltd`, credit_grade: c.grade ?? 'B',
    credit_limit_minor: 100_000_00n, payment_terms_days: 30, industry: c.industry ?? null, region: c.region ?? null,
    owner_user_id: c.ownerId ?? null }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function addInvoice(db: Db, orgId: number, customerId: number, i: { number: string; amount: bigint; dueOn: string; status?: 'open' | 'disputed'; region?: string }): Promise<number> {
  const row = await db.insertInto('invoices').values({ org_id: orgId, customer_id: customerId, number: i.number, currency: 'CNY',
    amount_minor: i.amount, issued_on: '2025-01-01', due_on: i.dueOn, status: i.status ?? 'open', region: i.region ?? null })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function subscribe(db: Db, orgId: number, s: { kind: 'digest' | 'alerts' | 'kpi'; channel: string; atTime?: string; region?: string; platform?: PlatformName }): Promise<number> {
  const row = await db.insertInto('channel_subscriptions').values({ org_id: orgId, platform: s.platform ?? 'slack', channel_id: s.channel,
    kind: s.kind, region: s.region ?? null, product: null, at_time: s.atTime ?? null }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function testPrefix(): string {
  return `{duebot-t-${randomUUID().slice(0, 8)}}`;
}

export function makeRuntime(o: { db: Db; redisUrl: string; prefix: string; ports: Partial<Record<PlatformName, ChatPort>>; clock?: Clock } & Partial<JobsRuntimeOptions>): JobsRuntime {
  return createJobsRuntime({ maintenance: false, log: silent, ...o, now: o.clock?.now ?? o.now });
}

/** Removes every key of a BullMQ prefix: what FLUSHALL does to us, without flushing the other test files' keys. */
export async function flushPrefix(redisUrl: string, prefix: string): Promise<number> {
  const r = new Redis(redisUrl);
  let n = 0;
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) n += await r.del(...keys);
  } while (cursor !== '0');
  await r.quit();
  return n;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until no delivery of the org is queued (or being sent) any more. */
export async function drained(db: Db, orgId: number, timeoutMs = 15_000): Promise<void> {
  await waitFor('deliveries to drain', async () => {
    const r = await db.selectFrom('deliveries').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', orgId).where('status', 'in', ['queued', 'sending']).executeTakeFirstOrThrow();
    return Number(r.n) === 0;
  }, timeoutMs);
}

/**
 * The demo org on `asOf`, and `count` payment reminders to its first open customers, approved by
 * a manager and sent: queued in the outbox as email deliveries (`rt.processOutbox()` hands them
 * on). `statuses`: what each send answered, one per customer found.
 */
export async function queueDemoEmails(db: Db, count: number, opts: { asOf: string; now: Date; key: string }): Promise<{ orgId: number; statuses: string[] }> {
  const { orgId } = await loadDemoOrg(db, { asOf: opts.asOf });
  const manager = await db.selectFrom('users').select('email').where('org_id', '=', orgId).where('role', '=', 'manager')
    .orderBy('id').executeTakeFirstOrThrow();
  const actor = await actorByEmail(db, orgId, manager.email);
  const customers = await db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id').select('customers.code')
    .where('cases.org_id', '=', orgId).where('cases.status', '=', 'open').orderBy('customers.code').limit(count).execute();
  const at = { today: opts.asOf, now: opts.now };
  const statuses: string[] = [];
  for (const c of customers) {
    const p = await prepareMessage(db, actor, { customer: c.code, kind: 'reminder' }, at);
    statuses.push((await sendMessage(db, actor, { messageId: p.preview.id }, { ...at, idempotencyKey: `${opts.key}-${c.code}` })).status);
  }
  return { orgId, statuses };
}
