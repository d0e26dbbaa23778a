// `/ar report aging|kpi … chart` (issue 13): a chart asked for in a channel. It is recorded as an
// event, and the outbox turns it into a delivery to that channel (the one way out: the chat layer
// never posts itself); the delivery draws it, uploads it within the budgets, and posts it, or the
// words alone where images are not shown. A retried request (same key) is one chart.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { CaseEventPayloads } from '../../domain/case-events.js';
import type { Db } from '../../store/connection.js';

export type ChartRequest = Omit<CaseEventPayloads['report.chart_requested'], 'requestKey'> & { requestKey?: string };

/** Records the request once per key; returns whether it was new. */
export async function requestReportChart(db: Db, orgId: number, req: ChartRequest): Promise<{ status: 'requested' | 'already_requested' }> {
  const payload: CaseEventPayloads['report.chart_requested'] = { ...req, requestKey: req.requestKey ?? randomUUID() };
  const { rows } = await sql<{ id: string }>`
    insert into case_events (org_id, case_id, type, payload)
    select ${orgId}, null, 'report.chart_requested', ${JSON.stringify(payload)}::jsonb
    where not exists (select 1 from case_events where org_id = ${orgId} and type = 'report.chart_requested'
      and payload->>'requestKey' = ${payload.requestKey})
    returning id`.execute(db);
  return { status: rows.length ? 'requested' : 'already_requested' };
}
