// The case_events outbox: services record what happened (in the transaction of the change); this
// is the one place that turns an event into what it causes, by its row in CASE_EVENTS
// (src/domain/case-events.ts): deliveries (thread lines, alert updates, alerts, request cards,
// decisions, direct messages) and jobs (a rescan after an import, a reconcile after a
// subscription changed).
//
// Exactly once: each event is claimed alone (FOR UPDATE SKIP LOCKED) inside the transaction that
// records its deliveries and marks it processed, so it is done only when what it caused is
// recorded. A crash or an error anywhere rolls that one event back for the next pass; two workers
// never take the same event. The BullMQ jobs are added after the commit: a crash between the two
// leaves queued deliveries, which the reconcile pass puts back on the queue.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../src/store/schema.js';
import type { Db } from '../src/store/connection.js';
import { CASE_EVENTS, isCaseEventType, type CaseEventPayloads, type CaseEventType } from '../src/domain/case-events.js';
import { dateIn } from '../src/domain/calendar.js';
import type { Locale } from '../src/chat/message.js';
import type { PlatformName } from '../src/chat/port.js';
import { escalationDecision } from '../src/chat/case-messages.js';
import { activeCaseOwner, dmTargets, userEmail } from '../src/services/people.js';
import type { DeliveryQueue } from './delivery/delivery-queue.js';
import { recordDeliveries, type NewDelivery, type QueuedDelivery } from './delivery/delivery-log.js';

export interface OutboxDeps {
  db: Db;
  delivery: DeliveryQueue;
  /** The platforms deliveries may go to (those the workers can reach). */
  platforms: readonly PlatformName[];
  /** Runs the aging scan of an org (after an import). */
  scan(orgId: number): Promise<unknown>;
  /** Rebuilds the schedulers (after a subscription changed). */
  reconcile(): Promise<unknown>;
  now?: () => Date;
}

interface EventRow { id: bigint; org_id: number; case_id: number | null; type: CaseEventType; payload: Record<string, unknown> }

type Trx = Transaction<Database>;

/**
 * Handles up to `limit` unprocessed events, oldest first, one transaction each (of the given
 * cases only, when `caseIds` is given: the chat layer publishing what a command changed).
 * Returns how many were handled.
 */
export async function processOutbox(deps: OutboxDeps, opts: { limit?: number; caseIds?: number[] } = {}): Promise<number> {
  const limit = opts.limit ?? 200;
  let handled = 0;
  let reconcile = false;
  while (handled < limit) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const { rows } = await sql<EventRow>`
        select id, org_id, case_id, type, payload from case_events
        where processed_at is null ${opts.caseIds ? sql`and case_id = any(${opts.caseIds}::int[])` : sql``}
        order by id limit 1 for update skip locked`.execute(trx);
      const ev = rows[0];
      if (!ev) return null;
      const effects = isCaseEventType(ev.type) ? CASE_EVENTS[ev.type] : null;
      if (effects?.job === 'scan') await deps.scan(ev.org_id);
      const items = effects ? await deliveriesOf(deps, trx, ev) : [];
      const created = await recordDeliveries(trx, items);
      await trx.updateTable('case_events').set({ processed_at: deps.now?.() ?? new Date() }).where('id', '=', ev.id as never).execute();
      return { created, reconcile: effects?.job === 'reconcile' };
    });
    if (!done) break;
    handled++;
    if (done.reconcile) reconcile = true;
    await deps.delivery.requeue(done.created);
  }
  if (reconcile) await deps.reconcile();
  return handled;
}

