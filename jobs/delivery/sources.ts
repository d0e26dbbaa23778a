// How each kind of delivery is rendered from PostgreSQL at send time, and what its sending means
// for its source (a reminder is marked sent, coalesced updates are closed).
import type { Level } from '../../src/domain/aging.js';
import { daysOverdue, levelRank } from '../../src/domain/aging.js';
import { dateIn, type IsoDate } from '../../src/domain/calendar.js';
import type { Locale } from '../../src/chat/message.js';
import type { MessageRef, PlatformName } from '../../src/chat/port.js';
import type { AlertState } from '../../src/chat/views/alert.js';
import { digestData } from '../../src/services/cases/digest-data.js';
import { deferToWorkingHours, orgHours } from '../../src/services/reminders/working-hours.js';
import { OWNER_LEFT_LISTED } from '../../src/chat/views/reminder.js';
import type { Db } from '../../src/store/connection.js';
import type { AlertData, JobViews, ReminderData, ReminderKind, ThreadNote } from '../views.js';
import type { DeliveryRow } from './delivery-log.js';
import type { DeliverySource } from './deliver.js';
import { batchLoader } from './batch.js';
import { loadKpiPost } from '../kpi-post.js';
import { digestInput } from '../../src/chat/present.js';
import { caseEventMessage, escalationDecision, escalationRequestCard, userLocale, type CaseEventRow } from '../../src/chat/case-messages.js';

export interface SourceDeps { db: Db; views: JobViews; now: () => Date }

const part = (d: DeliveryRow, i: number) => d.dedupe_key!.split(':')[i]!;

