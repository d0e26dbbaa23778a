// Retention (issue 9, 11): operational rows older than the age go, per org; work still to do,
// collection records and the audit log stay whatever their age.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pruneOldRows } from '../../../../src/services/retention/prune-old-rows.js';
import { testDatabase } from '../../../support/db.js';
import { seedOrg } from '../fixtures.js';

const t = testDatabase();
const NOW = new Date('2026-03-10T04:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

async function fill(orgId: number) {
  const delivery = async (key: string, status: 'queued' | 'sent' | 'failed', age: number) => {
    const d = await t.db.insertInto('deliveries').values({ org_id: orgId, platform: 'slack', channel_id: 'C1', kind: 'digest',
      dedupe_key: key, status, created_at: daysAgo(age), updated_at: daysAgo(age) } as never).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('delivery_attempts').values({ org_id: orgId, delivery_id: d.id, attempt: 1, outcome: 'sent', at: daysAgo(age) } as never).execute();
  };
  await delivery('old-sent', 'sent', 200);
  await delivery('old-failed', 'failed', 181);
  await delivery('old-queued', 'queued', 200);
  await delivery('new-sent', 'sent', 10);
  await t.db.insertInto('action_receipts').values([
    { org_id: orgId, key: 'old', result: '{}', created_at: daysAgo(365) },
    { org_id: orgId, key: 'new', result: '{}', created_at: daysAgo(1) },
  ] as never).execute();
  await t.db.insertInto('case_events').values([
    { org_id: orgId, type: 'old.processed', created_at: daysAgo(200), processed_at: daysAgo(200) },
    { org_id: orgId, type: 'old.unprocessed', created_at: daysAgo(200), processed_at: null },
    { org_id: orgId, type: 'new.processed', created_at: daysAgo(2), processed_at: daysAgo(2) },
  ] as never).execute();
  await t.db.insertInto('audit_log').values({ org_id: orgId, actor: 'cli', action: 'old.audit', created_at: daysAgo(900) } as never).execute();
}

const left = async (orgId: number) => ({
  deliveries: (await t.db.selectFrom('deliveries').select('dedupe_key').where('org_id', '=', orgId).orderBy('id').execute()).map((r) => r.dedupe_key),
  attempts: Number((await t.db.selectFrom('delivery_attempts').select((e) => e.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n),
  receipts: (await t.db.selectFrom('action_receipts').select('key').where('org_id', '=', orgId).orderBy('key').execute()).map((r) => r.key),
  events: (await t.db.selectFrom('case_events').select('type').where('org_id', '=', orgId).where('type', 'like', '%processed' as never).orderBy('id').execute()).map((r) => r.type),
  audit: (await t.db.selectFrom('audit_log').select('action').where('org_id', '=', orgId).where('action', '=', 'old.audit').execute()).length,
});

describe('pruning old operational rows', () => {
  it('deletes done deliveries, their attempts, receipts and processed events past 180 days; keeps the rest', async () => {
    const org = await seedOrg(t.db);
    const other = await seedOrg(t.db);
    await fill(org.orgId);
    await fill(other.orgId);
    const r = await pruneOldRows(t.db, org.orgId, { now: NOW, batch: 1 });
    expect(r).toEqual({ deliveries: 2, deliveryAttempts: 2, actionReceipts: 1, caseEvents: 1 });
    expect(await left(org.orgId)).toEqual({
      deliveries: ['old-queued', 'new-sent'], attempts: 2, receipts: ['new'], events: ['old.unprocessed', 'new.processed'], audit: 1,
    });
    // Another org's rows are its own business.
    expect((await left(other.orgId)).deliveries).toHaveLength(4);
    // Again: nothing left to prune.
    expect(await pruneOldRows(t.db, org.orgId, { now: NOW })).toEqual({ deliveries: 0, deliveryAttempts: 0, actionReceipts: 0, caseEvents: 0 });
  });

  it('takes its age from the option', async () => {
    const org = await seedOrg(t.db);
    await fill(org.orgId);
    await pruneOldRows(t.db, org.orgId, { now: NOW, olderThanDays: 190 });
    expect((await left(org.orgId)).deliveries).toEqual(['old-failed', 'old-queued', 'new-sent']);
  });

  it('reads delivery attempts by (org_id, delivery_id) through an index', async () => {
    const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where tablename = 'delivery_attempts'`.execute(t.db);
    expect(rows.map((r) => r.indexdef)).toContainEqual(expect.stringMatching(/\(org_id, delivery_id\)/));
  });
});
