// Delivery under rate limits: 10,000 due reminders and alerts — 9,000 direct messages to 500
// owners and 1,000 alerts to 20 channels — through a fake API that enforces a per-chat and a
// per-app limit (Lark's documented 5/s per chat and 50/s per app, ×10 to keep the run short),
// timed beside the ideal those limits allow. Target: ≤ 1.2 × ideal, and no 429 left unretried
// (every delivery sent). The run uses its own database (cloned from nothing: migrated here) and
// its own BullMQ prefix.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { connect } from '../../src/store/connection.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { ensureDatabase, freePort } from '../../src/store/embedded-postgres.js';
import { createJobsRuntime, PLATFORM_LIMITS, scaleLimits } from '../../jobs/index.js';
import { FakePlatform } from '../support/fake-platform.js';

export interface DeliveryBenchOptions {
  /** Any database URL on the server to use; the bench creates and drops its own database there. */
  databaseUrl?: string;
  redisUrl?: string;
  owners?: number;
  channels?: number;
  dms?: number;
  alerts?: number;
  /** The documented limits are multiplied by this (default 10). */
  scale?: number;
  concurrency?: number;
  poolSize?: number;
}

export interface DeliveryBenchResult {
  messages: number;
  ms: number;
  idealMs: number;
  ratio: number;
  rejected429: number;
  sent: number;
  failed: number;
}

/** A redis-server of our own on a free port, when no REDIS_URL is given. */
async function startRedis(): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) return { url: `redis://127.0.0.1:${port}`, proc };
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill();
  throw new Error('benchDelivery: redis-server did not start (install it, or set REDIS_URL)');
}

