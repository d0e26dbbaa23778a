// People who leave (issue 15): when a user was deactivated, and which person a reminder is about
// (the managers' "cases of a person who left" message).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table users add column deactivated_at timestamptz;
alter table reminders add column about_user_id integer references users(id);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
alter table reminders drop column if exists about_user_id;
alter table users drop column if exists deactivated_at;
`.execute(db);
}
