// What every delivery kind's renderer reads: the org's language and hours (kept a few seconds:
// they are read for every message), and the rows a delivery's typed columns point at.
import type { Locale } from '../../../src/chat/message.js';
import type { MessageRef, PlatformName } from '../../../src/chat/port.js';
import type { CaseEventRow } from '../../../src/chat/case-messages.js';
import { orgHours, type OrgHours } from '../../../src/services/reminders/working-hours.js';
import type { Db } from '../../../src/store/connection.js';
import type { Mailer } from '../../../src/services/email/mailer.js';
import type { JobViews } from '../../views.js';
import type { DeliveryRow } from '../delivery-log.js';
import { BATCH_WINDOW_MS, batchLoader } from '../batch.js';

/** `mailer`: SMTP for the email kind (issue 11); absent when SMTP_URL is not set. */
export interface KindDeps { db: Db; views: JobViews; now: () => Date; mailer?: Mailer }

export interface SubscriptionRow { id: number; kind: string; channel_id: string; region: string | null; product: string | null }

export interface OrgInfo { locale: Locale; timezone: string; currency: string }

export interface KindContext extends KindDeps {
  org(orgId: number): Promise<OrgInfo>;
  hours(orgId: number): Promise<OrgHours>;
  subscription(d: DeliveryRow): Promise<SubscriptionRow | undefined>;
  chatMessage(d: DeliveryRow): Promise<{ id: number; platform: string; channel_id: string; message_id: string; thread_id: string | null;
    kind: string; case_id: number | null; invoice_id: number | null; escalation_id: number | null; updatable_until: Date | null } | undefined>;
  caseEvent(d: DeliveryRow): Promise<CaseEventRow | undefined>;
}

/** A value per org kept for a few seconds. */
function perOrg<T>(load: (orgId: number) => Promise<T>, ttlMs = 30_000): (orgId: number) => Promise<T> {
  const cache = new Map<number, { at: number; value: Promise<T> }>();
  return (orgId) => {
    const hit = cache.get(orgId);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = load(orgId);
    value.catch(() => cache.delete(orgId));
    cache.set(orgId, { at: Date.now(), value });
    return value;
  };
}

export function kindContext(deps: KindDeps): KindContext {
  const { db } = deps;
  // The rows every post reads, one query for the deliveries rendered at the same moment.
  const orgIds = (keys: { orgId: number }[]) => [...new Set(keys.map((k) => k.orgId))];
  const byOrgId = (k: { orgId: number; id: number | bigint | string }) => `${k.orgId}:${k.id}`;
  const subscription = batchLoader<{ orgId: number; id: number }, SubscriptionRow>(async (keys) => {
    const rows = await db.selectFrom('channel_subscriptions').select(['id', 'org_id', 'kind', 'channel_id', 'region', 'product'])
      .where('org_id', 'in', orgIds(keys)).where('id', 'in', keys.map((k) => k.id)).execute();
    return new Map(rows.map(({ org_id, ...r }) => [`${org_id}:${r.id}`, r]));
  }, byOrgId, 200, BATCH_WINDOW_MS.load);
  const caseEvent = batchLoader<{ orgId: number; id: bigint }, CaseEventRow>(async (keys) => {
    const rows = await db.selectFrom('case_events').select(['id', 'org_id', 'case_id', 'type', 'payload'])
      .where('org_id', 'in', orgIds(keys)).where('id', 'in', keys.map((k) => k.id) as never[]).execute() as CaseEventRow[];
    return new Map(rows.map((r) => [`${r.org_id}:${r.id}`, r]));
  }, byOrgId, 200, BATCH_WINDOW_MS.load);
  return {
    ...deps,
    org: perOrg(async (orgId) => {
      const o = await db.selectFrom('orgs').select(['locale', 'timezone', 'currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
      return { locale: o.locale, timezone: o.timezone, currency: o.currency.trim() };
    }),
    hours: perOrg((orgId) => orgHours(db, orgId)),
    subscription: async (d) => d.subscription_id === null ? undefined : subscription({ orgId: d.org_id, id: d.subscription_id }),
    chatMessage: async (d) => d.chat_message_id === null ? undefined
      : db.selectFrom('chat_messages').select(['id', 'platform', 'channel_id', 'message_id', 'thread_id', 'kind', 'case_id', 'invoice_id', 'escalation_id', 'updatable_until'])
        .where('org_id', '=', d.org_id).where('id', '=', d.chat_message_id).executeTakeFirst(),
    caseEvent: async (d) => d.case_event_id === null ? undefined : caseEvent({ orgId: d.org_id, id: d.case_event_id }),
  };
}

/** The message a thread line or an update goes to. */
export function refOf(cm: { platform: string; channel_id: string; message_id: string; thread_id: string | null }): MessageRef {
  return { platform: cm.platform as PlatformName, channelId: cm.channel_id, messageId: cm.message_id, ...(cm.thread_id ? { threadId: cm.thread_id } : {}) };
}

/** '@U123' → 'U123': direct messages are queued to '@<platform user id>'. */
export const dmRecipient = (d: DeliveryRow) => (d.channel_id.startsWith('@') ? d.channel_id.slice(1) : d.channel_id);
