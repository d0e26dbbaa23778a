// The chain heads are evidence like the records (issue 9, 10): a head row rewritten or deleted
// would hide records cut from the end of a chain. Only the records' insert trigger may move a
// head (it runs one trigger level down); nobody deletes or truncates one.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function record_chain_heads_guard() returns trigger
language plpgsql as $$
begin
  -- pg_trigger_depth() is 1 for a statement on the table itself, 2 inside collection_records_chain().
  if tg_op in ('INSERT', 'UPDATE') and pg_trigger_depth() > 1 then
    return new;
  end if;
  raise exception 'record_chain_heads is written by the collection_records trigger only: % refused', tg_op
    using errcode = 'insufficient_privilege';
end $$;

create trigger record_chain_heads_guard before insert or update or delete on record_chain_heads
  for each row execute function record_chain_heads_guard();
create trigger record_chain_heads_no_truncate before truncate on record_chain_heads
  for each statement execute function refuse_change();
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop trigger if exists record_chain_heads_no_truncate on record_chain_heads;
drop trigger if exists record_chain_heads_guard on record_chain_heads;
drop function if exists record_chain_heads_guard();
`.execute(db);
}
