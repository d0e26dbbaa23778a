// A new request for a decision (escalation, write-off): shown to the managers' channel when one is
// subscribed to escalations, else right here, to whoever asked.
import { caseDetail, type CaseSummary } from '../services/cases/index.js';
import { listSubscriptions } from '../services/subscriptions.js';
import type { ChatContext } from './context.js';
import type { Message } from './message.js';
import { escalationRequestView } from './views/escalation-request.js';
import { escalationView, recordsOf } from './present.js';

async function hasSubscription(ctx: ChatContext, kind: 'escalations'): Promise<boolean> {
  return (await listSubscriptions(ctx.db, ctx.org.id, kind)).some((s) => s.platform === ctx.req.platform);
}

/** The request card to answer with, or `fallback` (the plain confirmation) when a channel gets it. */
export async function requestCard(ctx: ChatContext, escalationId: number, c: CaseSummary, fallback: Message): Promise<Message> {
  if (await hasSubscription(ctx, 'escalations')) return fallback;
  const detail = await caseDetail(ctx.db, ctx.org.id, c.id, { today: ctx.today });
  const e = detail.pendingEscalations.find((x) => x.id === escalationId);
  if (!e) return fallback;
  return escalationRequestView({ ...escalationView(e, ctx.org.id, c), evidence: recordsOf(detail) }, ctx.org.locale);
}
