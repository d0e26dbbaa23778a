// Contacts at a customer (issue 11): who receives reminders, statements and letters. Role
// `billing` is the default recipient; the contact's locale picks the language of what they get.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table contacts (
  id           integer generated always as identity primary key,
  org_id       integer not null references orgs(id) on delete cascade,
  customer_id  integer not null references customers(id),
  name         text not null,
  email        text,
  phone        text,
  role         text not null default 'billing',
  locale       text check (locale in ('zh-CN', 'en-US')),
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
-- A contact is a person at a customer: re-importing the same name updates them.
create unique index contacts_key on contacts (org_id, customer_id, lower(name));
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists contacts`.execute(db);
}
