// A Redis and a PostgreSQL of a test's own, on loopback ports of their own, so a test can stop,
// kill and restart them (fault injection) without disturbing any other test file or the shared
// test database. The PostgreSQL cluster is an embedded one in a temporary directory; a restart
// keeps its port (the processes under test keep their DATABASE_URL).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
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

/** Whether `port` on 127.0.0.1 can be listened on now. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Redis Cluster's slots (0…16383), split evenly between `n` masters. */
export const CLUSTER_SLOTS = 16384;

/**
 * A Redis Cluster of the test's own: `size` masters (no replicas) of Debian's redis-server in
 * cluster mode on loopback, data under `test/.tmp`. Formed the way redis-cli --cluster create
 * does it, but through plain commands (no redis-cli needed): each node gets a config epoch and
 * its range of slots (CLUSTER ADDSLOTS), then the first node meets the others (CLUSTER MEET).
 */
export class OwnRedisCluster {
  readonly nodes: { port: number; proc: ChildProcess }[] = [];
  private dir = '';
  constructor(private readonly size = 3) {}
  /** One node's URL: what REDIS_URL names with REDIS_CLUSTER=true. */
  url(i = 0): string { return `redis://127.0.0.1:${this.nodes[i]!.port}`; }

  async start(): Promise<void> {
    const tmp = path.resolve(import.meta.dirname, '..', '.tmp');
    await fs.mkdir(tmp, { recursive: true });
    this.dir = await fs.mkdtemp(path.join(tmp, 'redis-cluster-'));
    for (let i = 0; i < this.size; i++) {
      // The cluster bus listens on port + 10000 (Redis' fixed offset before 7.0's cluster-port): both must be free.
      let port = 0;
      for (let tries = 0; tries < 50 && !port; tries++) {
        const p = await freePort();
        if (p + 10000 <= 65535 && await portIsFree(p + 10000)) port = p;
      }
      if (!port) throw new Error('no free port pair (port and port + 10000) for a Redis Cluster node');
      const dir = path.join(this.dir, String(port));
      await fs.mkdir(dir);
      const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
        '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000',
        '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
      this.nodes.push({ port, proc });
    }
    const clients = this.nodes.map((n) => {
      const r = new Redis(n.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
      r.on('error', () => {});
      return r;
    });
    try {
      for (const r of clients) {
        await pollUntil('a cluster node to answer', async () => { try { await r.connect(); return (await r.ping()) === 'PONG'; } catch { return false; } }, 10_000);
      }
      const per = Math.ceil(CLUSTER_SLOTS / this.size);
      for (const [i, r] of clients.entries()) {
        await r.call('CLUSTER', 'SET-CONFIG-EPOCH', String(i + 1));
        const slots = Array.from({ length: Math.min(per, CLUSTER_SLOTS - i * per) }, (_, k) => String(i * per + k));
        await r.call('CLUSTER', 'ADDSLOTS', ...slots);
      }
      for (const n of this.nodes.slice(1)) await clients[0]!.call('CLUSTER', 'MEET', '127.0.0.1', String(n.port));
      await pollUntil('the cluster to agree (cluster_state:ok on every node)', async () => {
        for (const r of clients) {
          const info = String(await r.call('CLUSTER', 'INFO'));
          if (!info.includes('cluster_state:ok') || !info.includes(`cluster_known_nodes:${this.size}`)) return false;
        }
        return true;
      }, 20_000);
    } finally {
      for (const r of clients) r.disconnect();
    }
  }

  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map(async ({ proc }) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await gone;
    }));
    if (this.dir) await fs.rm(this.dir, { recursive: true, force: true });
  }
}
