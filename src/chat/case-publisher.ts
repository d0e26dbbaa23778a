// Domain event, then render per platform: after a case changes, each platform's messages about it
// are brought up to date — the alert re-rendered in place, one line per event in its thread, the
// escalation request posted to the managers' channel and its decision told to the people concerned.
// Events are taken with UPDATE … WHERE processed_at IS NULL RETURNING, so however many processes
// publish the same case, each event is shown once. With an outbox (a jobs runtime runs), each
// message is queued for the delivery workers, which render it at send time (case-messages.ts);
// without one, the ports are called here.
import type { CaseDelivery, ChatDeps } from './chat.js';
import type { ChatPort, MessageRef, PlatformName } from './port.js';
import type { Locale, Message } from './message.js';
import { dateIn } from '../domain/calendar.js';
import { alertMessage, caseEventMessage, dmTargets, escalationDecision, escalationRequestCard, type CaseEventRow } from './case-messages.js';

// Events the jobs route themselves (alerts to raise, payments that close a case, broken promises,
// schedules to rebuild): left for them, or an alert could be marked done before it was posted.
const JOB_EVENTS = ['alert.raised', 'import.completed', 'case.closed', 'promise.broken', 'subscription.changed', 'case.level_lowered'];

type EventRow = CaseEventRow & { id: bigint };

