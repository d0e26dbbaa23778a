// Pre-due reminders (issue 10; DOMAIN.md stages: 预催收, a friendly reminder pre_due_days before the
// due date): a reminder names the day its invoices fall due in a column of its own, never in its key.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table reminders add column falls_due_on date`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table reminders drop column if exists falls_due_on`.execute(db);
}
