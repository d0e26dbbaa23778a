// What the monthly re-rating post shows, read when it is sent (issue 10): the month's suggestions,
// those still to decide first, each with the points behind it (DOMAIN.md "Credit control"), and
// the rating coverage now (000: ≥ 90%).
import type { IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import { ratingCoverageOf, type RatingCoverage } from './rating-coverage.js';

/** Customers listed in one post (each with two buttons: 12 rows stay under Block Kit's 25 elements an actions block). */
export const RERATING_LISTED = 12;

export interface ReratingLine {
  suggestionId: number; customerId: number; customer: { code: string; name: string };
  from: string; to: string; points: { late: number; promises: number; overdue: number };
  decision: 'accepted' | 'kept' | null; decidedBy: string | null;
}

export interface ReratingReviewData { month: IsoDate; asOf: IsoDate; lines: ReratingLine[]; more: number; coverage: RatingCoverage }

export async function reratingReviewData(db: Db, orgId: number, month: IsoDate, asOf: IsoDate): Promise<ReratingReviewData> {
  const rows = await db.selectFrom('rerating_suggestions as s').innerJoin('customers as c', (j) => j.onRef('c.id', '=', 's.customer_id').onRef('c.org_id', '=', 's.org_id'))
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 's.decided_by').onRef('u.org_id', '=', 's.org_id'))
    .select(['s.id', 's.customer_id', 'c.code', 'c.name', 's.current_grade', 's.suggested_grade', 's.late_points', 's.promise_points', 's.overdue_points',
      's.decision', 'u.name as decided_by'])
    .where('s.org_id', '=', orgId).where('s.month', '=', month)
    .orderBy((eb) => eb.case().when('s.decision', 'is', null).then(0).else(1).end()).orderBy('s.suggested_grade', 'desc').orderBy('c.code').execute();
  const lines = rows.map((r) => ({ suggestionId: r.id, customerId: r.customer_id, customer: { code: r.code, name: r.name },
    from: r.current_grade.trim(), to: r.suggested_grade, points: { late: r.late_points, promises: r.promise_points, overdue: r.overdue_points },
    decision: r.decision, decidedBy: r.decided_by }));
  return { month, asOf, lines: lines.slice(0, RERATING_LISTED), more: Math.max(0, lines.length - RERATING_LISTED),
    coverage: await ratingCoverageOf(db, orgId, asOf) };
}
