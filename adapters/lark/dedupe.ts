// Lark retries an event it thinks we missed (and the long connection may deliver one twice), each
// time with the same event_id. The first delivery wins across every process: SET NX in Redis, or,
// without Redis, a row in action_receipts (org-scoped, key `lark-event:<event_id>`).
import type { Db } from '../../src/services/database.js';
import { orgOfWorkspace } from '../../src/services/people.js';
import { firstReceipt } from '../../src/services/receipts.js';

/** The one Redis command we need; an ioredis client fits. */
export interface RedisSetNx {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<'OK' | null>;
}

/** Lark retries for a few hours at most; a day covers it. */
export const EVENT_TTL_MS = 24 * 60 * 60 * 1000;

export const eventKey = (eventId: string): string => `lark-event:${eventId}`;

/** Its Redis key, with the `{duebot}` hash tag every key of ours carries (one Cluster slot, as the queues'). */
export const redisEventKey = (eventId: string): string => `{duebot}:${eventKey(eventId)}`;

/** The org a tenant is linked to, or undefined (the chat layer refuses unlinked tenants). */
export async function orgOfTenant(db: Db, tenantKey: string): Promise<number | undefined> {
  return orgOfWorkspace(db, 'lark', tenantKey);
}

export interface EventDeduper {
  /** True the first time this event_id is seen, false on every later delivery. */
  first(eventId: string, tenantKey: string): Promise<boolean>;
}

export function createEventDeduper(db: Db, redis?: RedisSetNx): EventDeduper {
  return {
    async first(eventId, tenantKey) {
      if (!eventId) return true;
      if (redis) return (await redis.set(redisEventKey(eventId), '1', 'PX', EVENT_TTL_MS, 'NX')) === 'OK';
      const orgId = await orgOfTenant(db, tenantKey);
      // An unlinked tenant changes nothing (it is refused), so there is nothing to protect.
      if (orgId === undefined) return true;
      return firstReceipt(db, orgId, eventKey(eventId), { received: true });
    },
  };
}
