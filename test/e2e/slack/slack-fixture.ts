// The data and the running stack the Slack end-to-end tests share: an org linked to a Slack team,
// people with Slack identities, customers with overdue invoices and open cases, an alert message
// and a pending escalation card; then the real router behind the real Bolt app behind our HTTP
// server, talking to the fake Slack Web API.
import type http from 'node:http';
import { pino, type Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createJobsRuntime, type JobsRuntime, type JobsRuntimeOptions } from '../../../jobs/index.js';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.js';
import { encodeAction } from '../../../src/chat/action-payload.js';
import type { Chat } from '../../../src/chat/chat.js';
import type { ChatPort, PlatformName } from '../../../src/chat/port.js';
import { createChat } from '../../../src/chat/router.js';
import { addDays, dateIn, zonedInstant } from '../../../src/domain/calendar.js';
import { createHttpServer, listen } from '../../../src/server/http-server.js';
import { ensureOpenCase } from '../../../src/services/cases/open-case.js';
import type { Db } from '../../../src/store/connection.js';
import type { Role } from '../../../src/store/schema.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { commandBody, interactiveBody, postSigned } from '../../support/slack-signing.js';
import { testDeliveries, type TestDeliveries } from '../../support/test-deliveries.js';

export const SECRET = 'e2e-signing-secret';
export const TZ = 'Asia/Shanghai';
/**
 * The clock of the Slack stack and its seed (issue 14: no test reads the real date): noon in
 * Shanghai on a fixed day. Requests are still signed with the real time, as Slack signs them.
 */
export const SLACK_NOW = new Date('2026-03-10T04:00:00Z');

export interface Person { id: number; slackId: string; name: string; email: string; role: Role }
export interface SeededCase { caseId: number; version: number; customerId: number; code: string; invoiceId: number; balanceMinor: bigint }

export interface SlackFixture {
  orgId: number;
  teamId: string;
  /** The seed's clock (give the stack the same one) and its date in the org's zone. */
  now: Date;
  today: string;
  people: { sales: Person; other: Person; manager: Person; finance: Person };
  /** Unclaimed red case with an alert in #alerts. */
  alertCase: SeededCase;
  alert: { channelId: string; ts: string };
  /** Red case owned by `other`, with a pending legal escalation requested by `other`. */
  escalatedCase: SeededCase;
  escalation: { id: number; channelId: string; ts: string };
}

export async function addPerson(db: Db, orgId: number, p: Omit<Person, 'id'>): Promise<Person> {
  const u = await db.insertInto('users').values({ org_id: orgId, email: p.email, name: p.name, role: p.role, locale: 'en-US' })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('chat_identities').values({ org_id: orgId, user_id: u.id, platform: 'slack', external_user_id: p.slackId }).execute();
  return { ...p, id: u.id };
}