/** The deliveries an event causes, by its row in CASE_EVENTS. */
async function deliveriesOf(deps: OutboxDeps, trx: Trx, ev: EventRow): Promise<NewDelivery[]> {
  const effects = CASE_EVENTS[ev.type];
  const reach = (platform: string) => deps.platforms.includes(platform as PlatformName);
  const orgId = ev.org_id;
  const caseId = ev.case_id;
  const items: NewDelivery[] = [];
  const base = { orgId, caseId, caseEventId: ev.id };

  if (caseId !== null && (effects.thread || effects.updatesAlert)) {
    const kase = await trx.selectFrom('cases').select('version').where('org_id', '=', orgId).where('id', '=', caseId).executeTakeFirst();
    const messages = await trx.selectFrom('chat_messages').select(['id', 'platform', 'channel_id'])
      .where('org_id', '=', orgId).where('case_id', '=', caseId).where('kind', '=', 'alert')
      .where('superseded_by', 'is', null).orderBy('id').execute();
    for (const m of messages) {
      if (!reach(m.platform)) continue;
      const to = { ...base, platform: m.platform as PlatformName, channelId: m.channel_id, chatMessageId: m.id };
      if (effects.updatesAlert) items.push({ ...to, kind: 'update', dedupeKey: `update:${m.id}:${kase?.version ?? 0}:${ev.id}` });
      if (effects.thread) items.push({ ...to, kind: 'thread', dedupeKey: `thread:${ev.id}:${m.id}` });
    }
  }

  for (const post of effects.posts) {
    if (post === 'alert') {
      for (const s of await alertChannels(trx, ev)) {
        if (reach(s.platform)) items.push({ ...base, platform: s.platform, channelId: s.channel_id, subscriptionId: s.id, kind: 'alert', dedupeKey: `alert:${ev.id}:${s.id}` });
      }
    }
    if (post === 'escalation_request') {
      for (const s of await subscribed(trx, orgId, 'escalations')) {
        if (reach(s.platform)) items.push({ ...base, platform: s.platform, channelId: s.channel_id, subscriptionId: s.id, kind: 'escalation_request', dedupeKey: `escalation_request:${ev.id}:${s.id}` });
      }
    }
    if (post === 'report_chart') {
      const p = ev.payload as unknown as CaseEventPayloads['report.chart_requested'];
      if (reach(p.platform)) items.push({ ...base, platform: p.platform as PlatformName, channelId: p.channelId, kind: 'report_chart', dedupeKey: `report_chart:${p.requestKey}` });
    }
    if (post === 'escalation_decision' && caseId !== null) items.push(...await decisionDeliveries(deps, trx, ev, caseId, reach));
    if (post === 'writeoff_review') {
      const asOf = (ev.payload as { asOf?: string }).asOf ?? null;
      for (const s of await subscribed(trx, orgId, 'escalations')) {
        if (reach(s.platform)) items.push({ ...base, platform: s.platform, channelId: s.channel_id, subscriptionId: s.id, localDate: asOf, kind: 'writeoff_review', dedupeKey: `writeoff_review:${ev.id}:${s.id}` });
      }
    }
    if (post === 'rerating_review') {
      const asOf = (ev.payload as { asOf?: string }).asOf ?? null;
      for (const s of await subscribed(trx, orgId, 'escalations')) {
        if (reach(s.platform)) items.push({ ...base, platform: s.platform, channelId: s.channel_id, subscriptionId: s.id, localDate: asOf, kind: 'rerating_review', dedupeKey: `rerating_review:${ev.id}:${s.id}` });
      }
    }
    if (post === 'limitation_warning') {
      for (const s of await subscribed(trx, orgId, 'legal')) {
        if (reach(s.platform)) items.push({ ...base, platform: s.platform, channelId: s.channel_id, subscriptionId: s.id, kind: 'limitation', dedupeKey: `limitation:${ev.id}:${s.id}` });
      }
      // The owner of the case now (an unowned case: the legal channels alone).
      const owner = caseId === null ? undefined : await activeCaseOwner(trx, orgId, caseId);
      if (owner !== undefined) items.push(...await directMessages(trx, { ...base, userId: owner }, 'limitation', reach));
    }
    if (post === 'evidence_file') {
      const by = Number(ev.payload.requestedBy);
      if (Number.isInteger(by)) items.push(...await directMessages(trx, { ...base, userId: by }, 'evidence', reach));
    }
    if (post === 'email') items.push(...await emailDeliveries(trx, ev));
    if (post === 'owner_dm' && caseId !== null) items.push(...await ownerDeliveries(trx, ev, caseId, reach));
  }
  return items;
}

const subscribed = (trx: Trx, orgId: number, kind: 'escalations' | 'legal') => trx.selectFrom('channel_subscriptions')
  .select(['id', 'platform', 'channel_id']).where('org_id', '=', orgId).where('kind', '=', kind).orderBy('id').execute();

