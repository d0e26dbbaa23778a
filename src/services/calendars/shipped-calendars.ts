// The business calendars duebot ships: mainland China's, one CSV per year as the State Council
// published it (each file names its notice). A new org whose time zone is Asia/Shanghai starts with
// it (issue 15); other orgs start empty and import their own (`duebot calendar import`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import { rowValidator, type CalendarRow } from '../import/row-schemas.js';

export type ShippedCalendar = 'cn-mainland';

/** The shipped calendar a new org in this time zone starts with. */
export function shippedCalendarFor(timezone: string): ShippedCalendar | null {
  return timezone === 'Asia/Shanghai' ? 'cn-mainland' : null;
}

/** The folder of a shipped calendar's CSV files: beside this module, or in the source tree when running from dist/. */
export function shippedCalendarDir(name: ShippedCalendar): string {
  const here = fileURLToPath(new URL(`./${name}/`, import.meta.url));
  if (existsSync(here)) return here;
  return fileURLToPath(new URL(`../../../../src/services/calendars/${name}/`, import.meta.url));
}

/** The years a shipped calendar covers and its files, oldest first. */
export function shippedCalendarFiles(name: ShippedCalendar): { year: number; file: string }[] {
  const dir = shippedCalendarDir(name);
  return readdirSync(dir).filter((f) => /^\d{4}\.csv$/.test(f)).sort()
    .map((f) => ({ year: Number(f.slice(0, 4)), file: `${dir}${f}` }));
}

/** Every day of a shipped calendar, validated as an import would (a bad shipped file is a bug: it throws). */
export function shippedCalendarDays(name: ShippedCalendar): CalendarRow[] {
  const validate = rowValidator('calendar', { currency: 'CNY' });
  const days: CalendarRow[] = [];
  for (const { file } of shippedCalendarFiles(name)) {
    const records = parse(readFileSync(file), { bom: true, comment: '#', columns: true, skip_empty_lines: true }) as Record<string, string>[];
    for (const cells of records) {
      const v = validate(cells);
      if (!v.ok) throw new Error(`${file}: ${v.issues.map((i) => `${i.column}: ${i.message}`).join('; ')}`);
      days.push(v.row);
    }
  }
  return days;
}

/** Writes a shipped calendar into an org (days it already has are left alone). */
export async function loadShippedCalendar(trx: Transaction<Database>, orgId: number, name: ShippedCalendar): Promise<number> {
  const days = shippedCalendarDays(name);
  if (days.length === 0) return 0;
  const rows = await trx.insertInto('calendar_days')
    .values(days.map((d) => ({ org_id: orgId, day: d.date, kind: d.kind, name: d.name })))
    .onConflict((oc) => oc.columns(['org_id', 'day']).doNothing()).returning('day').execute();
  return rows.length;
}