export function createCasePublisher(deps: ChatDeps) {
  const { db, log, outbox } = deps;
  const now = deps.now ?? (() => new Date());

  const ports = () => Object.values(deps.ports).filter((p): p is ChatPort => !!p);
  const portOf = (platform: string): ChatPort | undefined => deps.ports[platform as PlatformName];

  async function safely(what: string, fn: () => Promise<unknown>) {
    try { await fn(); } catch (e) { log.warn({ err: e, what }, 'publishing a case update failed'); }
  }

  async function publish(caseIds: number[]): Promise<void> {
    if (caseIds.length === 0 || ports().length === 0) return;
    const events = await db.updateTable('case_events').set({ processed_at: now() })
      .where('case_id', 'in', [...new Set(caseIds)]).where('processed_at', 'is', null)
      .where('type', 'not in', JOB_EVENTS)
      .returning(['id', 'org_id', 'case_id', 'type', 'payload']).execute() as EventRow[];
    events.sort((a, b) => (a.id < b.id ? -1 : 1));
    const byCase = new Map<number, EventRow[]>();
    for (const e of events) if (e.case_id) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);
    for (const [caseId, list] of byCase) {
      if (outbox) await queueCase(list[0]!.org_id, caseId, list);
      else await publishCase(list[0]!.org_id, caseId, list);
    }
  }

  const alertsOf = (orgId: number, caseId: number) => db.selectFrom('chat_messages').selectAll().where('org_id', '=', orgId).where('case_id', '=', caseId)
    .where('kind', '=', 'alert').where('superseded_by', 'is', null).orderBy('id').execute();
  const subscribed = (orgId: number, kind: 'escalations' | 'legal') => db.selectFrom('channel_subscriptions').select(['id', 'platform', 'channel_id'])
    .where('org_id', '=', orgId).where('kind', '=', kind).orderBy('id').execute();
  const escalationOf = (e: EventRow) => Number(e.payload.escalationId);
  const isRequest = (e: EventRow) => e.type === 'escalation.requested' || e.type === 'writeoff.proposed';

  /**
   * One delivery per message to send, keyed by the event and the target, so a publish retried (or
   * an event put back) queues nothing twice. Who is told is decided now; what is said, at send time.
   */
  async function queueCase(orgId: number, caseId: number, events: EventRow[]) {
    const items: CaseDelivery[] = [];
    const reach = (platform: string) => !!portOf(platform);
    const kase = await db.selectFrom('cases').select('version').where('org_id', '=', orgId).where('id', '=', caseId).executeTakeFirst();
    const last = events[events.length - 1]!.id;
    for (const m of await alertsOf(orgId, caseId)) {
      if (!reach(m.platform)) continue;
      const base = { orgId, platform: m.platform as PlatformName, channelId: m.channel_id, caseId };
      items.push({ ...base, kind: 'update', dedupeKey: `update:${m.id}:${kase?.version ?? 0}:${last}` });
      for (const e of events) items.push({ ...base, kind: 'case_event', dedupeKey: `case_event:${e.id}:${m.id}` });
    }
    for (const e of events) {
      if (isRequest(e)) {
        for (const s of await subscribed(orgId, 'escalations')) {
          if (reach(s.platform)) items.push({ orgId, platform: s.platform as PlatformName, channelId: s.channel_id, caseId, kind: 'escalation_request', dedupeKey: `escalation_request:${e.id}:${s.id}` });
        }
      }
      if (e.type !== 'escalation.decided') continue;
      const escalationId = escalationOf(e);
      const cards = await db.selectFrom('chat_messages').select(['id', 'platform', 'channel_id']).where('org_id', '=', orgId)
        .where('escalation_id', '=', escalationId).where('kind', '=', 'escalation').orderBy('id').execute();
      for (const m of cards) {
        if (reach(m.platform)) items.push({ orgId, platform: m.platform as PlatformName, channelId: m.channel_id, caseId, kind: 'escalation_decision', dedupeKey: `escalation_decision:${e.id}:${m.id}` });
      }
      const org = await db.selectFrom('orgs').select(['timezone', 'locale']).where('id', '=', orgId).executeTakeFirstOrThrow();
      const decision = await escalationDecision(db, orgId, caseId, escalationId, dateIn(org.timezone, now()), org.locale as Locale);
      for (const userId of decision.tell) {
        let sent = false;
        for (const t of await dmTargets(db, orgId, userId)) {
          if (!reach(t.platform)) continue;
          items.push({ orgId, platform: t.platform as PlatformName, channelId: `@${t.externalUserId}`, caseId, kind: 'dm', dedupeKey: `dm:${e.id}:${userId}:${t.platform}` });
          sent = true;
        }
        if (!sent && reach('console')) {
          const u = await db.selectFrom('users').select(['email']).where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirst();
          if (u) items.push({ orgId, platform: 'console', channelId: `@${u.email}`, caseId, kind: 'dm', dedupeKey: `dm:${e.id}:${userId}:console` });
        }
      }
      if (decision.toLegal) {
        for (const s of await subscribed(orgId, 'legal')) {
          if (reach(s.platform)) items.push({ orgId, platform: s.platform as PlatformName, channelId: s.channel_id, caseId, kind: 'legal', dedupeKey: `legal:${e.id}:${s.id}` });
        }
      }
    }
    try {
      await outbox!.enqueue(items);
    } catch (e) {
      // Not queued: the events go back, so the next publish (or a retry) queues them.
      await db.updateTable('case_events').set({ processed_at: null }).where('org_id', '=', orgId)
        .where('id', 'in', events.map((x) => x.id) as never[]).execute();
      throw e;
    }
  }

  async function publishCase(orgId: number, caseId: number, events: EventRow[]) {
    const org = await db.selectFrom('orgs').select(['timezone', 'locale']).where('id', '=', orgId).executeTakeFirstOrThrow();
    const locale = org.locale as Locale;
    const today = dateIn(org.timezone, now());

    // The alert messages of this case, on every platform this process reaches.
    for (const m of await alertsOf(orgId, caseId)) {
      const port = portOf(m.platform);
      if (!port) continue;
      const ref: MessageRef = { platform: port.platform, channelId: m.channel_id, messageId: m.message_id, threadId: m.thread_id ?? undefined };
      const a = await alertMessage(db, orgId, caseId, m.invoice_id, today, locale);
      if (a) await safely('alert update', () => port.update(ref, a.message, a.opts));
      for (const e of events) {
        const line = await caseEventMessage(db, e, locale);
        await safely('thread reply', () => port.post(m.channel_id, line.message, { ...line.opts, threadOf: ref }));
      }
    }

    for (const e of events) {
      if (isRequest(e)) await postRequest(orgId, caseId, escalationOf(e), locale, today);
      if (e.type === 'escalation.decided') await tellDecision(orgId, caseId, escalationOf(e), locale, today);
    }
  }

  /** The request card to each channel subscribed to escalations, remembered so the decision updates it. */
  async function postRequest(orgId: number, caseId: number, escalationId: number, locale: Locale, today: string) {
    const subs = await subscribed(orgId, 'escalations');
    if (subs.length === 0) return;
    const card = await escalationRequestCard(db, orgId, caseId, escalationId, today, locale);
    if (!card) return;
    for (const s of subs) {
      const port = portOf(s.platform);
      if (!port) continue;
      await safely('escalation request', async () => {
        const ref = await port.post(s.channel_id, card.message, card.opts);
        await db.insertInto('chat_messages').values({ org_id: orgId, platform: port.platform, channel_id: ref.channelId, message_id: ref.messageId,
          kind: 'escalation', case_id: caseId, escalation_id: escalationId }).onConflict((oc) => oc.doNothing()).execute();
      });
    }
  }

  /** Updates the request cards, tells the owner and the requester, and hands approved cases to legal. */
  async function tellDecision(orgId: number, caseId: number, escalationId: number, locale: Locale, today: string) {
    const decision = await escalationDecision(db, orgId, caseId, escalationId, today, locale);
    const card = decision.card;
    const cards = await db.selectFrom('chat_messages').selectAll().where('org_id', '=', orgId).where('escalation_id', '=', escalationId)
      .where('kind', '=', 'escalation').execute();
    for (const m of cards) {
      const port = portOf(m.platform);
      if (port) await safely('decision update', () => port.update({ platform: port.platform, channelId: m.channel_id, messageId: m.message_id }, card.message, card.opts));
    }
    for (const userId of decision.tell) await dmUser(orgId, userId, decision.render);
    if (decision.toLegal) {
      for (const s of await subscribed(orgId, 'legal')) {
        const port = portOf(s.platform);
        if (port) await safely('legal post', () => port.post(s.channel_id, card.message, card.opts));
      }
    }
  }

  /** A direct message on each platform where the person has a chat identity, in their language. */
  async function dmUser(orgId: number, userId: number, render: (l: Locale) => Message) {
    let sent = false;
    for (const r of await dmTargets(db, orgId, userId)) {
      const port = portOf(r.platform);
      if (!port) continue;
      await safely('direct message', () => port.dm(r.externalUserId, render(r.locale), { locale: r.locale }));
      sent = true;
    }
    const console = portOf('console');
    if (!sent && console) {
      const u = await db.selectFrom('users').select(['email', 'locale']).where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirst();
      if (u) await safely('direct message', () => console.dm(u.email, render((u.locale ?? 'zh-CN') as Locale)));
    }
  }

  return { publish };
}