/** An alert goes to every 'alerts' channel whose region/product filter matches one of its invoices. */
async function alertChannels(trx: Trx, ev: EventRow) {
  const invoiceIds = (ev.payload.invoiceIds as number[] | undefined) ?? [];
  if (invoiceIds.length === 0) return [];
  const { rows } = await sql<{ id: number; platform: PlatformName; channel_id: string }>`
    select s.id, s.platform, s.channel_id from channel_subscriptions s
    where s.org_id = ${ev.org_id} and s.kind = 'alerts'
      and exists (select 1 from invoices i join customers c on c.id = i.customer_id
        where i.org_id = ${ev.org_id} and i.id = any(${invoiceIds}::int[])
          and (s.region is null or lower(coalesce(i.region, c.region, '')) = lower(s.region))
          and (s.product is null or lower(coalesce(i.product_line, '')) = lower(s.product)))
    order by s.id`.execute(trx);
  return rows;
}

/** A decision updates the request cards, tells the requester and the owner, and hands an approved legal case to legal. */
async function decisionDeliveries(deps: OutboxDeps, trx: Trx, ev: EventRow, caseId: number, reach: (p: string) => boolean): Promise<NewDelivery[]> {
  const orgId = ev.org_id;
  const base = { orgId, caseId, caseEventId: ev.id };
  const items: NewDelivery[] = [];
  const escalationId = Number(ev.payload.escalationId);
  const cards = await trx.selectFrom('chat_messages').select(['id', 'platform', 'channel_id']).where('org_id', '=', orgId)
    .where('escalation_id', '=', escalationId).where('kind', '=', 'escalation').orderBy('id').execute();
  for (const m of cards) {
    if (reach(m.platform)) items.push({ ...base, platform: m.platform as PlatformName, channelId: m.channel_id, chatMessageId: m.id, kind: 'escalation_decision', dedupeKey: `escalation_decision:${ev.id}:${m.id}` });
  }
  const org = await trx.selectFrom('orgs').select(['timezone', 'locale']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const decision = await escalationDecision(trx, orgId, caseId, escalationId, dateIn(org.timezone, deps.now?.() ?? new Date()), org.locale as Locale);
  for (const userId of decision.tell) items.push(...await directMessages(trx, { ...base, userId }, 'dm', reach));
  if (decision.toLegal) {
    for (const s of await subscribed(trx, orgId, 'legal')) {
      if (reach(s.platform)) items.push({ ...base, platform: s.platform, channelId: s.channel_id, subscriptionId: s.id, kind: 'legal', dedupeKey: `legal:${ev.id}:${s.id}` });
    }
  }
  return items;
}

/** Direct messages to a person on each platform they are known on (the console knows people by email). */
async function directMessages(trx: Trx, to: { orgId: number; caseId: number | null; caseEventId: bigint; userId: number },
  kind: 'dm' | 'limitation' | 'evidence', reach: (p: string) => boolean): Promise<NewDelivery[]> {
  const items: NewDelivery[] = [];
  const key = `${kind}:${to.caseEventId}:${to.userId}`;
  for (const t of await dmTargets(trx, to.orgId, to.userId)) {
    if (reach(t.platform)) items.push({ ...to, platform: t.platform as PlatformName, channelId: `@${t.externalUserId}`, kind, dedupeKey: `${key}:${t.platform}` });
  }
  if (items.length === 0 && reach('console')) {
    const email = await userEmail(trx, to.orgId, to.userId);
    if (email) items.push({ ...to, platform: 'console', channelId: `@${email}`, kind, dedupeKey: `${key}:console` });
  }
  return items;
}

/** Issue 11: the approved message to a customer, sent by the `email` kind (not a chat platform). */
async function emailDeliveries(trx: Trx, ev: EventRow): Promise<NewDelivery[]> {
  const outboundId = Number(ev.payload.outboundId);
  const m = await trx.selectFrom('outbound_messages').select(['id', 'recipients', 'status'])
    .where('org_id', '=', ev.org_id).where('id', '=', outboundId).executeTakeFirst();
  if (!m || m.status !== 'queued') return [];
  return [{ orgId: ev.org_id, caseId: ev.case_id, caseEventId: ev.id, platform: 'email', channelId: m.recipients.join(',').slice(0, 500),
    outboundMessageId: m.id, kind: 'email', dedupeKey: `email:${m.id}` }];
}

/** A direct message to the case's owner (a send to the customer that bounced, issue 11). */
async function ownerDeliveries(trx: Trx, ev: EventRow, caseId: number, reach: (p: string) => boolean): Promise<NewDelivery[]> {
  const owner = await activeCaseOwner(trx, ev.org_id, caseId);
  if (owner === undefined) return [];
  return directMessages(trx, { orgId: ev.org_id, caseId, caseEventId: ev.id, userId: owner }, 'dm', reach);
}

export type { QueuedDelivery };
