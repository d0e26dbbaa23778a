// calendar.csv: date, kind (holiday|workday), name — the org's public holidays and official
// make-up workdays (issue 15). Upsert by date: a day appears once per org, the file's kind and name
// win; a day not in the file is left alone (nothing is deleted by an import). Lines starting with
// `#` are comments (the shipped calendars cite their State Council notice there).
import { sql } from 'kysely';
import { isIsoDate } from '../../domain/calendar.js';
import { key } from './csv-stage.js';
import { duplicates, findProblems, upsertCounts, type KindSpec } from './kind-spec.js';

export const calendar: KindSpec<'calendar'> = {
  kind: 'calendar',
  comments: true,
  stageColumns: [['date', 'date'], ['kind', 'text'], ['name', 'text']],

  // An invalid row stages its date only when it is one (the staging column is typed date), so a
  // repeated date is still reported.
  stageValues: (cells, r) => {
    if (r) return [r.date, r.kind, r.name];
    const date = key(cells.date);
    return [date !== null && isIsoDate(date) ? date : null, null, null];
  },

  check: (trx) => findProblems(trx, [duplicates('date', 'date')]),

  apply: (trx, { orgId }) => upsertCounts(trx, sql`
    insert into calendar_days as c (org_id, day, kind, name)
    select ${orgId}, s.date, s.kind, s.name from import_stage s
    on conflict (org_id, day) do update set kind = excluded.kind, name = excluded.name, updated_at = now()
    where (c.kind, c.name) is distinct from (excluded.kind, excluded.name)
    returning (xmax = 0) as inserted`),
};
