// The fault test of issue 8 ("nothing is sent twice or lost"): two worker processes (fault-worker.ts)
// send 50 alerts, then the thread lines and alert updates of 20 claims, to fake Slack and Lark APIs
// that answer some posts only after the client's timeout and drop other connections after doing
// the work. Meanwhile one worker is killed with SIGKILL in the middle of the alerts, the Redis
// (our own, on its own port) is restarted, and the other worker is shut down while it sends.
// Then every alert, thread line and update is on Slack and on Lark exactly once, none missing.
// Waits are on recorded state (the deliveries table, the fakes' messages), never fixed sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { OwnRedis } from '../../support/own-servers.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { startFakeLarkApi, type FakeLarkApi } from '../../support/fake-lark-api.js';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { createLarkAdapter } from '../../../adapters/lark/index.js';
import type { Chat } from '../../../src/chat/chat.js';
import { addDays } from '../../../src/domain/calendar.js';
import { claimCase } from '../../../src/services/cases/index.js';
import { actorByEmail } from '../../../src/services/identity.js';
import type { JobsRuntime } from '../../../jobs/index.js';
import { addCustomer, addInvoice, addUser, Clock, makeRuntime, seedOrg, silent, subscribe, testPrefix, waitFor } from './jobs-fixtures.js';

const t = testDatabase();
const TZ = 'Asia/Shanghai';
const TODAY = '2026-03-10';
const ALERTS = 50;
const CLAIMS = 20;
const SLACK_CHANNEL = 'C-FAULT';
const LARK_CHAT = 'oc_fault';
const API_TIMEOUT_MS = 1500;

interface Worker { proc: ChildProcess; exited: Promise<number | null> }