async function orgInfo(db: Db, orgId: number): Promise<{ locale: Locale; timezone: string; currency: string }> {
  const o = await db.selectFrom('orgs').select(['locale', 'timezone', 'currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
  return { locale: o.locale, timezone: o.timezone, currency: o.currency.trim() };
}

/** The alert message of a case: the given invoices (or those alerted with `invoiceId` the same day), as the case is now. */
export async function loadAlertData(db: Db, orgId: number, caseId: number, pick: { alertIds?: number[]; invoiceId?: number | null }, today: IsoDate): Promise<AlertData | null> {
  const kase = await db.selectFrom('cases as c').innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('users as u', 'u.id', 'c.owner_user_id')
    .select(['c.id', 'c.version', 'c.status', 'c.level', 'c.close_reason', 'c.closed_at', 'cu.code', 'cu.name', 'u.id as owner_id', 'u.name as owner_name'])
    .where('c.org_id', '=', orgId).where('c.id', '=', caseId).executeTakeFirst();
  if (!kase) return null;
  let q = db.selectFrom('alerts_sent as a').innerJoin('invoices as i', 'i.id', 'a.invoice_id')
    .select(['a.level', 'a.raised_on', 'i.id', 'i.number', 'i.amount_minor', 'i.paid_minor', 'i.due_on', 'i.currency'])
    .where('a.org_id', '=', orgId).where('i.org_id', '=', orgId).where('a.case_id', '=', caseId);
  if (pick.alertIds?.length) q = q.where('a.id', 'in', pick.alertIds);
  else if (pick.invoiceId) {
    q = q.where('a.raised_on', '=', (eb) => eb.selectFrom('alerts_sent').select((e) => e.fn.max('raised_on').as('d'))
      .where('org_id', '=', orgId).where('invoice_id', '=', pick.invoiceId!).where('case_id', '=', caseId));
  }
  const rows = await q.execute();
  if (rows.length === 0) return null;
  const byInvoice = new Map<number, (typeof rows)[number]>();
  for (const r of rows) {
    const prev = byInvoice.get(r.id);
    if (!prev || levelRank(r.level) > levelRank(prev.level)) byInvoice.set(r.id, r);
  }
  const invoices = [...byInvoice.values()].map((r) => ({
    id: r.id, number: r.number, openMinor: r.amount_minor - r.paid_minor, dueOn: r.due_on,
    daysOverdue: daysOverdue(r.due_on, today), level: r.level as Level, currency: r.currency.trim(),
  // Invoices still open lead: once the red one is paid, an orange case's alert leads with what is left.
  })).sort((a, b) => Number(b.openMinor > 0n) - Number(a.openMinor > 0n) || levelRank(b.level) - levelRank(a.level) || b.daysOverdue - a.daysOverdue);
  const owner = kase.owner_id ? { id: kase.owner_id, name: kase.owner_name! } : null;
  const state: AlertState = kase.status === 'closed' && kase.close_reason === 'paid'
    ? { kind: 'paid', on: kase.closed_at ? today : null }
    : kase.status === 'legal' ? { kind: 'escalated' }
      : owner ? { kind: 'claimed', by: owner } : { kind: 'open' };
  return {
    org: orgId, caseId, caseVersion: kase.version, customer: { code: kase.code, name: kase.name },
    currency: invoices[0]!.currency, owner, invoices, state,
    // The case's level as it is now (issue 10: levels follow the ledger), while it is open.
    ...(kase.status !== 'closed' && kase.level ? { level: kase.level } : {}),
  };
}

/** A value per org kept for a few seconds: the org's locale and hours are read for every message. */
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

export function createSources(deps: SourceDeps): Record<string, DeliverySource> {
  const { db, views } = deps;
  const orgOf = perOrg((id) => orgInfo(db, id));
  const hoursOf = perOrg((id) => orgHours(db, id));

  const subscription = (d: DeliveryRow, id: number) => db.selectFrom('channel_subscriptions').selectAll()
    .where('org_id', '=', d.org_id).where('id', '=', id).executeTakeFirst();

  const digest: DeliverySource = {
    async render(d) {
      const sub = await subscription(d, Number(part(d, 1)));
      if (!sub || sub.kind !== 'digest') return { op: 'skip', reason: 'unsubscribed' };
      const org = await orgOf(d.org_id);
      const data = await digestData(db, d.org_id, { today: part(d, 2), ...(sub.region ? { region: sub.region } : {}), ...(sub.product ? { product: sub.product } : {}) });
      return { op: 'post', channelId: sub.channel_id, message: views.digest(digestInput(data, data.orgId), org.locale), locale: org.locale, record: { kind: 'digest' } };
    },
  };

  const kpi: DeliverySource = {
    async render(d) {
      const sub = await subscription(d, Number(part(d, 1)));
      if (!sub || sub.kind !== 'kpi') return { op: 'skip', reason: 'unsubscribed' };
      const org = await orgOf(d.org_id);
      const data = await loadKpiPost(db, d.org_id, part(d, 2), { region: sub.region, product: sub.product });
      return { op: 'post', channelId: sub.channel_id, message: views.kpi(data, org.locale), locale: org.locale, record: { kind: 'kpi' } };
    },
  };

  const alert: DeliverySource = {
    async render(d) {
      const [ev, sub] = await Promise.all([
        db.selectFrom('case_events').select(['case_id', 'payload']).where('org_id', '=', d.org_id).where('id', '=', part(d, 1) as never).executeTakeFirst(),
        subscription(d, Number(part(d, 2))),
      ]);
      if (!ev || ev.case_id === null) return { op: 'skip', reason: 'event_gone' };
      if (!sub) return { op: 'skip', reason: 'unsubscribed' };
      const org = await orgOf(d.org_id);
      const alertIds = (ev.payload as { alertIds?: number[] }).alertIds ?? [];
      const data = await loadAlertData(db, d.org_id, ev.case_id, { alertIds }, dateIn(org.timezone, deps.now()));
      if (!data) return { op: 'skip', reason: 'nothing_to_alert' };
      return { op: 'post', channelId: sub.channel_id, message: views.alert(data, org.locale), locale: org.locale,
        record: { kind: 'alert', caseId: ev.case_id, invoiceId: data.invoices[0]!.id } };
    },
  };

  const chatMessage = (d: DeliveryRow, id: number) => db.selectFrom('chat_messages').selectAll()
    .where('org_id', '=', d.org_id).where('id', '=', id).executeTakeFirst();

  // The newest queued update of each message when a rendering started: the send covers those.
  const coveredUpTo = new Map<string, bigint>();
  const update: DeliverySource = {
    async render(d) {
      const newest = await db.selectFrom('deliveries').select((eb) => eb.fn.max('id').as('id'))
        .where('org_id', '=', d.org_id).where('kind', '=', 'update').where('status', '=', 'queued')
        .where('dedupe_key', 'like', `update:${part(d, 1)}:%`).executeTakeFirst();
      coveredUpTo.set(String(d.id), BigInt(String(newest?.id ?? d.id)));
      const cm = await chatMessage(d, Number(part(d, 1)));
      if (!cm || cm.case_id === null || cm.kind !== 'alert') return { op: 'skip', reason: 'message_gone' };
      if (cm.updatable_until && cm.updatable_until < deps.now()) return { op: 'skip', reason: 'update_window_passed' };
      const org = await orgOf(d.org_id);
      const data = await loadAlertData(db, d.org_id, cm.case_id, { invoiceId: cm.invoice_id }, dateIn(org.timezone, deps.now()));
      if (!data) return { op: 'skip', reason: 'nothing_to_show' };
      const ref: MessageRef = { platform: cm.platform as PlatformName, channelId: cm.channel_id, messageId: cm.message_id, ...(cm.thread_id ? { threadId: cm.thread_id } : {}) };
      return { op: 'update', ref, message: views.alert(data, org.locale), locale: org.locale };
    },
    async successor(d) {
      return db.selectFrom('deliveries').selectAll().where('org_id', '=', d.org_id).where('kind', '=', 'update')
        .where('status', '=', 'queued').where('dedupe_key', 'like', `update:${part(d, 1)}:%`)
        .orderBy('id', 'desc').limit(1).executeTakeFirst() as Promise<DeliveryRow | undefined>;
    },
    async settled(d, outcome) {
      // The rendering just sent covered every update of this message queued before it started;
      // one queued since is sent after it (its job waits behind this one: keepLastIfActive).
      const upTo = coveredUpTo.get(String(d.id)) ?? BigInt(String(d.id));
      coveredUpTo.delete(String(d.id));
      await db.updateTable('deliveries').set({ status: outcome.status === 'failed' ? 'failed' : 'sent', reason: 'coalesced', updated_at: new Date() })
        .where('org_id', '=', d.org_id).where('kind', '=', 'update').where('status', '=', 'queued')
        .where('dedupe_key', 'like', `update:${part(d, 1)}:%`).where('id', '<>', d.id as never).where('id', '<=', upTo as never).execute();
    },
  };

  const thread: DeliverySource = {
    async render(d) {
      const ev = await db.selectFrom('case_events').select(['case_id', 'type', 'payload'])
        .where('org_id', '=', d.org_id).where('id', '=', part(d, 1) as never).executeTakeFirst();
      const cm = await chatMessage(d, Number(part(d, 2)));
      if (!ev || !cm || ev.case_id === null) return { op: 'skip', reason: 'event_gone' };
      const org = await orgOf(d.org_id);
      const c = await db.selectFrom('cases as c').innerJoin('customers as cu', 'cu.id', 'c.customer_id')
        .select(['cu.code', 'cu.name']).where('c.org_id', '=', d.org_id).where('c.id', '=', ev.case_id).executeTakeFirstOrThrow();
      const note: ThreadNote = { type: ev.type === 'promise.broken' ? 'promise_broken' : ev.type === 'case.released' ? 'released'
        : ev.type === 'case.level_lowered' ? 'level_lowered' : 'paid', org: d.org_id, customer: { code: c.code, name: c.name } };
      if (ev.type === 'case.level_lowered') {
        const p = ev.payload as { from?: Level | null; to?: Level | null };
        note.levels = { from: p.from ?? null, to: p.to ?? null };
      }
      const promiseId = (ev.payload as { promiseId?: number }).promiseId;
      if (promiseId) {
        const p = await db.selectFrom('promises').select(['amount_minor', 'currency', 'promised_on'])
          .where('org_id', '=', d.org_id).where('id', '=', promiseId).executeTakeFirst();
        if (p) note.promise = { amountMinor: p.amount_minor, currency: p.currency.trim(), promisedOn: p.promised_on };
      }
      const root: MessageRef = { platform: cm.platform as PlatformName, channelId: cm.channel_id, messageId: cm.thread_id ?? cm.message_id };
      return { op: 'post', channelId: cm.channel_id, message: views.thread(note, org.locale), locale: org.locale, threadOf: root,
        record: { kind: 'other', caseId: ev.case_id } };
    },
  };

  // One query for the reminders being sent at the same moment, with their recipients and cases:
  // this runs for every direct message.
  const loadReminder = batchLoader<{ orgId: number; id: number }, ReminderJoined>(async (keys) => {
    const rows = await db.selectFrom('reminders as r')
      .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'r.user_id').onRef('u.org_id', '=', 'r.org_id'))
      .leftJoin('cases as c', (j) => j.onRef('c.id', '=', 'r.case_id').onRef('c.org_id', '=', 'r.org_id'))
      .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
      .leftJoin('users as o', 'o.id', 'c.owner_user_id')
      .select(['r.id', 'r.org_id', 'r.kind', 'r.status', 'r.case_id', 'r.promise_id', 'r.escalation_id', 'r.dedupe_key', 'r.about_user_id',
        'u.id as uid', 'u.name', 'u.timezone', 'u.locale', 'u.active',
        'c.version', 'c.status as case_status', 'c.level', 'c.next_action_on', 'c.owner_user_id', 'cu.code', 'cu.name as customer_name', 'o.name as owner_name'])
      .where('r.org_id', 'in', [...new Set(keys.map((k) => k.orgId))]).where('r.id', 'in', keys.map((k) => k.id)).execute();
    return new Map(rows.map((r) => [`${r.org_id}:${r.id}`, r]));
  }, (k) => `${k.orgId}:${k.id}`);

  const reminder: DeliverySource = {
    async render(d) {
      const r = await loadReminder({ orgId: d.org_id, id: d.reminder_id! });
      if (!r || r.status !== 'pending') return { op: 'skip', reason: r ? `reminder_${r.status}` : 'reminder_gone' };
      if (!r.uid || !r.active) return { op: 'skip', reason: 'user_inactive' };
      const hours = await hoursOf(d.org_id);
      const now = deps.now();
      const allowed = deferToWorkingHours(hours, r.timezone, now);
      if (allowed > now) return { op: 'defer', until: allowed, reason: 'outside_working_hours' };
      const kase = r.case_id !== null && r.version !== null ? {
        id: r.case_id, version: r.version, status: r.case_status!, level: r.level, nextActionOn: r.next_action_on,
        ownerId: r.owner_user_id, ownerName: r.owner_name, code: r.code!, name: r.customer_name!,
      } : null;
      const data = await loadReminderData(db, d.org_id, r, kase, { id: r.uid, name: r.name! }, dateIn(hours.timezone, now));
      if ('skip' in data) return { op: 'skip', reason: data.skip };
      const locale = r.locale ?? hours.locale;
      const externalUserId = d.channel_id.startsWith('@') ? d.channel_id.slice(1) : d.channel_id;
      return { op: 'dm', externalUserId, message: views.reminder(data, locale), locale };
    },
    marksReminderSent: true,
    async settled(d, outcome) {
      if (outcome.status === 'sent') {
        await db.updateTable('reminders').set({ status: 'sent', sent_at: deps.now() })
          .where('org_id', '=', d.org_id).where('id', '=', d.reminder_id!).where('status', '=', 'pending').execute();
      } else {
        await db.updateTable('reminders').set({ status: outcome.status === 'failed' ? 'failed' : 'cancelled' })
          .where('org_id', '=', d.org_id).where('id', '=', d.reminder_id!).where('status', '=', 'pending').execute();
      }
    },
  };

  // The chat layer's case messages (queued by its publisher through CaseOutbox): rendered here, at
  // send time, with the same functions it uses when it sends directly (src/chat/case-messages.ts).
  const caseEvent = (d: DeliveryRow) => db.selectFrom('case_events').select(['id', 'org_id', 'case_id', 'type', 'payload'])
    .where('org_id', '=', d.org_id).where('id', '=', part(d, 1) as never).executeTakeFirst() as Promise<CaseEventRow | undefined>;
  const escalationOf = (ev: CaseEventRow) => Number(ev.payload.escalationId);

  const caseEventLine: DeliverySource = {
    async render(d) {
      const [ev, cm] = await Promise.all([caseEvent(d), chatMessage(d, Number(part(d, 2)))]);
      if (!ev || ev.case_id === null || !cm) return { op: 'skip', reason: 'event_gone' };
      const org = await orgOf(d.org_id);
      const line = await caseEventMessage(db, ev, org.locale);
      const root: MessageRef = { platform: cm.platform as PlatformName, channelId: cm.channel_id, messageId: cm.message_id, ...(cm.thread_id ? { threadId: cm.thread_id } : {}) };
      return { op: 'post', channelId: cm.channel_id, message: line.message, locale: org.locale, alternates: line.opts.alternates, threadOf: root };
    },
  };

  const escalationRequest: DeliverySource = {
    async render(d) {
      const [ev, sub] = await Promise.all([caseEvent(d), subscription(d, Number(part(d, 2)))]);
      if (!ev || ev.case_id === null) return { op: 'skip', reason: 'event_gone' };
      if (!sub || sub.kind !== 'escalations') return { op: 'skip', reason: 'unsubscribed' };
      const org = await orgOf(d.org_id);
      const card = await escalationRequestCard(db, d.org_id, ev.case_id, escalationOf(ev), dateIn(org.timezone, deps.now()), org.locale);
      if (!card) return { op: 'skip', reason: 'escalation_not_pending' };
      return { op: 'post', channelId: sub.channel_id, message: card.message, locale: org.locale, alternates: card.opts.alternates,
        record: { kind: 'escalation', caseId: ev.case_id, escalationId: escalationOf(ev) } };
    },
  };

  const escalationDecisionUpdate: DeliverySource = {
    async render(d) {
      const [ev, cm] = await Promise.all([caseEvent(d), chatMessage(d, Number(part(d, 2)))]);
      if (!ev || ev.case_id === null || !cm || cm.kind !== 'escalation') return { op: 'skip', reason: 'message_gone' };
      const org = await orgOf(d.org_id);
      const { card } = await escalationDecision(db, d.org_id, ev.case_id, escalationOf(ev), dateIn(org.timezone, deps.now()), org.locale);
      const ref: MessageRef = { platform: cm.platform as PlatformName, channelId: cm.channel_id, messageId: cm.message_id };
      return { op: 'update', ref, message: card.message, locale: org.locale, alternates: card.opts.alternates };
    },
  };

  const legal: DeliverySource = {
    async render(d) {
      const [ev, sub] = await Promise.all([caseEvent(d), subscription(d, Number(part(d, 2)))]);
      if (!ev || ev.case_id === null) return { op: 'skip', reason: 'event_gone' };
      if (!sub || sub.kind !== 'legal') return { op: 'skip', reason: 'unsubscribed' };
      const org = await orgOf(d.org_id);
      const { card } = await escalationDecision(db, d.org_id, ev.case_id, escalationOf(ev), dateIn(org.timezone, deps.now()), org.locale);
      return { op: 'post', channelId: sub.channel_id, message: card.message, locale: org.locale, alternates: card.opts.alternates };
    },
  };

  const dm: DeliverySource = {
    async render(d) {
      const ev = await caseEvent(d);
      if (!ev || ev.case_id === null) return { op: 'skip', reason: 'event_gone' };
      const org = await orgOf(d.org_id);
      const userId = Number(part(d, 2));
      // The console knows people by email, with the console's default language (as the direct path).
      const locale = d.platform === 'console'
        ? ((await db.selectFrom('users').select('locale').where('org_id', '=', d.org_id).where('id', '=', userId).executeTakeFirst())?.locale ?? 'zh-CN')
        : await userLocale(db, d.org_id, userId);
      const { render } = await escalationDecision(db, d.org_id, ev.case_id, escalationOf(ev), dateIn(org.timezone, deps.now()), org.locale);
      const externalUserId = d.channel_id.startsWith('@') ? d.channel_id.slice(1) : d.channel_id;
      return { op: 'dm', externalUserId, message: render(locale), locale };
    },
  };

  return { digest, kpi, alert, update, thread, reminder, case_event: caseEventLine, escalation_request: escalationRequest, escalation_decision: escalationDecisionUpdate, legal, dm };
}

