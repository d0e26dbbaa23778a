// Starts what the integration tests need, once per run: PostgreSQL (DATABASE_URL, else the
// embedded one) with a migrated template database, and Redis (REDIS_URL, else a redis-server
// started on a free port). Test files clone the template (test/support/db.ts).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect } from '../../src/store/connection.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { startEmbeddedPostgres, freePort, ensureDatabase } from '../../src/store/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext { pgAdminUrl: string; pgTemplate: string; redisUrl: string }
}

// Per run, so several runs can share one server (developers running suites side by side).
const TEMPLATE = `duebot_tpl_${process.pid}`;

export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '../..');
  let adminUrl: string;
  let stopPg = async () => {};
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/postgres';
    adminUrl = u.toString();
  } else {
    const embedded = await startEmbeddedPostgres({ home: path.join(root, '.duebot/test'), fast: true });
    adminUrl = embedded.adminUrl;
    stopPg = embedded.stop;
  }
  await rebuildTemplate(adminUrl);

  let redisUrl = process.env.REDIS_URL ?? '';
  let redis: ChildProcess | undefined;
  if (!redisUrl) {
    const port = await freePort();
    redis = spawn(redisServer(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    redisUrl = `redis://127.0.0.1:${port}`;
    await waitForPort(port);
  }

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', TEMPLATE);
  project.provide('redisUrl', redisUrl);

  return async () => {
    redis?.kill('SIGTERM');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${TEMPLATE} with (force)`).catch(() => {});
    await admin.end();
    await stopPg();
  };
}

async function rebuildTemplate(adminUrl: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Databases left by earlier runs whose process is gone (names carry the run's pid).
  const { rows } = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname like 'duebot\\_t\\_%' or datname like 'duebot\\_tpl\\_%'");
  for (const r of rows) {
    const pid = Number(/^duebot_(?:t|tpl)_(\d+)/.exec(r.datname)?.[1]);
    if (pid && pid !== process.pid && isAlive(pid)) continue;
    await admin.query(`drop database if exists "${r.datname}" with (force)`);
  }
  await admin.end();
  await ensureDatabase(adminUrl, TEMPLATE);
  const u = new URL(adminUrl);
  u.pathname = `/${TEMPLATE}`;
  const conn = connect(u.toString(), { max: 1 });
  await migrateToLatest(conn.db);
  await conn.close();
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function redisServer(): string {
  for (const candidate of ['redis-server', '/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    try { execFileSync(candidate, ['--version'], { stdio: 'ignore' }); return candidate; } catch { /* next */ }
  }
  throw new Error('redis-server not found: run `bash test/setup/ensure-redis.sh` (npm test does) or set REDIS_URL');
}

async function waitForPort(port: number) {
  const net = await import('node:net');
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}
