// The Slack adapter: a Bolt app whose requests arrive through our HTTP server (POST /slack/events)
// or, with an app-level token, over Socket Mode; and the ChatPort the chat layer and the jobs use
// to post, update, reply in threads, send direct messages and open modals in Slack.
import { App, LogLevel, SocketModeReceiver, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Chat } from '../../src/chat/chat.js';
import type { Locale } from '../../src/chat/message.js';
import { PLATFORM_CALL_TIMEOUT_MS } from '../../src/chat/port.js';
import { DEFAULT_LOCALE } from '../../src/domain/locale.js';
import type { RouteHandler } from '../../src/server/http-server.js';
import type { Db } from '../../src/services/database.js';
import { personLeft } from '../../src/services/people/person-left.js';
import { recheckChatLink } from '../../src/services/people/recheck-chat-link.js';
import type { ChatProfile } from '../../src/services/identity.js';
import { registerListeners } from './listeners.js';
import { createChannelLookup } from './channels.js';
import { createProfileLookup, createMentionLookup, errorSummary } from './people.js';
import { DuebotReceiver } from './receiver.js';
import { createSlackPort, type SlackPort } from './slack-port.js';
import { createWorkQueue } from './work-queue.js';

export interface SlackAdapterConfig {
  signingSecret: string;
  botToken: string;
  /** App-level token (xapp-…): Socket Mode instead of HTTP. */
  appToken?: string;
  /** Web API base (tests point it at a local fake); default Slack's. */
  apiUrl?: string;
}

export interface SlackAdapterOptions {
  chat: Chat;
  config: SlackAdapterConfig;
  log: Logger;
  now?: () => Date;
  /** For mentions: which duebot users are linked to Slack (chat_identities). Without it, names are shown. */
  db?: Db;
  /** Language of the adapter's own error answers when the chat layer could not answer (DUEBOT_LOCALE). */
  locale?: Locale;
  /** How many requests are worked on at once after their ack (default 4); the rest wait their turn. */
  workConcurrency?: number;
  /** How many requests may wait or run after their ack (default 1000); past it they are answered "busy". */
  workQueueLimit?: number;
  /** Longest wait for one Web API call (default 10 s); past it the outcome is unknown (a post is looked for before it is sent again). */
  apiTimeoutMs?: number;
}

export interface SlackAdapter {
  port: SlackPort;
  /** The handler for `POST /slack/events` (commands, interactivity, events). */
  handler: RouteHandler;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the work after every ack so far is done (tests; stop() waits for it too). */
  settled(): Promise<void>;
  /** The Bolt app, for tests and diagnostics. */
  app: App;
}

/** Bolt's logger interface over pino. Bolt's debug lines can hold payloads: they are dropped. */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack-bolt' });
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : '[object]')).join(' ');
  let level = LogLevel.INFO;
  return {
    debug: () => {},
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    error: (...msg) => child.error(text(msg)),
    setLevel: (l) => { level = l; },
    getLevel: () => level,
    setName: () => {},
  };
}

/** WebClient wants the base URL with a trailing slash. */
const apiBase = (url: string) => (url.endsWith('/') ? url : `${url}/`);

export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const { config, log } = opts;
  const logger = boltLogger(log);
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: apiBase(config.apiUrl) } : {}),
    // A 429 fails at once with Retry-After: never sleep inside a request (callers reschedule).
    rejectRateLimitedCalls: true,
    // Network errors and 5xx: two quick retries, never the default half-hour policy.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    timeout: opts.apiTimeoutMs ?? PLATFORM_CALL_TIMEOUT_MS,
    logger,
  };
  const client = new webApi.WebClient(config.botToken, clientOptions);

  const httpReceiver = new DuebotReceiver({ signingSecret: config.signingSecret, log, ...(opts.now ? { now: opts.now } : {}) });
  const socketReceiver = config.appToken ? new SocketModeReceiver({ appToken: config.appToken, logger }) : undefined;

  const app = new App({
    receiver: socketReceiver ?? httpReceiver,
    // One workspace per bot token. The token is all a listener needs; auth.test is not called
    // before each request (it would sit between Slack and our ack).
    authorize: async () => ({ botToken: config.botToken }),
    logger,
    clientOptions,
  });
  // In Socket Mode the HTTP route still works (same verification), Bolt just is not fed by it.
  if (socketReceiver) httpReceiver.init(app);

  // Which team this bot token belongs to (for mentions in messages the jobs post): asked once.
  let team: Promise<string | undefined> | undefined;
  const teamId = () => {
    team ??= client.auth.test().then((r) => r.team_id, (e) => {
      team = undefined;
      log.warn({ err: errorSummary(e) }, 'slack auth.test failed: check SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…)');
      return undefined;
    });
    return team;
  };
  const mentionLookup = createMentionLookup(opts.db, log);
  // Posts go through a client with no retries of its own: a post retried inside the client after a
  // timeout may be a second message. The delivery queue retries, after looking for the first
  // (message metadata, findDelivered).
  const postClient = new webApi.WebClient(config.botToken, { ...clientOptions, retryConfig: { retries: 0 } });
  const port = createSlackPort({ client: postClient, log, mentions: async (ids) => mentionLookup(await teamId(), ids), locale: opts.locale ?? DEFAULT_LOCALE });

  const queue = createWorkQueue(log, { concurrency: opts.workConcurrency ?? 4, acking: () => httpReceiver.busy(),
    ...(opts.workQueueLimit !== undefined ? { maxPending: opts.workQueueLimit } : {}) });
  registerListeners({
    app, chat: opts.chat, port, client, log, queue,
    profileOf: createProfileLookup(client, log),
    channels: createChannelLookup(client, log),
    mentions: (team, ids) => mentionLookup(team, ids),
    locale: opts.locale ?? DEFAULT_LOCALE,
    ...(opts.db ? {
      userLeft: (team: string, userId: string) => personLeft(opts.db!, 'slack', team, userId, opts.now?.()),
      profileChanged: async (team: string, userId: string, profile: ChatProfile) => {
        const r = await recheckChatLink(opts.db!, 'slack', team, userId, profile);
        if (r.status === 'unlinked') log.info({ slackUser: userId, reason: r.reason }, 'slack: email link removed after a profile change');
      },
    } : {}),
  });

  return {
    port,
    handler: httpReceiver.handler,
    app,
    async start() {
      if (socketReceiver) await app.start();
      void teamId();
    },
    settled: () => queue.drain(),
    async stop() {
      if (socketReceiver) await app.stop();
      await httpReceiver.stop();
      await queue.drain();
    },
  };
}
