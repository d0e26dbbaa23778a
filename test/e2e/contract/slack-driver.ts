// The Slack driver: the real Bolt adapter behind our HTTP server (POST /slack/events), the fake
// Slack Web API behind a recording hop, and requests as Slack sends them — a slash command
// `/ar …` as form fields (with Slack's escaping of & < >), a button click as a block_actions
// payload naming the message it sits on — each signed with the signing secret (v0 HMAC).
import type http from 'node:http';
import { pino } from 'pino';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.js';
import { actionIdOf } from '../../../adapters/slack/render.js';
import type { ChatPort, PlatformName } from '../../../src/chat/port.js';
import { createChat } from '../../../src/chat/router.js';
import { createHttpServer, listen } from '../../../src/server/http-server.js';
import { linkWorkspace } from '../../../src/services/orgs.js';
import type { Db } from '../../../src/store/connection.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../support/fake-slack-api.js';
import { commandBody, interactiveBody, postSigned } from '../../support/slack-signing.js';
import { testDeliveries, type TestDeliveries } from '../../support/test-deliveries.js';
import { DEMO_SLUG, labelMatches, NOW, platformIdentity, Transcript, type Driver, type DriverOptions } from './driver.js';
import { startSlackApiRecorder, type RecordedSlackCall, type SlackApiRecorder } from './slack-api-recorder.js';

const SECRET = 'contract-signing-secret';
const TEAM = 'T0CONTRACT';
const APP = 'A0CONTRACT';
/** Slack shows an error when a command or click is not acknowledged within 3 s. */
const ACK_LIMIT_MS = 3000;
const CHANNEL = { id: 'C0ARCOLL', name: 'ar-collections' };

/** A message the bot has in Slack now (updates applied), as far as a click needs it. */
interface SlackMessage {
  channel: string;
  ts: string;
  ephemeral: boolean;
  threadTs?: string;
  text: string;
  blocks: any[];
  attachments: any[];
}

/** Slack escapes these three in a slash command's text (and in message text). */
const escapeSlack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescapeSlack = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The words a Block Kit message shows, one line per block; buttons as [label]. */
export function slackText(m: { text?: string; blocks?: any[]; attachments?: any[] }): string {
  const lines: string[] = [];
  const textOf = (t: any): string => (t && typeof t.text === 'string' ? unescapeSlack(t.text) : '');
  const walk = (blocks: any[] | undefined) => {
    for (const b of blocks ?? []) {
      if (b.type === 'header' || (b.type === 'section' && b.text)) lines.push(textOf(b.text));
      if (b.type === 'section' && Array.isArray(b.fields)) lines.push(b.fields.map(textOf).join('\n'));
      if (b.type === 'context') lines.push((b.elements ?? []).map(textOf).join(' '));
      if (b.type === 'actions') lines.push((b.elements ?? []).filter((e: any) => e.type === 'button').map((e: any) => `[${textOf(e.text)}]`).join(' '));
    }
  };
  walk(m.blocks);
  for (const a of m.attachments ?? []) walk(a.blocks);
  return lines.filter(Boolean).join('\n') || unescapeSlack(m.text ?? '');
}

function buttonsOf(m: SlackMessage): { block: any; button: any }[] {
  const out: { block: any; button: any }[] = [];
  for (const block of [...m.blocks, ...m.attachments.flatMap((a) => a.blocks ?? [])]) {
    if (block.type !== 'actions') continue;
    for (const button of block.elements ?? []) if (button.type === 'button') out.push({ block, button });
  }
  return out;
}