type ReminderJoined = {
  id: number; org_id: number; kind: string; status: string; case_id: number | null; promise_id: number | null; escalation_id: number | null;
  about_user_id: number | null;
  dedupe_key: string; uid: number | null; name: string | null; timezone: string | null; locale: 'zh-CN' | 'en-US' | null; active: boolean | null;
  version: number | null; case_status: string | null; level: Level | null; next_action_on: string | null; owner_user_id: number | null;
  code: string | null; customer_name: string | null; owner_name: string | null;
};
type ReminderRow = { id: number; kind: string; case_id: number | null; promise_id: number | null; escalation_id: number | null; dedupe_key: string;
  about_user_id: number | null };
type CaseRow = { id: number; version: number; status: string; level: Level | null; nextActionOn: IsoDate | null;
  ownerId: number | null; ownerName: string | null; code: string; name: string };

/** What a reminder says, re-checked now: a promise already kept or a case closed since is not worth a message. */
async function loadReminderData(db: Db, orgId: number, r: ReminderRow, c: CaseRow | null, recipient: { id: number; name: string }, today: IsoDate): Promise<ReminderData | { skip: string }> {
  const kind = r.kind as ReminderKind;
  const data: ReminderData = { kind, org: orgId, recipient };
  if (r.case_id !== null) {
    if (!c) return { skip: 'case_gone' };
    if (c.status === 'closed' && kind !== 'promise_broken') return { skip: 'case_closed' };
    if (kind === 'lease_check' && c.ownerId !== recipient.id) return { skip: 'owner_changed' };
    data.case = { id: c.id, version: c.version, customer: { code: c.code, name: c.name }, level: c.level,
      owner: c.ownerId ? { id: c.ownerId, name: c.ownerName ?? '' } : null, nextActionOn: c.nextActionOn };
  }
  if (r.promise_id !== null) {
    const p = await db.selectFrom('promises').select(['amount_minor', 'currency', 'promised_on', 'status'])
      .where('org_id', '=', orgId).where('id', '=', r.promise_id).executeTakeFirst();
    if (!p) return { skip: 'promise_gone' };
    if (kind === 'promise_due' && (p.status !== 'pending' || p.promised_on < today)) return { skip: `promise_${p.status}` };
    data.promise = { amountMinor: p.amount_minor, currency: p.currency.trim(), promisedOn: p.promised_on };
  }
  if (r.escalation_id !== null) {
    const e = await db.selectFrom('escalations as e').innerJoin('users as u', 'u.id', 'e.requested_by')
      .select(['e.id', 'e.kind', 'e.status', 'e.created_at', 'u.id as uid', 'u.name'])
      .where('e.org_id', '=', orgId).where('e.id', '=', r.escalation_id).executeTakeFirst();
    if (!e) return { skip: 'escalation_gone' };
    if (e.status !== 'pending') return { skip: `escalation_${e.status}` };
    data.escalation = { id: e.id, kind: e.kind, requestedBy: { id: e.uid, name: e.name }, since: e.created_at.toISOString().slice(0, 10) };
  }
  const [, ...rest] = r.dedupe_key.split(':');
  if (kind === 'target_flagged') {
    const [targetId, , actual] = rest;
    const t = await db.selectFrom('targets').select(['scope', 'scope_value', 'percent', 'period'])
      .where('org_id', '=', orgId).where('id', '=', Number(targetId)).executeTakeFirst();
    if (!t) return { skip: 'target_gone' };
    data.target = { scope: t.scope === 'org' ? 'org' : `${t.scope}:${t.scope_value}`, percent: t.percent, period: t.period,
      actual: actual === undefined || actual === 'null' ? null : Number(actual) };
  }
  if (kind === 'owner_left') {
    // The cases the person who left still owns, now: those reassigned since drop out (issue 15).
    const who = await db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', '=', r.about_user_id ?? 0).executeTakeFirst();
    if (!who) return { skip: 'user_gone' };
    const cases = await db.selectFrom('cases as c').innerJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id', 'c.version', 'c.level', 'cu.code', 'cu.name'])
      .where('c.org_id', '=', orgId).where('cu.org_id', '=', orgId).where('c.owner_user_id', '=', who.id).where('c.status', '<>', 'closed')
      .orderBy('c.id').execute();
    if (cases.length === 0) return { skip: 'cases_reassigned' };
    data.leaver = { person: { id: who.id, name: who.name }, more: Math.max(0, cases.length - OWNER_LEFT_LISTED),
      cases: cases.slice(0, OWNER_LEFT_LISTED).map((c) => ({ id: c.id, version: c.version, level: c.level, customer: { code: c.code, name: c.name } })) };
  }
  if (kind === 'delivery_failed') {
    const [platform, channelId, reason, failedKind] = rest;
    data.failure = { platform: platform!, channelId: channelId!, reason: reason!, kind: failedKind ?? '' };
  }
  return data;
}