describe('exactly once through crashes, a Redis restart and a shutdown', () => {
  const redis = new OwnRedis();
  let slackApi: FakeSlackApi;
  let larkApi: FakeLarkApi;
  let rt: JobsRuntime;
  let orgId: number;
  let prefix: string;
  const workers: Worker[] = [];
  const clock = new Clock(new Date()).at(TZ, TODAY, '10:00');

  function startWorker(): Promise<Worker> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/integration/jobs/fault-worker.ts'], {
      env: { ...process.env, DATABASE_URL: t.url, REDIS_URL: redis.url, FAULT_PREFIX: prefix, FAULT_SLACK_URL: slackApi.url,
        FAULT_LARK_URL: larkApi.url, FAULT_NOW: clock.now().toISOString(), FAULT_API_TIMEOUT_MS: String(API_TIMEOUT_MS) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    const w = { proc, exited };
    workers.push(w);
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: proc.stdout! });
      lines.on('line', (l) => { if (l === 'ready') resolve(w); });
      void exited.then((code) => reject(new Error(`fault worker exited (${code}) before it was ready`)));
    });
  }

  /** Deliveries of the org by status. */
  const statuses = async () => {
    const rows = await t.db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('org_id', '=', orgId).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
  };
  const settled = (what: string, expectSent: number) => waitFor(what, async () => {
    const s = await statuses();
    return (s.queued ?? 0) + (s.sending ?? 0) === 0 && (s.sent ?? 0) >= expectSent ? s : undefined;
  }, 150_000);

  // Slack's root messages and thread replies in the channel, and Lark's cards in the chat, by delivery id.
  const slackRoots = () => slackApi.messages(SLACK_CHANNEL).filter((m) => !m.thread_ts);
  const slackReplies = () => slackApi.messages(SLACK_CHANNEL).filter((m) => m.thread_ts);
  const larkCards = () => [...larkApi.messages.values()].filter((m) => m.chatId === LARK_CHAT);
  const slackDeliveryIds = (ms: { metadata?: unknown }[]) => ms.map((m) => String((m.metadata as any)?.event_payload?.delivery_id));
  const larkDeliveryIds = () => larkApi.callsTo('create').concat(larkApi.callsTo('reply'))
    .filter((c) => c.messageId).map((c) => String(c.body.uuid ?? ''));

  beforeAll(async () => {
    await redis.start();
    prefix = testPrefix();
    slackApi = await startFakeSlackApi();
    larkApi = await startFakeLarkApi();
    orgId = await seedOrg(t.db, 'fault-org', TZ);
    await addUser(t.db, orgId, { name: 'Lin', role: 'sales' });
    await subscribe(t.db, orgId, { kind: 'alerts', channel: SLACK_CHANNEL, platform: 'slack' });
    await subscribe(t.db, orgId, { kind: 'alerts', channel: LARK_CHAT, platform: 'lark' });
    // 50 customers whose invoice turned 31 days overdue yesterday: 50 fresh yellow alerts.
    for (let i = 0; i < ALERTS; i++) {
      const c = await addCustomer(t.db, orgId, { code: `F${String(i).padStart(2, '0')}` });
      await addInvoice(t.db, orgId, c, { number: `F-${i}`, amount: 1000_00n + BigInt(i), dueOn: addDays(TODAY, -31) });
    }
    // The test's own runtime only produces (scan, outbox, the reconcile after Redis came back): it sends nothing.
    const noChat = {} as Chat;
    const slack = createSlackAdapter({ chat: noChat, log: silent, config: { signingSecret: 's', botToken: 'xoxb-t', apiUrl: slackApi.url } });
    const lark = createLarkAdapter({ chat: noChat, log: silent, db: t.db, now: () => clock.now(),
      config: { appId: 'cli_fa17fa17fa17fa17', appSecret: 'secret', verificationToken: 'tok', encryptKey: 'enc-key', domain: larkApi.url, mode: 'http' } });
    // Its reconcile leaves a 'sending' delivery to the worker that may still be in its call for a few
    // of the workers' call timeouts (API_TIMEOUT_MS), not of this runtime's own adapters'.
    rt = makeRuntime({ db: t.db, redisUrl: redis.url, prefix, ports: { slack: slack.port, lark: lark.port }, clock, platformCallTimeoutMs: API_TIMEOUT_MS });
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
    await rt?.stop();
    await redis.stop();
    await slackApi?.close();
    await larkApi?.close();
  });

  it('sends every alert, thread line and update once on Slack and on Lark', async () => {
    const [a] = await Promise.all([startWorker(), startWorker()]);

    // Answers that come after the client gave up (the post was made), then connections dropped after the work.
    slackApi.drop('chat.postMessage', 3, API_TIMEOUT_MS + 1500);
    larkApi.drop('create', 3, API_TIMEOUT_MS + 1500);

    await rt.runAgingScan(orgId);
    const alertRows = await t.db.selectFrom('deliveries').select(['id', 'platform']).where('org_id', '=', orgId).where('kind', '=', 'alert').execute();
    expect(alertRows).toHaveLength(2 * ALERTS);

    // In the middle of the 50 alerts: one worker is killed outright.
    await waitFor('a third of the alerts to be out', () => slackRoots().length + larkCards().length >= 30, 60_000);
    a!.proc.kill('SIGKILL');
    await a!.exited;
    const sentBeforeKill = (await statuses()).sent ?? 0;
    expect(sentBeforeKill, 'the kill came in the middle of the alerts').toBeLessThan(2 * ALERTS);

    // Redis is restarted: every job it held is gone. The reconcile pass (each runtime's on the
    // connection's return, a worker's start, or the hourly one) puts back what PostgreSQL still has
    // queued or sending. Which of them gets there first varies, so the fault is shown beforehand.
    const unsent = await t.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId)
      .where('status', 'in', ['queued', 'sending']).executeTakeFirstOrThrow();
    expect(Number(unsent.n), 'deliveries were still to send when Redis went').toBeGreaterThan(0);
    await redis.stop('SIGKILL');
    await redis.start();
    slackApi.drop('chat.postMessage', 2, 100);
    larkApi.drop('create', 2, 100);
    await rt.reconcile();
    await startWorker();   // the killed worker's replacement

    await settled('the 100 alerts to be sent', 2 * ALERTS);

    // 20 claims: a thread line and an alert update each, on both platforms; a worker is shut down while it sends them.
    const lin = await actorByEmail(t.db, orgId, 'lin@example.com');
    for (let i = 0; i < CLAIMS; i++) await claimCase(t.db, lin, { customer: `F${String(i).padStart(2, '0')}` }, { today: TODAY });
    slackApi.drop('chat.postMessage', 2, API_TIMEOUT_MS + 1500);
    slackApi.drop('chat.update', 2, 100);
    larkApi.drop('reply', 2, 100);
    larkApi.drop('patch', 2, API_TIMEOUT_MS + 1500);
    await rt.processOutbox();
    const b = workers[1]!;
    await waitFor('the thread lines to start going out', () => slackReplies().length + larkCards().filter((m) => m.rootId).length >= 5, 60_000);
    b.proc.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    const s = await statuses();
    expect((s.queued ?? 0) + (s.sending ?? 0), 'the shutdown came while claims were still being sent').toBeGreaterThan(0);
    await startWorker();

    const final = await settled('every delivery to be sent', 2 * ALERTS + 4 * CLAIMS);
    expect(final).toEqual({ sent: 2 * ALERTS + 4 * CLAIMS });

    // Slack: 50 alerts and 20 thread lines, each delivery once; every claimed case's alert shows its owner.
    const rows = await t.db.selectFrom('deliveries').select(['id', 'platform', 'kind', 'chat_message_id']).where('org_id', '=', orgId).execute();
    const ids = (platform: string, kind: string) => rows.filter((r) => r.platform === platform && r.kind === kind).map((r) => String(r.id)).sort();
    expect(slackDeliveryIds(slackRoots()).sort()).toEqual(ids('slack', 'alert'));
    expect(slackDeliveryIds(slackReplies()).sort()).toEqual(ids('slack', 'thread'));
    // Lark: one message per uuid (a retry re-sends the same uuid and gets the first message back).
    const larkIds = new Set(larkCards().map((m) => m.id));
    expect(larkIds.size).toBe(ALERTS + CLAIMS);
    expect([...new Set(larkDeliveryIds())].sort()).toEqual([...ids('lark', 'alert'), ...ids('lark', 'thread')].map((id) => `duebot-delivery-${id}`).sort());

    // The faults happened: posts timed out or lost their answer and were retried; Slack looked for
    // the first post before sending again; Lark was sent a uuid again.
    const transient = await t.db.selectFrom('delivery_attempts').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', orgId).where('outcome', '=', 'transient').executeTakeFirstOrThrow();
    expect(Number(transient.n)).toBeGreaterThanOrEqual(4);
    expect(slackApi.callsTo('conversations.history').length + slackApi.callsTo('conversations.replies').length).toBeGreaterThan(0);
    expect(larkDeliveryIds().length).toBeGreaterThan(new Set(larkDeliveryIds()).size);

    // Updates: each claimed case's alert, on each platform, now names its owner.
    const alerts = await t.db.selectFrom('chat_messages').select(['platform', 'message_id', 'case_id']).where('org_id', '=', orgId)
      .where('kind', '=', 'alert').execute();
    expect(alerts).toHaveLength(2 * ALERTS);
    const claimed = await t.db.selectFrom('cases').select('id').where('org_id', '=', orgId).where('owner_user_id', 'is not', null).execute();
    expect(claimed).toHaveLength(CLAIMS);
    for (const m of alerts.filter((x) => claimed.some((c) => c.id === x.case_id))) {
      if (m.platform === 'slack') {
        const last = slackApi.callsTo('chat.update').filter((c) => c.body.ts === m.message_id).at(-1);
        expect(JSON.stringify(last?.body.blocks ?? ''), `slack alert ${m.message_id}`).toContain('Lin');
      } else {
        const card = larkApi.messages.get(m.message_id)!;
        expect(JSON.stringify(card.versions.at(-1)), `lark alert ${m.message_id}`).toContain('Lin');
      }
    }
  }, 240_000);
});
