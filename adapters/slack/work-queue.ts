// The work after an ack (asking the chat layer, posting, updating) runs here, a few at a time,
// after the acks: while requests are waiting for their ack, no new work starts, unless it has
// waited `maxWaitMs` already. So a burst (everyone clicking on the morning digest) is acknowledged
// at once instead of queueing behind everyone's database work, and under sustained load the
// answers still come, at most `maxWaitMs` later. Work that may open a modal does not wait at all:
// its trigger_id dies 3 s after the click. The queue is bounded: past `maxPending` a request is
// answered "busy, try again" at once instead of waiting behind a backlog that only grows.
import type { Logger } from 'pino';
import { errorSummary } from './people.js';

export interface WorkQueue {
  /**
   * Runs `task` when its turn comes (`urgent`: at once, beside the others). Never throws. False
   * when the queue is full and the task was not taken (the caller answers "busy, try again").
   */
  push(task: () => Promise<unknown>, opts?: { urgent?: boolean; what?: string }): boolean;
  /** No room for another task: shed load instead of growing. */
  readonly full: boolean;
  /** Resolves when nothing is running or waiting (or after `timeoutMs`). */
  drain(timeoutMs?: number): Promise<void>;
  /** Tasks pushed and not finished. */
  readonly size: number;
}

export interface WorkQueueOptions {
  /** Tasks running at once (default 4). */
  concurrency?: number;
  /** True while requests are waiting for their ack: new work waits. */
  acking?: () => boolean;
  /** The longest a task is held back by acks (default 250 ms). */
  maxWaitMs?: number;
  /** Tasks running or waiting at most (default 1000); past it push() refuses. */
  maxPending?: number;
  /** Milliseconds clock (default performance.now; tests hold it still or move it). */
  now?: () => number;
}

interface Job { task: () => Promise<unknown>; what: string; at: number }

export function createWorkQueue(log: Logger, opts: WorkQueueOptions = {}): WorkQueue {
  const concurrency = opts.concurrency ?? 4;
  const maxWaitMs = opts.maxWaitMs ?? 250;
  const acking = opts.acking ?? (() => false);
  const maxPending = opts.maxPending ?? 1000;
  const now = opts.now ?? (() => performance.now());
  const waiting: Job[] = [];
  let running = 0;
  let pending = 0;
  let recheck: NodeJS.Timeout | undefined;
  let idle: (() => void)[] = [];

  const start = (job: Job) => {
    running++;
    void job.task()
      .catch((e: unknown) => log.error({ err: errorSummary(e), what: job.what }, 'slack: work after the ack failed'))
      .finally(() => {
        running--;
        pending--;
        next();
        if (pending === 0) { const done = idle; idle = []; done.forEach((r) => r()); }
      });
  };

  function next() {
    while (running < concurrency && waiting.length) {
      if (acking() && now() - waiting[0]!.at < maxWaitMs) {
        recheck ??= setTimeout(() => { recheck = undefined; next(); }, 2);
        return;
      }
      start(waiting.shift()!);
    }
  }

  return {
    push(task, o = {}) {
      if (pending >= maxPending) {
        log.warn({ what: o.what ?? 'task', pending }, 'slack: work queue full, shedding load');
        return false;
      }
      const job = { task, what: o.what ?? 'task', at: now() };
      pending++;
      // Started on a later turn, so the HTTP answer of the ack goes out first.
      if (o.urgent) { setImmediate(() => start(job)); return true; }
      waiting.push(job);
      setImmediate(next);
      return true;
    },
    get full() { return pending >= maxPending; },
    drain(timeoutMs = 10_000) {
      if (pending === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        idle.push(() => { clearTimeout(timer); resolve(); });
      });
    },
    get size() { return pending; },
  };
}
