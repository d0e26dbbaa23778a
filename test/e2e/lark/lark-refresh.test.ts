// Lark cards go dead 14 days after they are sent (issue 14): an open alert is re-posted the day
// before, through the jobs, the real Lark port and the fake Open API; the old card is marked
// superseded and says where the case went; a card of a closed case is left alone; once each.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { queueCardRefresh } from '../../../jobs/refresh-cards.js';
import { drained, makeRuntime, testPrefix } from '../../integration/jobs/jobs-fixtures.js';
import { cardText, sentCards, startLarkWorld, type LarkWorld } from './lark-world.js';

const t = testDatabase();
let w: LarkWorld;
let jobs: JobsRuntime;

beforeAll(async () => {
  w = await startLarkWorld(t.db);
  jobs = makeRuntime({ db: t.db, redisUrl: inject('redisUrl'), prefix: testPrefix(), ports: { lark: w.adapter.port }, maintenance: false });
  await jobs.start();
});
afterAll(async () => { await jobs?.stop(); await w?.close(); });

const alertRows = (orgId: number) => t.db.selectFrom('chat_messages').selectAll().where('org_id', '=', orgId)
  .where('kind', '=', 'alert').orderBy('id').execute();

describe('Lark cards re-posted before their buttons expire', () => {
  it('re-posts an open alert a day before its 14 days end, once, and leaves younger cards and closed cases alone', async () => {
    const org = await w.newOrg();
    const young = await w.newOrg();
    // The alert the card shows, as the aging scan records it (the world may have recorded it already).
    const row = (await alertRows(org.orgId))[0]!;
    await t.db.insertInto('alerts_sent').values({ org_id: org.orgId, invoice_id: row.invoice_id!, case_id: org.caseId, level: 'red', raised_on: '2026-03-01' })
      .onConflict((oc) => oc.doNothing()).execute();
    // Sent 13 days and 2 hours ago: 22 hours of its window left.
    await t.db.updateTable('chat_messages').set({ updatable_until: new Date(Date.now() + 22 * 3600_000) })
      .where('org_id', '=', org.orgId).where('kind', '=', 'alert').execute();
    const from = w.fake.calls.length;
    expect(await queueCardRefresh(t.db, jobs.delivery, org.orgId, new Date())).toBe(1);
    expect(await queueCardRefresh(t.db, jobs.delivery, young.orgId, new Date())).toBe(0);
    await drained(t.db, org.orgId);

    const [old, fresh] = await alertRows(org.orgId);
    expect(fresh).toBeDefined();
    expect(old!.superseded_by).toBe(fresh!.id);
    expect(fresh!.updatable_until!.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    const posted = sentCards(w.fake.calls, { chatId: org.alert.chatId, from });
    expect(posted).toHaveLength(1);
    expect(posted[0]!.messageId).toBe(fresh!.message_id);
    expect(cardText(posted[0]!.card)).toContain('Acme Trading');
    // The old card now says the case moved on (patched in place, no buttons).
    const patched = w.fake.calls.slice(from).filter((c) => c.endpoint === 'patch').map((c) => c.path.split('/').pop());
    expect(patched).toEqual([org.alert.messageId]);

    // Again: nothing more (one refresh per card); the new card is 14 days from now.
    const again = w.fake.calls.length;
    expect(await queueCardRefresh(t.db, jobs.delivery, org.orgId, new Date())).toBe(0);
    await drained(t.db, org.orgId);
    expect(w.fake.calls.length).toBe(again);

    // A closed case's card is not brought back.
    const closed = await w.newOrg();
    await t.db.updateTable('chat_messages').set({ updatable_until: new Date(Date.now() + 3600_000) }).where('org_id', '=', closed.orgId).execute();
    await t.db.updateTable('cases').set({ status: 'closed', close_reason: 'paid', closed_at: new Date() }).where('id', '=', closed.caseId).execute();
    expect(await queueCardRefresh(t.db, jobs.delivery, closed.orgId, new Date())).toBe(0);
  });
});
