// The messages about a changed case, from what the services read: the line an event adds to its
// alert thread, the escalation request card, the decision card, and who is told of a decision.
// The delivery kinds (jobs/delivery/kinds/) render them when they send; no query here (issue 8).
import type { Db } from '../store/connection.js';
import type { Locale, Message } from './message.js';
import type { SendOptions } from './port.js';
import { caseEventView } from './views/case-event.js';
import { escalationRequestView } from './views/escalation-request.js';
import { escalationDecisionView } from './views/escalation-decision.js';
import { escalationView, recordsOf } from './present.js';
import { caseDetail, caseEventDetail, loadEscalation } from '../services/cases/index.js';

export interface CaseEventRow { id: bigint | string; org_id: number; case_id: number | null; type: string; payload: Record<string, unknown> }

/** A message with the other language alongside, for bilingual cards. */
export interface Bilingual { message: Message; opts: SendOptions & { locale: Locale } }

/** The message in `locale`, with the other language alongside. */
export function both(render: (l: Locale) => Message, locale: Locale): Bilingual {
  const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
  return { message: render(locale), opts: { locale, alternates: { [other]: render(other) } } };
}

/** The line an event adds to the thread of its case's alert, in both languages. */
export async function caseEventMessage(db: Db, e: CaseEventRow, locale: Locale): Promise<Bilingual> {
  const { customer, currency, payload } = await caseEventDetail(db, e);
  const actor = (payload.actor as { userId: number; name: string } | undefined) ?? null;
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
