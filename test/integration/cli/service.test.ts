// Issue 8, one way out: `duebot serve` without REDIS_URL sends what a command changed through the
// same outbox, deliveries rows and delivery worker as production (BullMQ's PostgreSQL backend, in
// the serving process): the alert is updated in place and the claim is told in its thread, each
// recorded as a sent delivery, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../../src/config.js';
import { startService, type Service } from '../../../src/cli/service.js';
import { testDatabase } from '../../support/db.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { alertButton, buttonPayload, click, eventually, SECRET, seedSlackOrg, type SlackFixture, type SlackStack } from '../../e2e/slack/slack-fixture.js';

const t = testDatabase();

describe('duebot serve without REDIS_URL', () => {
  let api: FakeSlackApi;
  let service: Service;
  let f: SlackFixture;

  beforeAll(async () => {
    // The production wiring (src/cli/service.ts) runs on the real clock: the seed takes the same one.
    f = await seedSlackOrg(t.db, { now: new Date() });
    api = await startFakeSlackApi({ teamId: f.teamId });
    const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', DUEBOT_LOCALE: 'en-US',
      SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-serve', SLACK_API_URL: api.url });
    service = await startService({ config, database: { db: t.db, pool: t.pool, url: t.url, close: async () => {}, embedded: false }, log: pino({ level: 'silent' }), http: true, jobs: false });
  });
  afterAll(async () => {
    await service?.stop();
    await api?.close();
    api?.assertNothingRefused();
  });

  it('runs no scheduled jobs of its own', () => {
    expect(service.jobs).toBeUndefined();
  });

  it('sends a claim\'s alert update and thread line through the delivery queue on PostgreSQL, once each', async () => {
    const stack = { api, url: `http://127.0.0.1:${service.port}/slack/events` } as SlackStack;
    const res = await click(stack, buttonPayload(f, f.people.sales, f.alert, alertButton(f, 'claim'), stack));
    expect(res.status).toBe(200);

    const claim = await eventually(() => t.db.selectFrom('case_events').select('id').where('org_id', '=', f.orgId)
      .where('case_id', '=', f.alertCase.caseId).where('type', '=', 'case.claimed').executeTakeFirst());
    const sent = await eventually(async () => {
      const rows = await t.db.selectFrom('deliveries').select(['kind', 'status', 'message_id']).where('org_id', '=', f.orgId)
        .where('case_event_id', '=', claim.id).orderBy('kind').execute();
      return rows.length === 2 && rows.every((r) => r.status === 'sent') ? rows : undefined;
    }, 15_000);
    expect(sent.map((r) => r.kind)).toEqual(['thread', 'update']);

    // On Slack: the alert re-rendered in place, and one reply in its thread carrying its delivery id.
    expect(api.callsTo('chat.update').filter((c) => c.body.ts === f.alert.ts)).toHaveLength(1);
    const replies = api.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === f.alert.ts);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.body.metadata)).toContain('duebot_delivery');
    // The BullMQ jobs lived in PostgreSQL (its backend's schema), not in a Redis.
    const { rows } = await t.pool.query(`select count(*)::int as n from information_schema.schemata where schema_name = 'bullmq'`);
    expect(rows[0].n).toBe(1);
  });
});