/** A customer with one invoice `daysOverdue` days overdue and its open case (events marked as published). */
export async function addOverdueCustomer(db: Db, orgId: number, today: string,
  c: { code: string; name: string; amountMinor: bigint; daysOverdue: number; ownerId?: number; region?: string }): Promise<SeededCase> {
  const customer = await db.insertInto('customers').values({
    org_id: orgId, code: c.code, name: c.name, credit_grade: 'B', credit_limit_minor: 100_000_000n, payment_terms_days: 30,
    region: c.region ?? 'East', owner_user_id: c.ownerId ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  const due = addDays(today, -c.daysOverdue);
  const invoice = await db.insertInto('invoices').values({
    org_id: orgId, customer_id: customer.id, number: `INV-${c.code}`, currency: 'CNY', amount_minor: c.amountMinor,
    issued_on: addDays(due, -30), due_on: due, region: c.region ?? 'East',
  }).returning('id').executeTakeFirstOrThrow();
  const oc = await ensureOpenCase(db, orgId, customer.id, today);
  if (!oc) throw new Error(`no case opened for ${c.code}`);
  let version = oc.row.version;
  if (c.ownerId) {
    const r = await db.updateTable('cases').set((eb) => ({ owner_user_id: c.ownerId!, claimed_at: zonedInstant(TZ, today, 9 * 60), version: eb('version', '+', 1) }))
      .where('id', '=', oc.row.id).returning('version').executeTakeFirstOrThrow();
    version = r.version;
  }
  return { caseId: oc.row.id, version, customerId: customer.id, code: c.code, invoiceId: invoice.id, balanceMinor: c.amountMinor };
}

export async function seedSlackOrg(db: Db, opts: { slug?: string; teamId?: string; now?: Date } = {}): Promise<SlackFixture> {
  const now = opts.now ?? SLACK_NOW;
  const teamId = opts.teamId ?? 'T0E2E';
  const org = await db.insertInto('orgs').values({ slug: opts.slug ?? 'acme', name: 'ACME Trading', timezone: TZ, currency: 'CNY', locale: 'en-US' })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('org_policies').values({ org_id: org.id }).execute();
  await db.insertInto('workspaces').values({ org_id: org.id, platform: 'slack', external_id: teamId, name: 'ACME' }).execute();
  const today = dateIn(TZ, now);
  const people = {
    sales: await addPerson(db, org.id, { slackId: 'USALES1', name: 'Wang Fang', email: 'wang@acme.example', role: 'sales' }),
    other: await addPerson(db, org.id, { slackId: 'USALES2', name: 'Li Lei', email: 'li@acme.example', role: 'sales' }),
    manager: await addPerson(db, org.id, { slackId: 'UMGR1', name: 'Zhao Min', email: 'zhao@acme.example', role: 'manager' }),
    finance: await addPerson(db, org.id, { slackId: 'UFIN1', name: 'Chen Jie', email: 'chen@acme.example', role: 'finance' }),
  };
  const alertCase = await addOverdueCustomer(db, org.id, today, { code: 'HDJD', name: '华东机电 <!channel>', amountMinor: 4_560_000n, daysOverdue: 95 });
  const alert = { channelId: 'CALERTS', ts: '1700000000.000100' };
  await db.insertInto('chat_messages').values({ org_id: org.id, platform: 'slack', channel_id: alert.channelId, message_id: alert.ts,
    kind: 'alert', case_id: alertCase.caseId, invoice_id: alertCase.invoiceId }).execute();
  // The alert job records what it alerted; an update re-renders from it (jobs/delivery/kinds/update.ts).
  await db.insertInto('alerts_sent').values({ org_id: org.id, invoice_id: alertCase.invoiceId, case_id: alertCase.caseId, level: 'red', raised_on: today }).execute();

  const escalatedCase = await addOverdueCustomer(db, org.id, today, { code: 'PRL', name: 'Pearl River Trading', amountMinor: 12_000_000n, daysOverdue: 130, ownerId: people.other.id });
  const esc = await db.insertInto('escalations').values({ org_id: org.id, case_id: escalatedCase.caseId, kind: 'legal', requested_by: people.other.id,
    reason: 'Three letters unanswered', case_version: escalatedCase.version, balance_minor: escalatedCase.balanceMinor,
    invoice_id: null, override_reason: null, missing: '[]', decided_by: null, decision_note: null, decided_at: null }).returning('id').executeTakeFirstOrThrow();
  const escalation = { id: esc.id, channelId: 'CMANAGERS', ts: '1700000000.000200' };
  await db.insertInto('chat_messages').values({ org_id: org.id, platform: 'slack', channel_id: escalation.channelId, message_id: escalation.ts,
    kind: 'escalation', case_id: escalatedCase.caseId, escalation_id: esc.id }).execute();
  // What the seeding did is history: only what the tests do is to be published.
  await db.updateTable('case_events').set({ processed_at: new Date() }).where('org_id', '=', org.id).execute();
  return { orgId: org.id, teamId, now, today, people, alertCase, alert, escalatedCase, escalation };
}

export interface SlackStack {
  /** The clock the chat layer and the delivery worker read (a seed's `now` should match it). */
  now: () => Date;
  api: FakeSlackApi;
  slack: SlackAdapter;
  chat: Chat;
  /** The delivery worker what the chat changes leaves through (settled(): nothing left to send). */
  deliveries: TestDeliveries;
  url: string;
  close(): Promise<void>;
}

/** The router, the Slack adapter and our HTTP server on a free port, against the fake Web API. */
export async function startSlackStack(db: Db, opts: { teamId?: string; latencyMs?: number; workConcurrency?: number; log?: Logger; now?: () => Date } = {}): Promise<SlackStack> {
  const now = opts.now ?? (() => SLACK_NOW);
  const log = opts.log ?? pino({ level: process.env.E2E_LOG ?? 'silent' });
  const api = await startFakeSlackApi({ teamId: opts.teamId ?? 'T0E2E', ...(opts.latencyMs ? { latencyMs: opts.latencyMs } : {}) });
  const ports: Partial<Record<PlatformName, ChatPort>> = {};
  const deliveries = testDeliveries({ db, ports, now });
  const chat = createChat({ db, log, now, outbox: deliveries.outbox });
  const slack = createSlackAdapter({ chat, db, log, config: { signingSecret: SECRET, botToken: 'xoxb-e2e', apiUrl: api.url }, locale: 'en-US',
    ...(opts.workConcurrency ? { workConcurrency: opts.workConcurrency } : {}) });
  ports.slack = slack.port;
  await slack.start();
  await deliveries.start();
  const server: http.Server = createHttpServer({ routes: { 'POST /slack/events': slack.handler }, ready: async () => ({}), log });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    now, api, slack, chat, deliveries, url: `http://127.0.0.1:${port}/slack/events`,
    async close() {
      await slack.stop();
      await deliveries.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await api.close();
      // Every message the product sent in this file must be one Slack accepts.
      api.assertNothingRefused();
    },
  };
}

let triggers = 0;

/** A signed `/ar …` from `user` in `channelId`. */
export function sendCommand(stack: SlackStack, f: { teamId: string }, user: Person, text: string,
  opts: { channelId?: string; triggerId?: string; timestamp?: number; secret?: string } = {}) {
  return postSigned(stack.url, opts.secret ?? SECRET, commandBody({
    command: '/ar', text, team_id: f.teamId, team_domain: 'acme', channel_id: opts.channelId ?? 'CGENERAL', channel_name: 'general',
    user_id: user.slackId, user_name: user.name, api_app_id: 'AE2E', trigger_id: opts.triggerId ?? `trig.${++triggers}.${Date.now()}`,
    response_url: stack.api.responseUrl(`cmd-${triggers}`),
  }), opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {});
}

/** The block_actions payload Slack sends when `user` clicks a button on a message. */
export function buttonPayload(f: { teamId: string }, user: Person, where: { channelId: string; ts: string },
  action: { id: string; value: string }, stack: SlackStack) {
  return {
    type: 'block_actions', api_app_id: 'AE2E', token: 'legacy', trigger_id: `trig.${++triggers}.${Date.now()}`,
    team: { id: f.teamId, domain: 'acme' }, user: { id: user.slackId, username: user.name, team_id: f.teamId },
    channel: { id: where.channelId, name: 'alerts' },
    container: { type: 'message', message_ts: where.ts, channel_id: where.channelId, is_ephemeral: false },
    message: { type: 'message', ts: where.ts, text: 'alert' },
    response_url: stack.api.responseUrl(`btn-${triggers}`),
    actions: [{ type: 'button', action_id: action.id, block_id: 'actions', value: action.value, text: { type: 'plain_text', text: action.id }, action_ts: `${Date.now() / 1000}` }],
  };
}

export const click = (stack: SlackStack, payload: unknown, opts: { timestamp?: number; secret?: string } = {}) =>
  postSigned(stack.url, opts.secret ?? SECRET, interactiveBody(payload), opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {});

export const alertButton = (f: SlackFixture, id: string) =>
  ({ id, value: encodeAction({ v: 1, org: f.orgId, case: f.alertCase.caseId, ver: f.alertCase.version, inv: f.alertCase.invoiceId }) });

export const escalationButton = (f: SlackFixture, id: 'approve' | 'reject') =>
  ({ id, value: encodeAction({ v: 1, org: f.orgId, case: f.escalatedCase.caseId, ver: f.escalatedCase.version, esc: f.escalation.id }) });

/** Polls until `check` holds (the work after the ack is asynchronous). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<Exclude<T, null | undefined | false>> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== false && v !== undefined && v !== null) return v as Exclude<T, null | undefined | false>;
    } catch (e) { last = e; }
    if (Date.now() > until) throw last instanceof Error ? last : new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A started jobs runtime that sends through the stack's real Slack port: its own queue prefix, no maintenance jobs. */
export async function startSlackJobs(db: Db, stack: SlackStack,
  opts: Pick<JobsRuntimeOptions, 'now' | 'workers' | 'prefix'> = {}): Promise<JobsRuntime> {
  const rt = createJobsRuntime({ db, redisUrl: inject('redisUrl'), prefix: opts.prefix ?? `{duebot-t-${randomUUID().slice(0, 8)}}`,
    ports: { slack: stack.slack.port }, log: pino({ level: 'silent' }), maintenance: false,
    ...(opts.workers ? { workers: opts.workers } : {}), ...(opts.now ? { now: opts.now } : {}) });
  await rt.start();
  return rt;
}
