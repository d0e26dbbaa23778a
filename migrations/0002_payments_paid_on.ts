// Reports as of a past date subtract the payments dated after it: find them by date, per org.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index payments_org_paid_on on payments (org_id, paid_on)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists payments_org_paid_on`.execute(db);
}
