// `/ar subscribe digest|alerts|kpi|escalations|legal [region:<r>] [product:<p>] [at:HH:MM]`: what a
// channel receives. Managers, finance and admins decide where the bot posts; digests and KPI posts
// (every customer's balance) never go to a channel shared with another organisation (issue 9).
import { sql } from 'kysely';
import { z } from 'zod';
import { DuebotError } from '../errors.js';
import { parseClock } from '../domain/calendar.js';
import type { Db } from '../store/connection.js';
import type { SubscriptionKind } from '../store/schema.js';
import type { Actor } from './identity.js';
import { mayCarryMoneyFigures, type ChannelPlace } from '../domain/money-audience.js';
import { parseInput, toJson } from './cases/case-command.js';
import { requireRole, SUPERVISORS } from './cases/permissions.js';

import { SUBSCRIPTION_KINDS } from '../domain/subscription-kinds.js';
export { SUBSCRIPTION_KINDS };
/** Posts that show the whole ledger's money figures. */
const MONEY_FIGURE_KINDS: readonly SubscriptionKind[] = ['digest', 'kpi'];
export type ChannelPlatform = 'slack' | 'lark' | 'console';

export interface Subscription {
  id: number; platform: ChannelPlatform; channelId: string; kind: SubscriptionKind;
  region: string | null; product: string | null;
  /** Local time HH:MM of a scheduled post (digest, kpi); null: the org's default. */
  at: string | null;
  weekdays: number[];
}

const Channel = {
  platform: z.enum(['slack', 'lark', 'console']),
  channelId: z.string().trim().min(1),
  kind: z.enum(SUBSCRIPTION_KINDS),
  region: z.string().trim().min(1).optional(),
  product: z.string().trim().min(1).optional(),
};
const SubscribeInput = z.object({
  ...Channel,
  at: z.string().refine((s) => { try { parseClock(s); return /^\d{1,2}:\d{2}$/.test(s); } catch { return false; } }, 'must be HH:MM').optional(),
});
export type SubscribeInput = z.input<typeof SubscribeInput> & {
  /** The channel as its platform describes it; absent on a chat platform: not checked, so no digest or kpi. */
  place?: ChannelPlace;
};
const UnsubscribeInput = z.object(Channel);
export type UnsubscribeInput = z.input<typeof UnsubscribeInput>;

function toSubscription(r: { id: number; platform: ChannelPlatform; channel_id: string; kind: SubscriptionKind; region: string | null;
  product: string | null; at_time: string | null; weekdays: number[] }): Subscription {
  return { id: r.id, platform: r.platform, channelId: r.channel_id, kind: r.kind, region: r.region, product: r.product,
    at: r.at_time === null ? null : r.at_time.slice(0, 5), weekdays: r.weekdays };
}

function hhmm(at: string | undefined): string | null {
  if (at === undefined) return null;
  const m = parseClock(at);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Tells the jobs to rebuild this org's schedulers now, not at the next hourly reconcile. */
async function subscriptionChanged(trx: Db, orgId: number): Promise<void> {
  await trx.insertInto('case_events').values({ org_id: orgId, case_id: null, type: 'subscription.changed' }).execute();
}

/** Subscribes a channel (upsert on channel, kind and scope: a second call changes the time). */
export async function subscribe(db: Db, actor: Actor, input: SubscribeInput): Promise<{ status: 'subscribed' | 'updated'; subscription: Subscription }> {
  const args = parseInput(SubscribeInput, input);
  requireRole(actor, SUPERVISORS, 'subscribe');
  if (MONEY_FIGURE_KINDS.includes(args.kind)) {
    // The console is the operator's own terminal; a chat channel must be checked and internal.
    const place: ChannelPlace = input.place ?? (args.platform === 'console' ? { kind: 'channel', external: false } : { kind: 'unknown' });
    if (!mayCarryMoneyFigures(place)) {
      const reason = place.kind === 'unknown' ? 'unchecked_channel' : 'shared_channel';
      throw new DuebotError('forbidden', `${args.kind} is not posted to this channel (${reason})`, { reason });
    }
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('channel_subscriptions').values({
      org_id: actor.orgId, platform: args.platform, channel_id: args.channelId, kind: args.kind,
      region: args.region ?? null, product: args.product ?? null, at_time: hhmm(args.at), created_by: actor.userId,
    }).onConflict((oc) => oc.expression(sql`org_id, platform, channel_id, kind, coalesce(region, ''), coalesce(product, '')`)
      .doUpdateSet({ at_time: (eb) => eb.ref('excluded.at_time'), updated_at: new Date() }))
      .returningAll().returning(sql<boolean>`xmax = 0`.as('inserted')).executeTakeFirstOrThrow();
    const subscription = toSubscription(row);
    await trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
      action: 'subscription.set', subject_type: 'subscription', subject_id: String(row.id), detail: toJson(subscription) }).execute();
    await subscriptionChanged(trx, actor.orgId);
    return { status: row.inserted ? 'subscribed' as const : 'updated' as const, subscription };
  });
}

