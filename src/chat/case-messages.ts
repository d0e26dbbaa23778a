// The messages about a changed case, rendered from PostgreSQL: the line an event adds to its alert
// thread, the escalation request card, the decision card, and who is told of a decision. Used by
// the case publisher (sending directly) and by the jobs' delivery sources (rendering at send time),
// so both say the same thing.
import { sql } from 'kysely';
import type { Db } from '../store/connection.js';
import type { Locale, Message } from './message.js';
import type { SendOptions } from './port.js';
import { alertView } from './views/alert.js';
import { caseEventView } from './views/case-event.js';
import { escalationRequestView } from './views/escalation-request.js';
import { escalationDecisionView } from './views/escalation-decision.js';
import { alertInput, escalationView, recordsOf } from './present.js';
import { caseDetail, loadEscalation } from '../services/cases/index.js';

export interface CaseEventRow { id: bigint | string; org_id: number; case_id: number | null; type: string; payload: Record<string, unknown> }

/** A message with the other language alongside, for bilingual cards. */
export interface Bilingual { message: Message; opts: SendOptions & { locale: Locale } }

/** The message in `locale`, with the other language alongside. */
export function both(render: (l: Locale) => Message, locale: Locale): Bilingual {
  const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
  return { message: render(locale), opts: { locale, alternates: { [other]: render(other) } } };
}

/** The alert message of a case as it is now (null: nothing left to show). */
export async function alertMessage(db: Db, orgId: number, caseId: number, invoiceId: number | null, today: string, locale: Locale): Promise<Bilingual | null> {
  const input = await alertInput(db, orgId, caseId, invoiceId, today);
  return input ? both((l) => alertView(input, l), locale) : null;
}

/** The line an event adds to the thread of its case's alert, in both languages. */
export async function caseEventMessage(db: Db, e: CaseEventRow, locale: Locale): Promise<Bilingual> {
  const orgId = e.org_id;
  const org = await db.selectFrom('orgs').select(['currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const customer = await db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
    .select(['customers.code', 'customers.name']).where('cases.id', '=', e.case_id!).where('cases.org_id', '=', orgId).executeTakeFirstOrThrow();
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
  const currency = org.currency.trim();
  return both((l) => caseEventView({ type: e.type, actor: actor ? { id: actor.userId, name: actor.name } : null,
    customer: { code: customer.code, name: customer.name }, currency, payload }, l), locale);
}

/** The request card of a pending escalation (null: no longer pending). */
export async function escalationRequestCard(db: Db, orgId: number, caseId: number, escalationId: number, today: string, locale: Locale): Promise<Bilingual | null> {
  const detail = await caseDetail(db, orgId, caseId, { today });
  const e = detail.pendingEscalations.find((x) => x.id === escalationId);
  if (!e || !detail.case) return null;
  const kase = detail.case;
  return both((l) => escalationRequestView({ ...escalationView(e, orgId, kase), evidence: recordsOf(detail) }, l), locale);
}

export interface EscalationDecision {
  /** The decision card in `locale` (updates the request cards, goes to legal). */
  card: Bilingual;
  /** The same card in any language (direct messages go in the recipient's). */
  render(l: Locale): Message;
  /** The requester and the case owner, except whoever decided. */
  tell: number[];
  /** An approved legal escalation: the case goes to the 'legal' channels. */
  toLegal: boolean;
}

/** What a decided escalation shows, and to whom. */
export async function escalationDecision(db: Db, orgId: number, caseId: number, escalationId: number, today: string, locale: Locale): Promise<EscalationDecision> {
  const summary = await loadEscalation(db, orgId, escalationId);
  const detail = await caseDetail(db, orgId, caseId, { today });
  const c = detail.case ?? { maxDaysOverdue: 0, level: null, stage: 'legal' as const };
  const by = summary.decidedBy ?? { id: 0, name: 'duebot' };
  const outcome = summary.status === 'approved' ? { kind: 'approved' as const, by, note: summary.decisionNote }
    : summary.status === 'rejected' ? { kind: 'rejected' as const, by, note: summary.decisionNote } : { kind: 'cancelled' as const };
  const render = (l: Locale) => escalationDecisionView({ ...escalationView(summary, orgId, c), outcome }, l);
  const owner = detail.case?.owner?.id;
  return {
    card: both(render, locale), render,
    tell: [...new Set([summary.requestedBy.id, owner].filter((x): x is number => !!x && x !== by.id))],
    toLegal: summary.status === 'approved' && summary.kind === 'legal',
  };
}

/** Where a person can get a direct message: each chat identity, in the person's language. */
export async function dmTargets(db: Db, orgId: number, userId: number): Promise<{ platform: string; externalUserId: string; locale: Locale }[]> {
  const rows = await db.selectFrom('chat_identities').innerJoin('users', 'users.id', 'chat_identities.user_id')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['chat_identities.platform', 'chat_identities.external_user_id', sql<string>`coalesce(users.locale, orgs.locale)`.as('locale')])
    .where('chat_identities.org_id', '=', orgId).where('chat_identities.user_id', '=', userId).execute();
  return rows.map((r) => ({ platform: r.platform, externalUserId: r.external_user_id, locale: r.locale as Locale }));
}

/** A person's language (their own, else the org's). */
export async function userLocale(db: Db, orgId: number, userId: number): Promise<Locale> {
  const r = await db.selectFrom('users').innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(sql<string>`coalesce(users.locale, orgs.locale)`.as('locale'))
    .where('users.org_id', '=', orgId).where('users.id', '=', userId).executeTakeFirst();
  return (r?.locale ?? 'zh-CN') as Locale;
}
