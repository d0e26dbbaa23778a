// Every kind of delivery and the file that renders it, in one Record: tsc fails until a new kind
// has its renderer.
//
// To add a kind: name it in DeliveryKind (jobs/delivery/delivery-log.ts); write
// `jobs/delivery/kinds/<kind>.ts` exporting `<kind>Kind(k: KindContext): DeliverySource`, whose
// render() reads what the delivery is about from its typed columns (subscription_id,
// case_event_id, chat_message_id, user_id, local_date, case_id, reminder_id; add a column in a
// migration if none fits — never parse dedupe_key) and returns an Outgoing (post, dm, update,
// skip or defer); register it below. Whoever queues it (an event's row in
// src/domain/case-events.ts through jobs/outbox.ts, or a schedule) gives it a dedupe key unique
// per org, so it is queued once however often that runs.
import type { DeliveryKind } from '../delivery-log.js';
import type { DeliverySource } from '../deliver.js';
import { alertKind } from './alert.js';
import { kindContext, type KindDeps } from './context.js';
import { digestKind } from './digest.js';
import { dmKind } from './dm.js';
import { emailKind } from './email.js';
import { escalationDecisionKind } from './escalation-decision.js';
import { escalationRequestKind } from './escalation-request.js';
import { kpiKind } from './kpi.js';
import { legalKind } from './legal.js';
import { limitationKind } from './limitation.js';
import { evidenceKind } from './evidence.js';
import { legalWeeklyKind } from './legal-weekly.js';
import { refreshKind } from './refresh.js';
import { chainHeadKind } from './chain-head.js';
import { reminderKind } from './reminder.js';
import { reportChartKind } from './report-chart.js';
import { threadKind } from './thread.js';
import { updateKind } from './update.js';
import { writeoffReviewKind } from './writeoff-review.js';
import { reratingReviewKind } from './rerating-review.js';

export type { KindDeps } from './context.js';

export function createDeliveryKinds(deps: KindDeps): Record<DeliveryKind, DeliverySource> {
  const k = kindContext(deps);
  return {
    digest: digestKind(k),
    kpi: kpiKind(k),
    alert: alertKind(k),
    update: updateKind(k),
    thread: threadKind(k),
    reminder: reminderKind(k),
    escalation_request: escalationRequestKind(k),
    escalation_decision: escalationDecisionKind(k),
    legal: legalKind(k),
    dm: dmKind(k),
    limitation: limitationKind(k),
    evidence: evidenceKind(k),
    report_chart: reportChartKind(k),
    legal_weekly: legalWeeklyKind(k),
    refresh: refreshKind(k),
    chain_head: chainHeadKind(k),
    writeoff_review: writeoffReviewKind(k),
    rerating_review: reratingReviewKind(k),
    email: emailKind(k),
  };
}
