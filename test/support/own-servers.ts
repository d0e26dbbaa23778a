// A Redis and a PostgreSQL of a test's own, on loopback ports of their own, so a test can stop,
// kill and restart them (fault injection) without disturbing any other test file or the shared
// test database. The PostgreSQL cluster is an embedded one in a temporary directory; a restart
// keeps its port (the processes under test keep their DATABASE_URL).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/store/embedded-postgres.js';

/** Polls `check` every 100 ms until it returns a truthy value, or throws naming `what`. */
export async function pollUntil<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A redis-server of the test's own: restarting it (SIGKILL: every key is gone) disturbs no other test. */
export class OwnRedis {
  proc?: ChildProcess;
  /** How many times it was started (a restart shows as 2). */
  starts = 0;
  constructor(public port = 0, private readonly extraArgs: string[] = []) {}
  get url() { return `redis://127.0.0.1:${this.port}`; }
  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--maxmemory-policy', 'noeviction', ...this.extraArgs], { stdio: 'ignore' });
    this.starts++;
    const r = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    r.on('error', () => {});
    await pollUntil('redis-server to answer', async () => { try { await r.connect(); return (await r.ping()) === 'PONG'; } catch { return false; } }, 10_000);
    r.disconnect();
  }
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await gone;
  }
}

/** An embedded PostgreSQL cluster of the test's own (fsync off), in a temporary directory. */
export class OwnPostgres {
  private home = '';
  private server?: EmbeddedDatabase;
  port = 0;
  /** The owner's URL of the `duebot` database. */
  url = '';
  /** How many times it was started (a restart shows as 2). */
  starts = 0;
  async start(): Promise<void> {
    if (!this.home) {
      this.home = await fs.mkdtemp(path.join(os.tmpdir(), 'duebot-own-pg-'));
      // As root the server runs as the OS user `postgres`: it must reach its directory.
      await fs.chmod(this.home, 0o755);
      this.port = await freePort();
    }
    this.server = await startEmbeddedPostgres({ home: this.home, fast: true, port: this.port });
    this.url = this.server.url;
    this.starts++;
  }
  /** A fast shutdown (SIGINT): every connection is cut, as in a restart or a failover. */
  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }
  /** True when a new connection is accepted. */
  async accepts(): Promise<boolean> {
    const c = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 1000 });
    try { await c.connect(); await c.end(); return true; } catch { return false; }
  }
  async destroy(): Promise<void> {
    await this.stop().catch(() => {});
    if (this.home) await fs.rm(this.home, { recursive: true, force: true });
  }
}
