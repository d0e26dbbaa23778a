// `duebot serve`, `duebot worker` and `duebot start` as the CLI wires them (issue 14: the
// production wiring in src/cli/service.ts was never exercised): real processes on the test
// PostgreSQL and Redis, Slack's Web API faked at the network edge. serve answers a signed slash
// command and says it is ready; worker raises an alert from an import's event and posts it; start
// does both in one process.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, dateIn } from '../../../src/domain/calendar.js';
import { addOrg } from '../../../src/services/orgs.js';
import { testDatabase } from '../../support/db.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { commandBody, postSigned } from '../../support/slack-signing.js';
import { DUEBOT_START_TIMEOUT_MS as START_TIMEOUT_MS, startDuebot as run, stopDuebot as stop, type DuebotProcess as Running } from '../../support/duebot-process.js';

const t = testDatabase();
const SECRET = 'wiring-signing-secret';
const TEAM = 'TWIRE1';

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('serve, worker and start as the CLI wires them', () => {
  let api: FakeSlackApi;
  let env: Record<string, string>;
  let orgId: number;
  const started: Running[] = [];

  beforeAll(async () => {
    api = await startFakeSlackApi({ teamId: TEAM });
    // A Redis database of its own: the processes use the default queue prefix.
    const redis = new URL(inject('redisUrl'));
    redis.pathname = '/7';
    const r = new Redis(redis.toString());
    await r.flushdb();   // what an earlier run left
    r.disconnect();
    env = { DATABASE_URL: t.url, REDIS_URL: redis.toString(), PORT: '0', SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-wiring',
      SLACK_API_URL: api.url };
    const { org } = await addOrg(t.db, { slug: 'wiring', timezone: 'Asia/Shanghai', currency: 'CNY', locale: 'en-US' });
    orgId = org.id;
    await t.db.insertInto('workspaces').values({ org_id: orgId, platform: 'slack', external_id: TEAM, name: 'Wiring' }).execute();
    const u = await t.db.insertInto('users').values({ org_id: orgId, email: 'lin@wiring.example', name: 'Lin', role: 'manager' })
      .returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('chat_identities').values({ org_id: orgId, user_id: u.id, platform: 'slack', external_user_id: 'ULIN' }).execute();
    await t.db.insertInto('channel_subscriptions').values({ org_id: orgId, platform: 'slack', channel_id: 'CALERTS', kind: 'alerts',
      region: null, product: null, at_time: null }).execute();
  });
  afterAll(async () => {
    for (const r of started) await stop(r);
    await api?.close();
  });

  /** An invoice 95 days overdue and the import event the jobs rescan on, as `duebot import` leaves them. */
  async function overdueInvoice(code: string) {
    const today = dateIn('Asia/Shanghai');
    const c = await t.db.insertInto('customers').values({ org_id: orgId, code, name: `${code} Trading`, credit_grade: 'B',
      credit_limit_minor: 100_000_00n, payment_terms_days: 30 }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('invoices').values({ org_id: orgId, customer_id: c.id, number: `${code}-1`, currency: 'CNY', amount_minor: 12_000_00n,
      issued_on: addDays(today, -125), due_on: addDays(today, -95), status: 'open' }).execute();
    await t.db.insertInto('case_events').values({ org_id: orgId, case_id: null, type: 'import.completed',
      payload: JSON.stringify({ kind: 'invoices', inserted: 1, updated: 0 }) }).execute();
  }
  const alertFor = (code: string) => api.callsTo('chat.postMessage').find((c) => c.body.channel === 'CALERTS' && JSON.stringify(c.body).includes(`${code} Trading`));

  it('serve answers a signed slash command, says it is ready, and stops cleanly on SIGTERM', async () => {
    const serve = await run('serve', env);
    started.push(serve);
    const base = `http://127.0.0.1:${serve.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const res = await postSigned(`${base}/slack/events`, SECRET, commandBody({ command: '/ar', text: 'help', team_id: TEAM, team_domain: 'w',
      channel_id: 'CGEN', channel_name: 'general', user_id: 'ULIN', user_name: 'lin', api_app_id: 'AW', trigger_id: 't.1',
      response_url: api.responseUrl('help-1') }));
    expect(res.status).toBe(200);
    const answered = await until('the help answer', () => api.calls.find((c) => JSON.stringify(c.body).includes('/ar claim')));
    expect(answered).toBeDefined();
    expect(await stop(serve)).toBe(0);
    // Secrets never reach the log.
    expect(serve.output()).not.toContain(SECRET);
    expect(serve.output()).not.toContain('xoxb-wiring');
  }, 3 * START_TIMEOUT_MS);

  it('worker rescans after an import and posts the alert through the fake Web API', async () => {
    const worker = await run('worker', env);
    started.push(worker);
    await overdueInvoice('WORKER');
    await until('the worker\'s alert', () => alertFor('WORKER'), 120_000);
    expect(await stop(worker)).toBe(0);
    const n = api.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.body).includes('WORKER Trading') && c.body.channel === 'CALERTS');
    expect(n).toHaveLength(1);
  }, 4 * START_TIMEOUT_MS);

  it('start does both in one process', async () => {
    const both = await run('start', env);
    started.push(both);
    expect((await fetch(`http://127.0.0.1:${both.port}/readyz`)).status).toBe(200);
    await overdueInvoice('START');
    await until('the alert of start', () => alertFor('START'), 120_000);
    expect(await stop(both)).toBe(0);
  }, 4 * START_TIMEOUT_MS);
});
