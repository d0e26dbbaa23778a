// Domain event, then render per platform: after a case changes, each platform's messages about it
// are brought up to date — the alert re-rendered in place, one line per event in its thread, the
// escalation request posted to the managers' channel and its decision told to the people concerned.
// Events are taken with UPDATE … WHERE processed_at IS NULL RETURNING, so however many processes
// publish the same case, each event is shown once.
import { sql } from 'kysely';
import type { ChatDeps } from './chat.js';
import type { ChatPort, MessageRef, PlatformName } from './port.js';
import type { Locale, Message } from './message.js';
import { dateIn } from '../domain/calendar.js';
import { alertView } from './views/alert.js';
import { caseEventView } from './views/case-event.js';
import { escalationRequestView } from './views/escalation-request.js';
import { escalationDecisionView } from './views/escalation-decision.js';
import { alertInput, escalationView, recordsOf } from './present.js';
import { caseDetail, loadEscalation } from '../services/cases/index.js';

// Events the jobs route themselves (alerts to raise, payments that close a case, broken promises,
// schedules to rebuild): left for them, or an alert could be marked done before it was posted.
const JOB_EVENTS = ['alert.raised', 'import.completed', 'case.closed', 'promise.broken', 'subscription.changed'];

interface EventRow { id: bigint; org_id: number; case_id: number | null; type: string; payload: Record<string, unknown> }

