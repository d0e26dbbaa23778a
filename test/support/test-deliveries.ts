// The one way out, for tests of the chat layer and the adapters (issue 8): the chat is built on a
// jobs runtime's outbox, and only its delivery worker runs (as `duebot serve` without REDIS_URL),
// on the test Redis under a BullMQ prefix of this runtime's own. What a command changes reaches
// the fake platforms through deliver.ts and the delivery kinds, exactly as in production.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { pino, type Logger } from 'pino';
import type { ChatPort, PlatformName } from '../../src/chat/port.js';
import type { CaseOutbox } from '../../src/chat/chat.js';
import type { Db } from '../../src/store/connection.js';
import { createJobsRuntime, PLATFORM_LIMITS, scaleLimits, type JobsRuntime, type JobsRuntimeOptions } from '../../jobs/index.js';

export interface TestDeliveries {
  readonly runtime: JobsRuntime;
  /** For createChat({ outbox }). */
  readonly outbox: CaseOutbox;
  /** Starts the delivery worker (once the adapters have filled `ports`). */
  start(): Promise<void>;
  /** Resolves when no delivery (of the org, or of any) is still queued or being sent. */
  settled(orgId?: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function testDeliveries(o: { db: Db; ports: Partial<Record<PlatformName, ChatPort>>; now?: () => Date; log?: Logger; redisUrl?: string }
  & Partial<JobsRuntimeOptions>): TestDeliveries {
  const { db, ports, now, log, redisUrl, ...rest } = o;
  // The fakes do not rate-limit: ten times the documented limits keep a story from waiting a second per message.
  const runtime = createJobsRuntime({ maintenance: false, workers: 'delivery', prefix: `{duebot-t-${randomUUID().slice(0, 8)}}`,
    limits: scaleLimits(PLATFORM_LIMITS, 10),
    ...rest, db, ports, log: log ?? pino({ level: 'silent' }), redisUrl: redisUrl ?? inject('redisUrl'), ...(now ? { now } : {}) });
  let started = false;
  return {
    runtime, outbox: runtime.caseOutbox,
    async start() { started = true; await runtime.start(); },
    async settled(orgId, timeoutMs = 60_000) {   // a deadline, not a wait: generous for a loaded 2-core machine
      const until = Date.now() + timeoutMs;
      for (;;) {
        let q = db.selectFrom('deliveries').select((eb) => eb.fn.countAll<string>().as('n')).where('status', 'in', ['queued', 'sending']);
        if (orgId !== undefined) q = q.where('org_id', '=', orgId);
        if (Number((await q.executeTakeFirstOrThrow()).n) === 0) return;
        if (Date.now() > until) throw new Error('deliveries still queued after the deadline');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() { if (started) await runtime.stop(); else await runtime.queues.close(); },
  };
}
