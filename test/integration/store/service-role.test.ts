// Issue 9, item 10: migrations run as the tables' owner (MIGRATION_DATABASE_URL); the service runs
// on DATABASE_URL as a role that reads and writes rows but cannot alter a table or disable the
// triggers that keep collection records append-only and chained.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../../src/store/database.js';
import { testDatabase } from '../../support/db.js';

const t = testDatabase();
const role = `duebot_svc_${randomBytes(4).toString('hex')}`;
const password = randomBytes(12).toString('hex');
let service: OpenDatabase;
let orgId: number;
let caseId: number;
let customerId: number;

const as = (user: string, pass: string) => {
  const u = new URL(t.url);
  u.username = user;
  u.password = pass;
  return u.toString();
};

beforeAll(async () => {
  await t.pool.query(`create role ${role} login password '${password}' nosuperuser nocreatedb nocreaterole`);
  // As `duebot serve` starts with both variables: the owner migrates and grants, the service connects.
  service = await openDatabase({ DATABASE_URL: as(role, password), MIGRATION_DATABASE_URL: t.url, DUEBOT_HOME: '.duebot' });
  orgId = (await t.db.insertInto('orgs').values({ slug: 'roles', name: 'Roles', timezone: 'Asia/Shanghai', currency: 'CNY', locale: 'en-US' })
    .returning('id').executeTakeFirstOrThrow()).id;
  customerId = (await t.db.insertInto('customers').values({ org_id: orgId, code: 'R1', name: 'R1', credit_grade: 'B', credit_limit_minor: 1n,
    payment_terms_days: 30 }).returning('id').executeTakeFirstOrThrow()).id;
  caseId = (await t.db.insertInto('cases').values({ org_id: orgId, customer_id: customerId }).returning('id').executeTakeFirstOrThrow()).id;
  // A record to refuse rewriting, whichever test runs first (an UPDATE of no rows fires no row trigger).
  await t.db.insertInto('collection_records').values({ org_id: orgId, case_id: caseId, customer_id: customerId, method: 'call', body: 'seeded' }).execute();
});
const head = () => service.db.selectFrom('record_chain_heads').select('seq').where('org_id', '=', orgId).executeTakeFirstOrThrow();
const bodies = () => t.db.selectFrom('collection_records').select('body').where('org_id', '=', orgId).orderBy('id').execute();
afterAll(async () => {
  await service?.close();
  // Roles belong to the whole cluster: its grants here go first, then the role.
  await t.pool.query(`drop owned by ${role}`);
  await t.pool.query(`drop role ${role}`);
});

describe('the service role', () => {
  it('writes collection records, which chain as before', async () => {
    const before = (await head()).seq;
    await service.db.insertInto('collection_records').values({ org_id: orgId, case_id: caseId, customer_id: customerId, method: 'call', body: 'called' }).execute();
    expect((await head()).seq).toBe(before + 1n);
  });

  it('cannot disable the triggers that keep records append-only, alter or drop a table, or rewrite a record', async () => {
    const before = await bodies();
    const q = (text: string) => service.pool.query(text).then(() => 'ran', (e: { code?: string; message?: string }) => e.code ?? e.message);
    // 42501 insufficient_privilege; 42809 wrong_object_type would mean it got past the privilege check.
    expect(await q('alter table collection_records disable trigger user')).toBe('42501');
    expect(await q('alter table collection_records disable trigger all')).toBe('42501');
    expect(await q('alter table record_chain_heads disable trigger user')).toBe('42501');
    expect(await q('alter table collection_records add column forged text')).toBe('42501');
    expect(await q('drop table collection_records')).toBe('42501');
    expect(await q('create or replace function collection_record_digest(r collection_records) returns text language sql as $$ select \'x\' $$')).toBe('42501');
    expect(await q('truncate collection_records')).toBe('42501');
    expect(await q("update collection_records set body = 'rewritten'")).not.toBe('ran');   // the append-only trigger still refuses
    expect(await q('insert into kysely_migration (name, timestamp) values (\'x\', \'now\')')).toBe('42501');
    expect(await bodies()).toEqual(before);
  });

  it('is told to run migrations as the owner when the schema is behind and it alone cannot migrate', async () => {
    await t.pool.query(`delete from kysely_migration where name = '0015_chat_link_source'`);
    await expect(openDatabase({ DATABASE_URL: as(role, password), DUEBOT_HOME: '.duebot' }))
      .rejects.toThrow(/MIGRATION_DATABASE_URL/);
  });
});