export function slackDriver(opts: DriverOptions = {}): Driver {
  let db: Db;
  let fake: FakeSlackApi;
  let recorder: SlackApiRecorder;
  let slack: SlackAdapter;
  let server: http.Server;
  let url: string;
  let me: { id: string; name: string } = { id: '', name: '' };
  let seen = 0;
  let seq = 0;
  let last: string | undefined;
  let deliveries: TestDeliveries;
  const messages: SlackMessage[] = [];
  const transcript = new Transcript();

  /** Takes in what the bot sent since the last look: the transcript, and the messages as they stand. */
  function ingest(): void {
    for (const c of recorder.calls.slice(seen)) record(c);
    seen = recorder.calls.length;
  }

  function record(c: RecordedSlackCall): void {
    const b = c.body;
    const content = { text: String(b.text ?? ''), blocks: b.blocks ?? [], attachments: b.attachments ?? [] };
    switch (c.method) {
      case 'chat.postMessage': {
        const channel = String(c.answer.channel ?? b.channel);
        const where = channel.startsWith('D') ? `direct message ${channel}` : b.thread_ts ? `thread of ${b.thread_ts} in #${channel}` : `#${channel}`;
        messages.push({ channel, ts: String(c.answer.ts), ephemeral: false, ...(b.thread_ts ? { threadTs: String(b.thread_ts) } : {}), ...content });
        transcript.add(`${where} · ${c.answer.ts}`, slackText(content));
        break;
      }
      case 'chat.update': {
        const m = messages.find((x) => x.channel === b.channel && x.ts === b.ts);
        if (m) Object.assign(m, content);
        transcript.add(`${b.ts} updated`, slackText(content));
        break;
      }
      case 'chat.postEphemeral':
        messages.push({ channel: String(b.channel), ts: String(c.answer.message_ts), ephemeral: true, ...content });
        transcript.add(`only visible to ${b.user} in #${b.channel}`, slackText(content));
        break;
      case 'response_url':
        transcript.add(`response_url${b.replace_original ? ' (replaces the message)' : ''}`, slackText(content));
        break;
      case 'views.open':
        transcript.add('modal', `${b.view?.title?.text ?? ''}\n${slackText({ blocks: b.view?.blocks ?? [] })}`);
        break;
      default:
        break;   // auth.test, conversations.open, users.info: no message
    }
  }

  async function deliver(body: string): Promise<void> {
    last = body;
    const res = await postSigned(url, SECRET, body);
    if (res.status !== 200) throw new Error(`slack: POST /slack/events answered ${res.status} ${res.text}`);
    if (res.ms > ACK_LIMIT_MS) throw new Error(`slack: answered after ${Math.round(res.ms)} ms; Slack gives up after 3 s`);
    // The work after the ack is queued before the ack's answer reaches us: wait for all of it.
    await slack.settled();
    // …and what it changed leaves through the delivery queue: done when nothing is left to send.
    await deliveries.settled();
    ingest();
  }

  return {
    platform: 'slack',
    async setup(database) {
      db = database;
      const log = pino({ level: process.env.E2E_LOG ?? 'silent' });
      fake = await startFakeSlackApi({ teamId: TEAM });
      recorder = await startSlackApiRecorder(fake);
      const ports: Partial<Record<PlatformName, ChatPort>> = {};
      deliveries = testDeliveries({ db, ports, now: () => NOW, ...(opts.mailer ? { mailer: opts.mailer } : {}) });
      const chat = createChat({ db, log, now: () => NOW, outbox: deliveries.outbox });
      slack = createSlackAdapter({ chat, db, log, config: { signingSecret: SECRET, botToken: 'xoxb-contract', apiUrl: recorder.url }, locale: 'zh-CN' });
      ports.slack = slack.port;
      await slack.start();
      await deliveries.start();
      server = createHttpServer({ routes: { 'POST /slack/events': slack.handler }, ready: async () => ({}), log });
      url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}/slack/events`;
      // `duebot workspace link slack T0CONTRACT --org demo`
      await linkWorkspace(db, 'slack', TEAM, DEMO_SLUG, 'Demo');
    },
    async as(email) {
      me = { id: await platformIdentity(db, 'slack', email, (userId) => `U0CT${userId}`), name: email.split('@')[0]! };
    },
    async command(text) {
      const n = ++seq;
      return deliver(commandBody({
        token: 'legacy', team_id: TEAM, team_domain: 'demo', channel_id: CHANNEL.id, channel_name: CHANNEL.name,
        user_id: me.id, user_name: me.name, command: '/ar', text: escapeSlack(text), api_app_id: APP, is_enterprise_install: 'false',
        response_url: recorder.responseUrl(`cmd-${n}`), trigger_id: `${n}.1.contract`,
      }));
    },
    async press(actionId, matcher) {
      ingest();
      for (const m of [...messages].reverse()) {
        const hit = buttonsOf(m).find(({ button }) => actionIdOf(button.action_id) === actionId && labelMatches(button.text?.text ?? '', matcher));
        if (!hit) continue;
        const n = ++seq;
        const payload = {
          type: 'block_actions',
          user: { id: me.id, username: me.name, name: me.name, team_id: TEAM },
          api_app_id: APP, token: 'legacy',
          container: { type: 'message', message_ts: m.ts, channel_id: m.channel, is_ephemeral: m.ephemeral },
          trigger_id: `${n}.1.contract`,
          team: { id: TEAM, domain: 'demo' }, enterprise: null, is_enterprise_install: false,
          channel: { id: m.channel, name: CHANNEL.name },
          // Slack sends the message for a click on a message everyone sees, not on an ephemeral one.
          ...(m.ephemeral ? {} : { message: { type: 'message', subtype: 'bot_message', bot_id: 'BBOT', ts: m.ts, text: m.text,
            blocks: m.blocks, ...(m.attachments.length ? { attachments: m.attachments } : {}), ...(m.threadTs ? { thread_ts: m.threadTs } : {}) } }),
          state: { values: {} },
          response_url: recorder.responseUrl(`btn-${n}`),
          actions: [{
            action_id: hit.button.action_id, block_id: hit.block.block_id ?? `b${n}`, text: hit.button.text, value: hit.button.value,
            ...(hit.button.style ? { style: hit.button.style } : {}), type: 'button', action_ts: `${Math.floor(Date.now() / 1000)}.000${n}`,
          }],
        };
        return deliver(interactiveBody(payload));
      }
      throw new Error(`slack: no message with a ${actionId} button matching ${String(matcher)}`);
    },
    async replay() {
      if (!last) throw new Error('slack: nothing to replay');
      await deliver(last);
    },
    transcript: () => { if (recorder) ingest(); return transcript.toString(); },
    get deliveries() { return deliveries; },
    callsFor: (deliveryId) => fake.calls.filter((c) => c.body.metadata?.event_type === 'duebot_delivery'
      && String(c.body.metadata?.event_payload?.delivery_id) === deliveryId).length,
    async teardown() {
      await slack?.stop();
      await deliveries?.stop();
      if (server) await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
      await recorder?.close();
      await fake?.close();
      fake?.assertNothingRefused();
    },
  };
}