export function createCasePublisher(deps: ChatDeps) {
  const { db, log } = deps;
  const now = deps.now ?? (() => new Date());

  const ports = () => Object.values(deps.ports).filter((p): p is ChatPort => !!p);
  const portOf = (platform: string): ChatPort | undefined => deps.ports[platform as PlatformName];

  /** The message in the org's language, with the other language alongside for bilingual cards. */
  function both(render: (l: Locale) => Message, locale: Locale) {
    const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
    return { message: render(locale), opts: { locale, alternates: { [other]: render(other) } } };
  }

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
    for (const [caseId, list] of byCase) await publishCase(list[0]!.org_id, caseId, list);
  }

  async function publishCase(orgId: number, caseId: number, events: EventRow[]) {
    const org = await db.selectFrom('orgs').select(['timezone', 'locale', 'currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
    const locale = org.locale as Locale;
    const today = dateIn(org.timezone, now());
    const customer = await db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['customers.code', 'customers.name']).where('cases.id', '=', caseId).where('cases.org_id', '=', orgId).executeTakeFirstOrThrow();

    // The alert messages of this case, on every platform this process reaches.
    const alerts = await db.selectFrom('chat_messages').selectAll().where('org_id', '=', orgId).where('case_id', '=', caseId)
      .where('kind', '=', 'alert').where('superseded_by', 'is', null).execute();
    for (const m of alerts) {
      const port = portOf(m.platform);
      if (!port) continue;
      const ref: MessageRef = { platform: port.platform, channelId: m.channel_id, messageId: m.message_id, threadId: m.thread_id ?? undefined };
      const input = await alertInput(db, orgId, caseId, m.invoice_id, today);
      if (input) {
        const a = both((l) => alertView(input, l), locale);
        await safely('alert update', () => port.update(ref, a.message, a.opts));
      }
      for (const e of events) {
        const line = await eventLine(orgId, e, customer, org.currency.trim(), locale);
        const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
        const alt = await eventLine(orgId, e, customer, org.currency.trim(), other);
        await safely('thread reply', () => port.post(m.channel_id, line, { threadOf: ref, locale, alternates: { [other]: alt } }));
      }
    }

    for (const e of events) {
      if (e.type === 'escalation.requested' || e.type === 'writeoff.proposed') await postRequest(orgId, caseId, Number(e.payload.escalationId), locale, today);
      if (e.type === 'escalation.decided') await tellDecision(orgId, caseId, e, locale, today);
    }
  }

  async function eventLine(orgId: number, e: EventRow, customer: { code: string; name: string }, currency: string, locale: Locale): Promise<Message> {
    const payload = { ...e.payload };
    if (e.type === 'record.logged' && payload.recordId) {
      const r = await db.selectFrom('collection_records').select(['body']).where('org_id', '=', orgId).where('id', '=', Number(payload.recordId)).executeTakeFirst();
      payload.body = r?.body ?? '';
    }
    if (e.type === 'case.assigned' && payload.ownerUserId) {
      const u = await db.selectFrom('users').select(['name']).where('org_id', '=', orgId).where('id', '=', Number(payload.ownerUserId)).executeTakeFirst();
      payload.owner = { name: u?.name ?? '' };
    }
    if (e.type === 'escalation.requested' && payload.escalationId) {
      const x = await db.selectFrom('escalations').select(['reason']).where('org_id', '=', orgId).where('id', '=', Number(payload.escalationId)).executeTakeFirst();
      payload.reason = x?.reason ?? '';
    }
    const actor = (payload.actor as { userId: number; name: string } | undefined) ?? null;
    return caseEventView({ type: e.type, actor: actor ? { id: actor.userId, name: actor.name } : null, customer, currency, payload }, locale);
  }

  /** The request card to each channel subscribed to escalations, remembered so the decision updates it. */
  async function postRequest(orgId: number, caseId: number, escalationId: number, locale: Locale, today: string) {
    const subs = await db.selectFrom('channel_subscriptions').select(['platform', 'channel_id']).where('org_id', '=', orgId)
      .where('kind', '=', 'escalations').execute();
    if (subs.length === 0) return;
    const detail = await caseDetail(db, orgId, caseId, { today });
    const e = detail.pendingEscalations.find((x) => x.id === escalationId);
    if (!e || !detail.case) return;
    const kase = detail.case;
    const card = both((l) => escalationRequestView({ ...escalationView(e, orgId, kase), evidence: recordsOf(detail) }, l), locale);
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
  async function tellDecision(orgId: number, caseId: number, e: EventRow, locale: Locale, today: string) {
    const escalationId = Number(e.payload.escalationId);
    const summary = await loadEscalation(db, orgId, escalationId);
    const detail = await caseDetail(db, orgId, caseId, { today });
    const c = detail.case ?? { maxDaysOverdue: 0, level: null, stage: 'legal' as const };
    const by = summary.decidedBy ?? { id: 0, name: 'duebot' };
    const outcome = summary.status === 'approved' ? { kind: 'approved' as const, by, note: summary.decisionNote }
      : summary.status === 'rejected' ? { kind: 'rejected' as const, by, note: summary.decisionNote } : { kind: 'cancelled' as const };
    const card = both((l) => escalationDecisionView({ ...escalationView(summary, orgId, c), outcome }, l), locale);
    const cards = await db.selectFrom('chat_messages').selectAll().where('org_id', '=', orgId).where('escalation_id', '=', escalationId)
      .where('kind', '=', 'escalation').execute();
    for (const m of cards) {
      const port = portOf(m.platform);
      if (port) await safely('decision update', () => port.update({ platform: port.platform, channelId: m.channel_id, messageId: m.message_id }, card.message, card.opts));
    }
    const owner = detail.case?.owner?.id;
    const people = [...new Set([summary.requestedBy.id, owner].filter((x): x is number => !!x && x !== by.id))];
    for (const userId of people) await dmUser(orgId, userId, (l) => escalationDecisionView({ ...escalationView(summary, orgId, c), outcome }, l));
    if (summary.status === 'approved' && summary.kind === 'legal') {
      const subs = await db.selectFrom('channel_subscriptions').select(['platform', 'channel_id']).where('org_id', '=', orgId).where('kind', '=', 'legal').execute();
      for (const s of subs) {
        const port = portOf(s.platform);
        if (port) await safely('legal post', () => port.post(s.channel_id, card.message, card.opts));
      }
    }
  }

  /** A direct message on each platform where the person has a chat identity, in their language. */
  async function dmUser(orgId: number, userId: number, render: (l: Locale) => Message) {
    const rows = await db.selectFrom('chat_identities').innerJoin('users', 'users.id', 'chat_identities.user_id')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .select(['chat_identities.platform', 'chat_identities.external_user_id', sql<string>`coalesce(users.locale, orgs.locale)`.as('locale')])
      .where('chat_identities.org_id', '=', orgId).where('chat_identities.user_id', '=', userId).execute();
    let sent = false;
    for (const r of rows) {
      const port = portOf(r.platform);
      if (!port) continue;
      await safely('direct message', () => port.dm(r.external_user_id, render(r.locale as Locale), { locale: r.locale as Locale }));
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