/** Removes the channel's subscriptions of a kind: the named scope only, or every scope when none is named. */
export async function unsubscribe(db: Db, actor: Actor, input: UnsubscribeInput): Promise<{ status: 'unsubscribed' | 'not_subscribed'; removed: number }> {
  const args = parseInput(UnsubscribeInput, input);
  requireRole(actor, SUPERVISORS, 'subscribe');
  return db.transaction().execute(async (trx) => {
    let q = trx.deleteFrom('channel_subscriptions').where('org_id', '=', actor.orgId).where('platform', '=', args.platform)
      .where('channel_id', '=', args.channelId).where('kind', '=', args.kind);
    if (args.region !== undefined || args.product !== undefined) {
      q = q.where(sql<boolean>`coalesce(region, '') = ${args.region ?? ''} and coalesce(product, '') = ${args.product ?? ''}`);
    }
    const removed = await q.returning('id').execute();
    if (removed.length === 0) return { status: 'not_subscribed' as const, removed: 0 };
    await trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
      action: 'subscription.remove', subject_type: 'subscription', subject_id: removed.map((r) => r.id).join(','),
      detail: toJson(args) }).execute();
    await subscriptionChanged(trx, actor.orgId);
    return { status: 'unsubscribed' as const, removed: removed.length };
  });
}

/**
 * The platform says a channel is gone for good (a Lark chat dissolved, 232009): every
 * subscription of that channel ends, recorded as done by the system, so no job keeps posting
 * into it. The admins are told by the delivery's failure notice.
 */
export async function endChannelSubscriptions(db: Db, orgId: number, channel: { platform: ChannelPlatform; channelId: string; reason: string }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('channel_subscriptions').where('org_id', '=', orgId).where('platform', '=', channel.platform)
      .where('channel_id', '=', channel.channelId).returning(['id', 'kind']).execute();
    if (removed.length === 0) return 0;
    await trx.insertInto('audit_log').values({ org_id: orgId, actor_user_id: null, actor: 'system',
      action: 'subscription.remove', subject_type: 'subscription', subject_id: removed.map((r) => r.id).join(','),
      detail: toJson({ platform: channel.platform, channelId: channel.channelId, reason: channel.reason, kinds: removed.map((r) => r.kind) }) }).execute();
    await subscriptionChanged(trx, orgId);
    return removed.length;
  });
}

/** The channels that get a kind of post (jobs fan out over these). */
export async function listSubscriptions(db: Db, orgId: number, kind?: SubscriptionKind): Promise<Subscription[]> {
  if (kind !== undefined && !(SUBSCRIPTION_KINDS as readonly string[]).includes(kind)) {
    throw new DuebotError('invalid', `kind must be one of ${SUBSCRIPTION_KINDS.join(', ')}`, { field: 'kind' });
  }
  const rows = await db.selectFrom('channel_subscriptions').selectAll().where('org_id', '=', orgId)
    .$call((q) => (kind === undefined ? q : q.where('kind', '=', kind)))
    .orderBy('kind').orderBy('id').execute();
  return rows.map(toSubscription);
}
