import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabase } from '../../support/db.js';

const t = testDatabase();

describe('schema', () => {
  it('gives every table an org_id', async () => {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables t
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
        and not exists (select 1 from information_schema.columns c
          where c.table_name = t.table_name and c.column_name = 'org_id')
        and table_name <> 'orgs'`.execute(t.db);
    expect(rows.map((r) => r.table_name)).toEqual([]);
  });

  it('refuses to update or delete a collection record', async () => {
    const org = await t.db.insertInto('orgs').values({ slug: 'acme', name: 'Acme' }).returning('id').executeTakeFirstOrThrow();
    const customer = await t.db.insertInto('customers').values({ org_id: org.id, code: 'C1', name: 'C', credit_grade: 'A',
      credit_limit_minor: 0n, payment_terms_days: 30 }).returning('id').executeTakeFirstOrThrow();
    const kase = await t.db.insertInto('cases').values({ org_id: org.id, customer_id: customer.id }).returning('id').executeTakeFirstOrThrow();
    const rec = await t.db.insertInto('collection_records').values({ org_id: org.id, case_id: kase.id, customer_id: customer.id,
      method: 'call', body: 'hello' }).returning(['id', 'seq', 'hash', 'prev_hash']).executeTakeFirstOrThrow();
    expect(rec.seq).toBe(1n);
    expect(rec.prev_hash).toBe('0'.repeat(64));
    expect(rec.hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(t.db.updateTable('collection_records').set({ body: 'changed' }).where('id', '=', rec.id).execute())
      .rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('collection_records').where('id', '=', rec.id).execute()).rejects.toThrow(/append-only/);
  });
});
