import { describe, expect, it, beforeAll } from 'vitest';
import { sql } from 'kysely';
import { testDatabase } from '../../support/db.js';
import { addOrg } from '../../../src/services/orgs.js';
import { chainHead, verifyRecordChain } from '../../../src/services/audit.js';

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

/** More records on the org's existing case (seedRecords makes customer C1, once per org). */
async function seedRecords2(org: number, n: number) {
  const kase = await t.db.selectFrom('cases').select(['id', 'customer_id']).where('org_id', '=', org).executeTakeFirstOrThrow();
  for (let i = 0; i < n; i++) {
    await t.db.insertInto('collection_records').values({ org_id: org, case_id: kase.id, customer_id: kase.customer_id, method: 'email', body: `later ${i}` }).execute();
  }
}

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the first step checks the clean chain; the later ones alter it behind the trigger, each on what the one before left.
describe('audit verify', { shuffle: false }, () => {
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

  it('recomputes digests in Node: a replaced database digest function does not hide a change (issue 9, 10)', async () => {
    const org = (await addOrg(t.db, { slug: 'fn-swap' })).org.id;
    const ids = await seedRecords(org, 3);
    await sql`alter table collection_records disable trigger collection_records_append_only`.execute(t.db);
    await sql`update collection_records set body = 'paid in full' where id = ${ids[1]!}`.execute(t.db);
    await sql`alter table collection_records enable trigger collection_records_append_only`.execute(t.db);
    // The table owner makes the database's digest answer whatever is stored.
    await sql.raw(`alter function collection_record_digest(collection_records) rename to collection_record_digest_orig;
      create function collection_record_digest(r collection_records) returns text language sql immutable as 'select r.hash'`).execute(t.db);
    try {
      expect((await verifyRecordChain(t.db, org)).firstBad).toEqual({ id: ids[1], seq: '2', reason: 'hash_mismatch' });
    } finally {
      await sql.raw(`drop function collection_record_digest(collection_records);
        alter function collection_record_digest_orig(collection_records) rename to collection_record_digest`).execute(t.db);
    }
  });

  it('fails when the chain head row is missing, and the head row cannot be changed or deleted directly', async () => {
    const org = (await addOrg(t.db, { slug: 'headless' })).org.id;
    await seedRecords(org, 2);
    await expect(sql`update record_chain_heads set seq = 1 where org_id = ${org}`.execute(t.db)).rejects.toThrow(/record_chain_heads/);
    await expect(sql`delete from record_chain_heads where org_id = ${org}`.execute(t.db)).rejects.toThrow(/record_chain_heads/);
    await expect(sql`truncate record_chain_heads`.execute(t.db)).rejects.toThrow(/append-only|record_chain_heads/);
    expect(await verifyRecordChain(t.db, org)).toEqual({ ok: true, checked: 2 });
    // Only by the owner switching the guard off:
    await sql`alter table record_chain_heads disable trigger record_chain_heads_guard`.execute(t.db);
    await sql`delete from record_chain_heads where org_id = ${org}`.execute(t.db);
    await sql`alter table record_chain_heads enable trigger record_chain_heads_guard`.execute(t.db);
    expect((await verifyRecordChain(t.db, org)).firstBad).toEqual({ id: 0, seq: '3', reason: 'head_missing' });
  });

  it('checks a head kept outside the database: it must be a record of the chain (--against)', async () => {
    const org = (await addOrg(t.db, { slug: 'against' })).org.id;
    await seedRecords(org, 3);
    const posted = await chainHead(t.db, org);
    expect(posted.seq).toBe('3');
    await seedRecords2(org, 2);
    expect(await verifyRecordChain(t.db, org, { against: posted.hash })).toEqual({ ok: true, checked: 5 });
    expect(await verifyRecordChain(t.db, org, { against: 'ab'.repeat(32) })).toMatchObject({ ok: false, firstBad: { reason: 'unknown_head' } });
  });

  it('checks page boundaries the same way', async () => {
    const v = await verifyRecordChain(t.db, otherOrgId, 1);
    expect(v).toEqual({ ok: true, checked: 2 });
  });
});
