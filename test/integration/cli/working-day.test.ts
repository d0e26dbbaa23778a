// Issue 9, part 2: the multi-process working day. Two `duebot serve` and two `duebot worker`
// processes, spawned as the CLI wires them, on one PostgreSQL and one Redis of this test's own (so
// both can be restarted), drive a day of the demo org: an import and its alerts, signed commands
// and button clicks from Slack and Lark spread over both serves (and replayed to the other one),
// the digest (its scheduler firing twice) and the reminders. Meanwhile: the platforms answer 429,
// 500 and hang; a worker is SIGKILLed while alerts are going out; Redis is restarted empty; and
// PostgreSQL is restarted while people keep typing. Afterwards every delivery is sent exactly once
// on the fake Slack and Lark APIs, nothing is missing, nothing is doubled in the ledger, and each
// fault is shown to have happened. Waits are on recorded state, never fixed sleeps.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateIn } from '../../../src/domain/calendar.js';
import { loadDemoOrg } from '../../../src/services/demo/index.js';
import { importFile } from '../../../src/services/import/index.js';
import { connect, type Connection } from '../../../src/store/connection.js';
import { migrateToLatest } from '../../../src/store/migrate.js';
import { DEFAULT_PREFIX, QUEUE_NAMES } from '../../../jobs/queues.js';
import type { ScheduleJob } from '../../../jobs/schedules.js';
import { startDuebot, type DuebotProcess } from '../../support/duebot-process.js';
import { startFakeLarkApi, type FakeLarkApi } from '../../support/fake-lark-api.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { cardActionEvent, larkRequest, messageEvent } from '../../support/lark-signing.js';
import { OwnPostgres, OwnRedis, pollUntil } from '../../support/own-servers.js';
import { commandBody, interactiveBody, postSigned } from '../../support/slack-signing.js';
import { slackText } from '../../e2e/contract/slack-driver.js';
import { buttonValue } from '../../e2e/lark/lark-world.js';

const TEAM = 'TDAY0001';
const TENANT = 'tk_working_day';
const SLACK_SECRET = 'day-signing-secret';
const LARK_KEY = 'day-encrypt-key';
const LARK_TOKEN = 'day-verification-token';
const ALERTS = { slack: 'CALERTS', lark: 'oc_alerts' };
const DIGEST = { slack: 'CDIGEST', lark: 'oc_digest' };
/** Demo people (src/services/demo/demo-people.ts): 刘洋 (sales, Slack 6, Lark 6) and 马丽 (sales, Slack 11, Lark 11). */
const LIU = { slack: 'U0DEMO006', lark: `ou_demo${'6'.padStart(28, '0')}` };
const MA = { slack: 'U0DEMO011', lark: `ou_demo${'11'.padStart(28, '0')}` };
/** The customers the day's import brings: each one invoice that crossed 30, 60 or 90 days overdue this week (a fresh alert). */
const NEW = [32, 33, 34, 62, 63, 92].map((days, i) => ({ code: `DAY0${i + 1}`, name: `Day Trading ${i + 1}`, days }));

