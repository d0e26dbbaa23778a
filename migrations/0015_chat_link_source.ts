// Identity by email (issue 9, item 7): how a chat account was linked to a duebot user. 'admin': by
// an administrator (users.csv slack_user_id / lark_open_id, the demo); 'email': by duebot itself,
// from the platform profile's email on first use, and therefore re-checked whenever the platform
// says the profile changed (Slack user_change, Lark contact.user.updated_v3). Links made before
// this migration are kept as 'admin' links: nobody can tell any more how they were made.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table chat_identities add column linked_by text not null default 'admin' check (linked_by in ('admin', 'email'));
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table chat_identities drop column if exists linked_by;`.execute(db);
}
