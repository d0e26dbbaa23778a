import { describe, expect, it, beforeAll } from 'vitest';
import { sql } from 'kysely';
import { testDatabase } from '../../support/db.js';
import { addOrg } from '../../../src/services/orgs.js';
import { verifyRecordChain } from '../../../src/services/audit.js';

const t = testDatabase();
let orgId: number;
let otherOrgId: number;
const recordIds: number[] = [];

async function seedRecords(org: number, n: number) {
  const customer = await t.db.insertInto('customers').values({ org_id: org, code: 'C1', name: '华东机电', credit_grade: 'B',
    credit_limit_minor: 100_000n, payment_terms_days: 30 }).returning('id').executeTakeFirstOrThrow();
  const kase = await t.db.insertInto('cases').values({ org_id: org, customer_id: customer.id }).returning('id').executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await t.db.insertInto('collection_records').values({ org_id: org, case_id: kase.id, customer_id: customer.id,
      method: i % 2 ? 'letter' : 'call', outcome: i === 3 ? 'refused' : null, body: `contact ${i} — 客户称下月付款` })
      .returning('id').executeTakeFirstOrThrow();
    ids.push(r.id);
  }
  return ids;
}

describe('audit verify', () => {
  beforeAll(async () => {
    orgId = (await addOrg(t.db, { slug: 'acme' })).org.id;
    otherOrgId = (await addOrg(t.db, { slug: 'other' })).org.id;
    recordIds.push(...await seedRecords(orgId, 6));
    await seedRecords(otherOrgId, 2);
  });

  it('passes on clean data, chaining each org separately', async () => {
    expect(await verifyRecordChain(t.db, orgId)).toEqual({ ok: true, checked: 6 });
    expect(await verifyRecordChain(t.db, otherOrgId)).toEqual({ ok: true, checked: 2 });
    const seqs = await t.db.selectFrom('collection_records').select('seq').where('org_id', '=', otherOrgId).orderBy('seq').execute();
    expect(seqs.map((r) => r.seq)).toEqual([1n, 2n]);
  });

  it('names the first altered record after a row is changed behind the trigger', async () => {
    await sql`alter table collection_records disable trigger collection_records_append_only`.execute(t.db);
    await sql`update collection_records set body = 'customer agreed to pay in full' where id = ${recordIds[2]!}`.execute(t.db);
    await sql`alter table collection_records enable trigger collection_records_append_only`.execute(t.db);
    const verdict = await verifyRecordChain(t.db, orgId);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBad).toEqual({ id: recordIds[2], seq: '3', reason: 'hash_mismatch' });
    expect(verdict.checked).toBe(2);
    expect((await verifyRecordChain(t.db, otherOrgId)).ok).toBe(true);
  });

  it('detects a deleted record, and records cut from the end', async () => {
    const org = (await addOrg(t.db, { slug: 'third' })).org.id;
    const ids = await seedRecords(org, 4);
    await sql`alter table collection_records disable trigger collection_records_append_only`.execute(t.db);
    await sql`delete from collection_records where id = ${ids[1]!}`.execute(t.db);
    expect((await verifyRecordChain(t.db, org)).firstBad).toEqual({ id: ids[2], seq: '3', reason: 'missing_seq' });
    await sql`delete from collection_records where id >= ${ids[1]!} and org_id = ${org}`.execute(t.db);
    await sql`alter table collection_records enable trigger collection_records_append_only`.execute(t.db);
    expect((await verifyRecordChain(t.db, org)).firstBad).toEqual({ id: 0, seq: '2', reason: 'head_mismatch' });
  });

  it('checks page boundaries the same way', async () => {
    const v = await verifyRecordChain(t.db, otherOrgId, 1);
    expect(v).toEqual({ ok: true, checked: 2 });
  });
});