describe('a working day on two serve and two worker processes, through faults', () => {
  const pg = new OwnPostgres();
  const redis = new OwnRedis();
  let conn: Connection;
  let slack: FakeSlackApi;
  let lark: FakeLarkApi;
  let schedules: Queue<ScheduleJob>;
  let orgId: number;
  let env: Record<string, string>;
  let tmp: string;
  /** The demo's alerts as loaded, before any process ran. */
  let alertsBefore = 0;
  const procs: DuebotProcess[] = [];
  const db = () => conn.db;

  beforeAll(async () => {
    await Promise.all([pg.start(), redis.start()]);
    conn = connect(pg.url, { max: 4 });
    await migrateToLatest(conn.db);
    [slack, lark] = await Promise.all([startFakeSlackApi({ teamId: TEAM }), startFakeLarkApi()]);
    orgId = (await loadDemoOrg(conn.db, { slug: 'demo' })).orgId;
    await conn.db.insertInto('workspaces').values([{ org_id: orgId, platform: 'slack', external_id: TEAM, name: 'Day' },
      { org_id: orgId, platform: 'lark', external_id: TENANT, name: 'Day' }]).execute();
    // A team that works every day, all day: reminders and the digest are due whenever this test runs.
    await conn.db.updateTable('org_policies').set({ work_days: [1, 2, 3, 4, 5, 6, 7] as never, work_start: '00:00', work_end: '23:59' })
      .where('org_id', '=', orgId).execute();
    await conn.db.deleteFrom('calendar_days').where('org_id', '=', orgId).execute();
    for (const platform of ['slack', 'lark'] as const) {
      await conn.db.insertInto('channel_subscriptions').values([
        { org_id: orgId, platform, channel_id: ALERTS[platform], kind: 'alerts', region: null, product: null, at_time: null },
        { org_id: orgId, platform, channel_id: DIGEST[platform], kind: 'digest', region: null, product: null, at_time: '09:00',
          weekdays: [1, 2, 3, 4, 5, 6, 7] as never },
      ]).execute();
    }
    // What the demo load left for the outbox is handled before the day starts: only the day's events count.
    await conn.db.updateTable('case_events').set({ processed_at: new Date() }).where('org_id', '=', orgId).where('processed_at', 'is', null).execute();
    alertsBefore = await count('alerts_sent');
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'duebot-day-'));
    schedules = new Queue<ScheduleJob>(QUEUE_NAMES.schedules, { connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null }, prefix: DEFAULT_PREFIX });
    schedules.on('error', () => {});
    env = { DATABASE_URL: pg.url, REDIS_URL: redis.url, PORT: '0', DUEBOT_LOCALE: 'en-US',
      SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN: 'xoxb-day', SLACK_API_URL: slack.url,
      LARK_APP_ID: 'cli_da7da7da7da7da70', LARK_APP_SECRET: 'day-secret', LARK_VERIFICATION_TOKEN: LARK_TOKEN, LARK_ENCRYPT_KEY: LARK_KEY,
      LARK_DOMAIN: lark.url, LARK_MODE: 'http' };
    procs.push(...await Promise.all([startDuebot('serve', env), startDuebot('serve', env), startDuebot('worker', env), startDuebot('worker', env)]));
  }, 180_000);

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    await schedules?.close().catch(() => {});
    await conn?.close().catch(() => {});
    await Promise.all([slack?.close(), lark?.close()]);
    await redis.stop();
    await pg.destroy();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  // --- the platforms, as people use them ---------------------------------------------------------

  const serveUrl = (p: DuebotProcess, route: string) => `http://127.0.0.1:${p.port}${route}`;
  let seq = 0;
  const slackCommand = (serve: DuebotProcess, user: string, text: string) => postSigned(serveUrl(serve, '/slack/events'), SLACK_SECRET, commandBody({
    command: '/ar', text, team_id: TEAM, team_domain: 'day', channel_id: 'CWORK', channel_name: 'work', user_id: user, user_name: user,
    api_app_id: 'ADAY', trigger_id: `trig.${++seq}`, response_url: slack.responseUrl(`cmd-${seq}`) }));
  /** A signed click body on a Slack alert (the same bytes can be posted again: a replay). */
  const slackClickBody = (user: string, where: { channel: string; ts: string }, action: { id: string; value: string }) => interactiveBody({
    type: 'block_actions', api_app_id: 'ADAY', token: 'legacy', trigger_id: `trig.${++seq}`,
    team: { id: TEAM, domain: 'day' }, user: { id: user, username: user, team_id: TEAM },
    channel: { id: where.channel, name: 'alerts' }, container: { type: 'message', message_ts: where.ts, channel_id: where.channel, is_ephemeral: false },
    message: { type: 'message', ts: where.ts, text: 'alert' }, response_url: slack.responseUrl(`btn-${seq}`),
    actions: [{ type: 'button', action_id: action.id, block_id: 'actions', value: action.value, text: { type: 'plain_text', text: action.id }, action_ts: `${Date.now() / 1000}` }],
  });
  const postLark = (serve: DuebotProcess, req: { body: string; headers: Record<string, string> }) =>
    fetch(serveUrl(serve, '/lark/events'), { method: 'POST', headers: req.headers, body: req.body }).then(async (r) => ({ status: r.status, json: await r.json().catch(() => null) }));
  const larkSay = (serve: DuebotProcess, openId: string, text: string) => {
    const messageId = `om_day_${++seq}`;
    lark.seedMessage({ id: messageId, chatId: 'oc_work' });
    return postLark(serve, larkRequest(messageEvent({ token: LARK_TOKEN, tenantKey: TENANT }, { messageId, openId, chatId: 'oc_work', chatType: 'p2p', text }),
      { encryptKey: LARK_KEY }));
  };

  /** The Slack alert of a customer: where it is and its buttons (from the recorded post). */
  function slackAlert(name: string) {
    const call = slack.callsTo('chat.postMessage').find((c) => c.body.channel === ALERTS.slack && !c.body.thread_ts && JSON.stringify(c.body.blocks).includes(name));
    if (!call) return undefined;
    const id = (call.body.metadata as any)?.event_payload?.delivery_id;
    const msg = slack.messages(ALERTS.slack).find((m) => !m.thread_ts && (m.metadata as any)?.event_payload?.delivery_id === id);
    const button = (action: string) => {
      for (const b of call.body.blocks as any[]) for (const e of b.elements ?? []) if (e.action_id === action) return { id: action, value: e.value as string };
      throw new Error(`no ${action} button on the alert of ${name}`);
    };
    return msg ? { channel: ALERTS.slack, ts: msg.ts, button } : undefined;
  }
  const larkAlert = (name: string) => [...lark.messages.values()].find((m) => m.chatId === ALERTS.lark && !m.rootId && JSON.stringify(m.card).includes(name));

  // --- what the database says ----------------------------------------------------------------------

  const statuses = async () => {
    const rows = await db().selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).where('org_id', '=', orgId).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
  };
  const ownerOf = async (code: string) => (await db().selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
    .leftJoin('users', 'users.id', 'cases.owner_user_id').select('users.email').where('cases.org_id', '=', orgId)
    .where('customers.code', '=', code).where('cases.status', '<>', 'closed').executeTakeFirst())?.email ?? null;
  const count = async (table: 'collection_records' | 'promises' | 'alerts_sent', code?: string) => {
    const customer = code ? (await db().selectFrom('customers').select('id').where('org_id', '=', orgId).where('code', '=', code).executeTakeFirstOrThrow()).id : null;
    const rows = customer === null
      ? await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()
      : await db().selectFrom(table as 'promises').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).where('customer_id', '=', customer).executeTakeFirstOrThrow();
    return Number(rows.n);
  };
  const tick = (job: ScheduleJob, id: string) => schedules.add(job.type, job, { jobId: `day-${id}` });
  const workerLogs = (msg: string) => procs.filter((p) => p.what === 'worker').flatMap((p) => p.logs()).filter((l) => l.msg === msg);

  it('sends everything once, misses nothing and shows every fault happened', async () => {
    const [s1, s2, w1] = procs as [DuebotProcess, DuebotProcess, DuebotProcess, DuebotProcess];
    const today = dateIn('Asia/Shanghai');

    // The platforms misbehave from the start: 429s, then a post that hangs past the client's
    // timeout (done, but never answered), then 500s.
    slack.rateLimit('chat.postMessage', 2, 1);
    slack.drop('chat.postMessage', 1, 15_000);
    slack.fail('chat.postMessage', 'internal_error', 2, 500);
    lark.rateLimit('create', { times: 2, resetSec: 1 });
    lark.drop('create', 1, 15_000);
    lark.fail('create', 1500, { times: 2, status: 500, msg: 'internal error' });

    // 1. The morning import: six customers with an invoice that crossed a level this week.
    const customers = path.join(tmp, 'customers.csv');
    const invoices = path.join(tmp, 'invoices.csv');
    await fs.writeFile(customers, ['code,name,credit_grade,credit_limit,payment_terms_days',
      ...NEW.map((c) => `${c.code},${c.name},B,500000,30`)].join('\n'));
    const due = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
    await fs.writeFile(invoices, ['number,customer_code,amount,issued_on,due_on',
      ...NEW.map((c, i) => `${c.code}-INV,${c.code},${10_000 + i * 1000}.00,${due(c.days + 30)},${due(c.days)}`)].join('\n'));
    expect((await importFile(db(), { orgId, kind: 'customers', input: customers })).ok).toBe(true);
    expect((await importFile(db(), { orgId, kind: 'invoices', input: invoices })).ok).toBe(true);
    await tick({ type: 'outbox' }, 'outbox-import');   // the outbox's scheduler tick picks the import up

    // 2. A worker is SIGKILLed while the alerts go out.
    await pollUntil('the first alerts to be out', async () => {
      const s = await statuses();
      return (s.sent ?? 0) >= 2 && (s.queued ?? 0) + (s.sending ?? 0) > 0;
    }, 60_000);
    w1.child.kill('SIGKILL');
    expect((await w1.exited).signal).toBe('SIGKILL');
    const atKill = await statuses();
    expect((atKill.queued ?? 0) + (atKill.sending ?? 0), 'the kill came while alerts were going out').toBeGreaterThan(0);

    // 3. Redis is restarted empty: schedulers and jobs are gone. The surviving worker reconciles
    // when its connection comes back (no restart needed); a replacement worker starts too.
    await redis.stop('SIGKILL');
    await redis.start();
    procs.push(await startDuebot('worker', env));
    await pollUntil('the surviving worker to reconcile after the reconnect', () => workerLogs('jobs reconciled after a Redis reconnect').length > 0, 60_000);

    // The six imported invoices, and the demo's own that crossed a level this week (the workers' first scan).
    const alertCount = (await count('alerts_sent')) - alertsBefore;
    expect(alertCount).toBeGreaterThanOrEqual(NEW.length);
    await pollUntil('every alert out on both platforms', () => NEW.every((c) => slackAlert(c.name) && larkAlert(c.name)), 90_000);

    // 4. People work, on both platforms, through both serves; two clicks are replayed to the other serve.
    expect((await slackCommand(s1, LIU.slack, 'claim DAY01')).status).toBe(200);
    const a2 = slackAlert('Day Trading 2')!;
    const click = slackClickBody(MA.slack, a2, a2.button('claim'));
    expect((await postSigned(serveUrl(s2, '/slack/events'), SLACK_SECRET, click)).status).toBe(200);
    expect((await postSigned(serveUrl(s1, '/slack/events'), SLACK_SECRET, click)).status).toBe(200);   // replayed
    expect((await larkSay(s2, MA.lark, 'claim DAY03')).status).toBe(200);
    const c4 = larkAlert('Day Trading 4')!;
    const larkClick = larkRequest(cardActionEvent({ token: LARK_TOKEN, tenantKey: TENANT }, { openId: LIU.lark, chatId: ALERTS.lark, messageId: c4.id,
      value: buttonValue(c4.card, 'claim') }), { encryptKey: LARK_KEY });
    expect((await postLark(s1, larkClick)).status).toBe(200);
    expect((await postLark(s2, larkClick)).status).toBe(200);   // replayed
    await pollUntil('the four claims', async () => (await Promise.all(['DAY01', 'DAY02', 'DAY03', 'DAY04'].map(ownerOf))).every(Boolean), 30_000);
    expect((await slackCommand(s2, LIU.slack, `promise DAY01 5000 ${today} pays half today`)).status).toBe(200);
    expect((await slackCommand(s1, MA.slack, 'log DAY02 call reached AP confirmed the invoice')).status).toBe(200);
    await pollUntil('the promise and the record', async () => (await count('promises', 'DAY01')) === 1 && (await count('collection_records', 'DAY02')) >= 1, 30_000);

    // 5. PostgreSQL restarts while people keep typing: a command in the outage is told to try again
    // within Slack's 3 s, and /readyz says not ready; after it, the same kind of command works.
    const fromCalls = slack.calls.length;
    await pg.stop();
    const started = Date.now();
    expect((await slackCommand(s1, LIU.slack, 'log DAY01 call no_answer outage attempt')).status).toBe(200);
    const tryAgain = (x: { method: string; body: any }) => x.method === 'chat.postEphemeral' && /暂时无法连接数据库|cannot reach its database/.test(slackText(x.body));
    await slack.waitFor((c) => c.slice(fromCalls).some(tryAgain), 5000);
    const outage = slack.calls.slice(fromCalls).find(tryAgain)!;
    expect(outage.body.user).toBe(LIU.slack);
    expect(outage.at - started, 'told within Slack\'s 3 s').toBeLessThan(3000);
    expect((await fetch(serveUrl(s2, '/readyz'))).status).toBe(503);
    await pg.start();
    await pollUntil('serve to be ready again', async () => (await fetch(serveUrl(s2, '/readyz'))).status === 200, 30_000);
    expect((await larkSay(s1, MA.lark, 'log DAY03 visit reached agreed to pay next week')).status).toBe(200);
    await pollUntil('the record after the restart', async () => (await count('collection_records', 'DAY03')) === 1, 30_000);

    // 6. The digest's scheduler fires twice (say, once from each of two schedulers after the
    // restart), and the reminder sweep twice: one digest per channel, one reminder per promise.
    for (const n of ['a', 'b']) await tick({ type: 'reminders' }, `reminders-${n}`);
    const digestSubs = await db().selectFrom('channel_subscriptions').select('id').where('org_id', '=', orgId).where('kind', '=', 'digest').execute();
    for (const s of digestSubs) for (const n of ['a', 'b']) await tick({ type: 'digest', orgId, subscriptionId: s.id }, `digest-${s.id}-${n}`);

    // Everything settles by itself: nothing queued or sending, the digests and the promise reminder sent.
    const final = await pollUntil('every delivery to settle', async () => {
      const s = await statuses();
      const kinds = await db().selectFrom('deliveries').select(['kind', 'status']).where('org_id', '=', orgId).execute();
      const digests = kinds.filter((k) => k.kind === 'digest' && k.status === 'sent').length;
      const reminder = await db().selectFrom('reminders').innerJoin('promises', 'promises.id', 'reminders.promise_id').innerJoin('customers', 'customers.id', 'promises.customer_id')
        .select('reminders.status').where('reminders.org_id', '=', orgId).where('reminders.kind', '=', 'promise_due').where('customers.code', '=', 'DAY01').execute();
      return (s.queued ?? 0) + (s.sending ?? 0) === 0 && digests === 2 && reminder.length === 1 && reminder[0]!.status === 'sent' ? s : undefined;
    }, 120_000);
    expect(final.failed ?? 0, 'no delivery failed for good').toBe(0);

    // --- nothing doubled, nothing missing ---
    // Every Slack message carries its delivery id: no id twice, and every sent post/DM is there.
    const slackIds = slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => (c.body.metadata as any)?.event_payload?.delivery_id).filter(Boolean);
    const channels = new Set(slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => String(c.body.channel)));
    const posted = [...channels].flatMap((ch) => slack.messages(ch)).map((m) => String((m.metadata as any)?.event_payload?.delivery_id ?? ''));
    expect(posted.length, 'no Slack message twice').toBe(new Set(posted).size);
    const sent = await db().selectFrom('deliveries').select(['id', 'platform', 'kind', 'status']).where('org_id', '=', orgId).execute();
    const slackPosts = sent.filter((d) => d.platform === 'slack' && d.kind !== 'update' && d.status === 'sent').map((d) => String(d.id)).sort();
    expect([...new Set(posted.filter(Boolean))].sort(), 'every Slack post and DM there, once').toEqual(slackPosts);
    expect(new Set(slackIds).size).toBeLessThanOrEqual(slackPosts.length);
    // Lark: one message per delivery uuid, and every sent one is there.
    const larkPosts = sent.filter((d) => d.platform === 'lark' && d.kind !== 'update' && d.status === 'sent').map((d) => `duebot-delivery-${d.id}`).sort();
    // (A serve's direct answer to a typed command is a reply of its own, not a delivery: no uuid.)
    const larkSent = lark.calls.filter((c) => (c.endpoint === 'create' || c.endpoint === 'reply') && c.messageId && c.body.uuid).map((c) => String(c.body.uuid));
    expect([...new Set(larkSent)].sort(), 'every Lark post and DM there').toEqual(larkPosts);
    const larkMessages = [...lark.messages.values()].filter((m) => m.chatId === ALERTS.lark && !m.rootId);
    expect(larkMessages.length, 'one Lark alert card per alert').toBe(alertCount);
    expect(slack.messages(ALERTS.slack).filter((m) => !m.thread_ts).length, 'one Slack alert per alert').toBe(alertCount);
    expect(slack.messages(DIGEST.slack).filter((m) => !m.thread_ts).length, 'one digest on Slack').toBe(1);
    expect([...lark.messages.values()].filter((m) => m.chatId === DIGEST.lark && !m.rootId).length, 'one digest on Lark').toBe(1);
    // The ledger: each claim, record and promise once, replays and the outage attempt changed nothing.
    expect(await ownerOf('DAY01')).toMatch(/^liu\.yang@/);
    expect(await ownerOf('DAY02')).toMatch(/^ma\.li@/);
    expect(await ownerOf('DAY03')).toMatch(/^ma\.li@/);
    expect(await ownerOf('DAY04')).toMatch(/^liu\.yang@/);
    expect(await count('promises', 'DAY01')).toBe(1);
    expect(await count('collection_records', 'DAY01')).toBe(1);   // the promise's record: the log tried in the outage never happened
    expect(await count('collection_records', 'DAY02')).toBe(1);
    expect(await count('collection_records', 'DAY03')).toBe(1);
    const claims = await db().selectFrom('case_events').select('case_id').where('org_id', '=', orgId).where('type', '=', 'case.claimed').execute();
    expect(claims.length, 'four claims, the replayed clicks not again').toBe(4);

    // --- each fault happened ---
    const attempts = await db().selectFrom('delivery_attempts').select(['outcome', (eb) => eb.fn.countAll<string>().as('n')]).where('org_id', '=', orgId).groupBy('outcome').execute();
    const byOutcome = Object.fromEntries(attempts.map((a) => [a.outcome, Number(a.n)]));
    expect(byOutcome.rate_limited ?? 0, 'the 429s were met').toBeGreaterThanOrEqual(2);
    expect(byOutcome.transient ?? 0, 'the 500s and the hangs were met').toBeGreaterThanOrEqual(3);
    expect(redis.starts, 'Redis was restarted').toBe(2);
    expect(pg.starts, 'PostgreSQL was restarted').toBe(2);
  }, 240_000);
});
