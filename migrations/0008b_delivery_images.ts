// The image a delivery's post shows and its alt text (issue 13: the digest and the KPI post carry their chart). The
// upload is part of the delivery: its id (a Slack file id, a Lark image_key) is kept here once
// uploaded, so a retry after an unknown outcome shows the same image instead of uploading again.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table deliveries add column image_id text, add column image_alt text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table deliveries drop column if exists image_id, drop column if exists image_alt`.execute(db);
}
