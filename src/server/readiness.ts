// GET /readyz (DESIGN.md "HTTP"): PostgreSQL and Redis reachable now. Each check has a deadline:
// a pool waits for a connection to a hung server, and ioredis (maxRetriesPerRequest: null, as
// BullMQ requires) holds a command until Redis is back — without one, /readyz itself would hang
// while a dependency is down instead of saying "not ready" (issue 9, part 2).
import type pg from 'pg';

/** How long a check may take before its dependency counts as down. */
export const READY_CHECK_MS = 1000;

export interface ReadinessDeps {
  pool: Pick<pg.Pool, 'query'>;
  redis?: { ping(): Promise<string> } | undefined;
  timeoutMs?: number;
}

async function within(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check().catch(() => false),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The checks by name, each true or false within `timeoutMs`. */
export function readinessChecks(d: ReadinessDeps): () => Promise<Record<string, boolean>> {
  const ms = d.timeoutMs ?? READY_CHECK_MS;
  return async () => {
    const [postgres, redis] = await Promise.all([
      within(async () => { await d.pool.query('select 1'); return true; }, ms),
      d.redis ? within(async () => (await d.redis!.ping()) === 'PONG', ms) : Promise.resolve(undefined),
    ]);
    return { postgres, ...(redis === undefined ? {} : { redis }) };
  };
}