/** `databaseUrl`: any database on the PostgreSQL server to use (the bench makes and drops its own there). */
export async function benchDelivery(opts: DeliveryBenchOptions = {}): Promise<DeliveryBenchResult> {
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('benchDelivery needs a PostgreSQL URL (opts.databaseUrl or DATABASE_URL)');
  const ownRedis = opts.redisUrl ?? process.env.REDIS_URL ? undefined : await startRedis();
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? ownRedis!.url;
  const owners = opts.owners ?? 500;
  const channels = opts.channels ?? 20;
  const dms = opts.dms ?? 9_000;
  const alerts = opts.alerts ?? 1_000;
  const scale = opts.scale ?? 10;
  const limits = scaleLimits(PLATFORM_LIMITS, scale);
  const perChat = limits.lark.channel.perSecond;
  const perApp = limits.lark.app.perSecond;

  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const name = `duebot_bench_delivery_${process.pid}`;
  await ensureDatabase(admin.toString(), name);
  const u = new URL(admin.toString());
  u.pathname = `/${name}`;
  const conn = connect(u.toString(), { max: opts.poolSize ?? 40 });
  const db = conn.db;
  const prefix = `{duebot-bench-${randomUUID().slice(0, 8)}}`;
  const lark = new FakePlatform({ platform: 'lark', perChannel: perChat, perApp, latencyMs: 2 });
  try {
    await migrateToLatest(db);
    const org = await db.insertInto('orgs').values({ slug: 'bench-delivery', name: 'Delivery bench', timezone: 'UTC', locale: 'en-US' })
      .returning('id').executeTakeFirstOrThrow();
    const orgId = org.id;
    // Every hour and day is working time, so no reminder is deferred.
    await db.insertInto('org_policies').values({ org_id: orgId, work_start: '00:00', work_end: '23:59', work_days: [1, 2, 3, 4, 5, 6, 7] }).execute();
    await sql`insert into users (org_id, email, name, role) select ${orgId}, 'o' || g || '@bench.test', 'Owner ' || g, 'sales' from generate_series(1, ${owners}) g`.execute(db);
    await sql`insert into chat_identities (org_id, user_id, platform, external_user_id) select ${orgId}, id, 'lark', 'ou_' || id from users where org_id = ${orgId}`.execute(db);
    await sql`insert into customers (org_id, code, name, credit_grade, credit_limit_minor, payment_terms_days, region, owner_user_id)
      select ${orgId}, 'C' || g, 'Customer ' || g, 'B', 1000000, 30, 'r' || (g % ${channels}),
        (select id from users where org_id = ${orgId} order by id offset (g % ${owners}) limit 1)
      from generate_series(1, ${alerts}) g`.execute(db);
    await sql`insert into invoices (org_id, customer_id, number, currency, amount_minor, issued_on, due_on, region)
      select ${orgId}, id, 'I-' || id, 'CNY', 100000, current_date - 60, current_date - 40, region from customers where org_id = ${orgId}`.execute(db);
    await sql`insert into cases (org_id, customer_id, level, owner_user_id) select ${orgId}, id, 'yellow', owner_user_id from customers where org_id = ${orgId}`.execute(db);
    await sql`insert into alerts_sent (org_id, invoice_id, case_id, level, raised_on)
      select ${orgId}, i.id, c.id, 'yellow', current_date from invoices i join cases c on c.customer_id = i.customer_id where i.org_id = ${orgId}`.execute(db);
    await sql`insert into case_events (org_id, case_id, type, payload, processed_at)
      select ${orgId}, a.case_id, 'alert.raised', jsonb_build_object('alertIds', jsonb_build_array(a.id), 'invoiceIds', jsonb_build_array(a.invoice_id)), now()
      from alerts_sent a where a.org_id = ${orgId}`.execute(db);
    await sql`insert into channel_subscriptions (org_id, platform, channel_id, kind, region)
      select ${orgId}, 'lark', 'oc_' || g, 'alerts', 'r' || g from generate_series(0, ${channels - 1}) g`.execute(db);
    await sql`insert into reminders (org_id, kind, user_id, case_id, due_at, dedupe_key)
      select ${orgId}, 'next_action', c.owner_user_id, c.id, now() - interval '1 minute', 'bench:' || g
      from generate_series(1, ${dms}) g join cases c on c.org_id = ${orgId} and c.id = (select min(id) from cases where org_id = ${orgId}) + (g % ${alerts})`.execute(db);
    await sql`analyze`.execute(db);

    const rt = createJobsRuntime({ db, redisUrl, prefix, ports: { lark }, log: pino({ level: 'silent' }), limits, maintenance: false,
      concurrency: { delivery: opts.concurrency ?? Number(process.env.BENCH_DELIVERY_CONCURRENCY ?? 200) } });
    await rt.start();
    const t0 = performance.now();
    // The alerts: one delivery per alert to its region's channel.
    const events = await db.selectFrom('case_events as e').innerJoin('cases as c', 'c.id', 'e.case_id').innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .innerJoin('channel_subscriptions as s', (j) => j.onRef('s.region', '=', 'cu.region').on('s.org_id', '=', orgId))
      .select(['e.id', 'e.case_id', 's.id as sub', 's.channel_id']).where('e.org_id', '=', orgId).execute();
    await rt.delivery.enqueue(events.map((e) => ({ orgId, platform: 'lark' as const, channelId: e.channel_id, kind: 'alert' as const,
      caseId: e.case_id, caseEventId: e.id, subscriptionId: e.sub, dedupeKey: `alert:${e.id}:${e.sub}` })));
    if (process.env.BENCH_DEBUG) console.error(`alerts queued after ${(performance.now() - t0).toFixed(0)} ms`);
    await rt.sweepReminders(orgId);
    if (process.env.BENCH_DEBUG) console.error(`queued after ${(performance.now() - t0).toFixed(0)} ms, cpu ${JSON.stringify(process.cpuUsage())}`);
    const total = dms + alerts;
    let shown = 0;
    for (;;) {
      const r = await db.selectFrom('deliveries').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).where('status', 'in', ['queued', 'sending']).executeTakeFirstOrThrow();
      const all = await db.selectFrom('deliveries').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
      if (Number(r.n) === 0 && Number(all.n) >= total) break;
      if (process.env.BENCH_DEBUG && performance.now() - t0 >= shown + 1000) {
        shown = performance.now() - t0;
        console.error(`${(shown / 1000).toFixed(1)} s: ${Number(all.n)} recorded, ${Number(all.n) - Number(r.n)} done, ${lark.calls.length} calls, ${lark.rejected} 429s`);
      }
      if (performance.now() - t0 > 300_000) throw new Error('delivery bench: not done after 5 minutes');
      await new Promise((res) => setTimeout(res, 100));
    }
    const ms = performance.now() - t0;
    if (process.env.BENCH_DEBUG) console.error(`done after ${ms.toFixed(0)} ms, cpu ${JSON.stringify(process.cpuUsage())}`);
    await rt.stop();
    const counts = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).where('org_id', '=', orgId).groupBy('status').execute();
    const by = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
    // The ideal: the app budget for everything, or the busiest chat's budget, whichever is longer.
    const busiest = Math.max(Math.ceil(alerts / channels), Math.ceil(dms / owners));
    const idealMs = Math.max(total / perApp, busiest / perChat) * 1000;
    return { messages: total, ms, idealMs, ratio: ms / idealMs, rejected429: lark.rejected, sent: by.sent ?? 0, failed: by.failed ?? 0 };
  } finally {
    await conn.close();
    const a = new pg.Client({ connectionString: admin.toString() });
    await a.connect();
    await a.query(`drop database if exists "${name}" with (force)`).catch(() => {});
    await a.end();
    ownRedis?.proc.kill('SIGTERM');
  }
}
