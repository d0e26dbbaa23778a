// A Bolt Receiver fed by our HTTP server (POST /slack/events), so Slack shares the process's one
// port, health checks and metrics. Every request is verified on its raw bytes before anything
// else; a bad one gets 401 and goes no further. Then it is parsed and handed to
// `app.processEvent` with an `ack` that writes the HTTP response at once.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from 'pino';
import type { RouteHandler } from '../../src/server/http-server.js';
import { errorSummary } from './people.js';

/** Slack's replay window: a request more than 5 minutes off our clock, either way, is refused. */
export const MAX_SKEW_SECONDS = 5 * 60;

/**
 * Checks `X-Slack-Signature` = 'v0=' + HMAC-SHA256(secret, `v0:${timestamp}:${body}`), compared in
 * constant time, and the timestamp within MAX_SKEW_SECONDS of now in both directions (Bolt's own
 * check lets future timestamps through). Returns null when valid, else the reason (for the log).
 */
export function verifySlackSignature(opts: {
  signingSecret: string; timestamp: string | undefined; signature: string | undefined; body: Buffer; nowMs: number;
}): string | null {
  const { timestamp, signature } = opts;
  if (!opts.signingSecret) return 'no signing secret configured';
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'missing or malformed x-slack-request-timestamp';
  if (Math.abs(Math.floor(opts.nowMs / 1000) - Number(timestamp)) > MAX_SKEW_SECONDS) return 'timestamp outside the 5-minute window';
  if (!signature || !signature.startsWith('v0=')) return 'missing or unknown x-slack-signature';
  const hmac = createHmac('sha256', opts.signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(opts.body);
  const expected = Buffer.from(`v0=${hmac.digest('hex')}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature mismatch';
  return null;
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Slash commands are form fields; interactivity is `payload=<JSON>`; events are JSON. */
export function parseSlackBody(body: Buffer, contentType: string | undefined): Record<string, any> | null {
  const text = body.toString('utf8');
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  try {
    if (type === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(text);
      const payload = form.get('payload');
      if (payload !== null) return JSON.parse(payload) as Record<string, any>;
      return Object.fromEntries(form);
    }
    if (type === 'application/json') {
      const parsed = JSON.parse(text) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, any>) : null;
    }
  } catch {
    return null;
  }
  return null;
}

export interface DuebotReceiverOptions {
  signingSecret: string;
  log: Logger;
  now?: () => Date;
  /** Answer 200 after this long if no listener acknowledged (Slack gives up at 3 s). */
  ackTimeoutMs?: number;
  /** How many recent event ids are remembered to drop Slack's retries cheaply. */
  recentEvents?: number;
}

export class DuebotReceiver implements Receiver {
  private app: App | undefined;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly recent = new Map<string, true>();
  private readonly inflight = new Set<Promise<unknown>>();
  private unacked = 0;
  private lastRequestAt = 0;

  constructor(private readonly opts: DuebotReceiverOptions) {
    this.log = opts.log;
    this.now = opts.now ?? (() => new Date());
  }

  init(app: App): void {
    this.app = app;
  }

  /**
   * True while requests are waiting for their ack, or one arrived in the last `quietMs` (more are
   * likely on their way in a burst): the work queue lets them go first.
   */
  busy(quietMs = 20): boolean {
    return this.unacked > 0 || performance.now() - this.lastRequestAt < quietMs;
  }

  /** The HTTP server owns the port: nothing to start. */
  async start(): Promise<void> {}

  /** Waits (up to `timeoutMs`) for requests still being worked on after their ack. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await Promise.race([Promise.allSettled([...this.inflight]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  /** Lets a listener hand work that outlives the ack to the receiver, so stop() waits for it. */
  track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => {});
    return p;
  }

  readonly handler: RouteHandler = async (req, res, body) => {
    const reason = verifySlackSignature({
      signingSecret: this.opts.signingSecret,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      body,
      nowMs: this.now().getTime(),
    });
    if (reason) {
      this.log.warn({ reason }, 'slack request refused: failed verification');
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('invalid signature');
      return;
    }
    const parsed = parseSlackBody(body, header(req, 'content-type'));
    if (!parsed) {
      this.log.warn({ reason: 'unreadable_body', contentType: header(req, 'content-type') ?? null }, 'slack request refused: unreadable body');
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('unreadable body');
      return;
    }
    if (parsed.ssl_check === '1') {
      res.writeHead(200);
      res.end();
      return;
    }
    if (parsed.type === 'url_verification') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ challenge: String(parsed.challenge ?? '') }));
      return;
    }
    // X-Slack-Retry-Num: Slack redelivers an event it thinks we missed. A retry of an event this
    // process already took is acknowledged and dropped here; elsewhere the event_id idempotency
    // key stops it in the chat layer.
    const retryNum = Number(header(req, 'x-slack-retry-num') ?? '') || undefined;
    const eventId = typeof parsed.event_id === 'string' ? parsed.event_id : undefined;
    if (eventId) {
      if (this.recent.has(eventId)) {
        this.log.info({ eventId, retryNum }, 'slack event redelivered: already taken');
        res.writeHead(200);
        res.end();
        return;
      }
      this.remember(eventId);
    }
    await this.dispatch(parsed, res, retryNum, header(req, 'x-slack-retry-reason'));
  };

  private remember(eventId: string) {
    this.recent.set(eventId, true);
    const max = this.opts.recentEvents ?? 2000;
    if (this.recent.size > max) this.recent.delete(this.recent.keys().next().value!);
  }

  private async dispatch(body: Record<string, any>, res: http.ServerResponse, retryNum?: number, retryReason?: string) {
    if (!this.app) throw new Error('slack receiver used before the Bolt app was created');
    let acked = false;
    this.unacked++;
    this.lastRequestAt = performance.now();
    const settle = () => { acked = true; this.unacked--; };
    const respond = (status: number, payload?: unknown) => {
      if (res.headersSent) return;
      if (payload === undefined || payload === '' || payload === null) {
        res.writeHead(status);
        res.end();
      } else if (typeof payload === 'string') {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(payload);
      } else {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      }
    };
    const timer = setTimeout(() => {
      if (acked) return;
      settle();
      this.log.warn({ type: body.type ?? body.command }, 'slack request not acknowledged in time: answered empty');
      respond(200);
    }, this.opts.ackTimeoutMs ?? 2500);
    const event: ReceiverEvent = {
      body,
      retryNum,
      retryReason,
      ack: async (response?: unknown) => {
        if (acked) return; // after the safety timeout: the answer has gone
        settle();
        clearTimeout(timer);
        respond(200, response);
      },
    };
    try {
      await this.track(this.app.processEvent(event));
    } catch (e) {
      this.log.error({ err: errorSummary(e) }, 'slack event processing failed');
      if (!acked) {
        settle();
        respond(500);
      }
    } finally {
      clearTimeout(timer);
      // No listener took it (an event type we do not handle): Slack still wants a 200.
      if (!acked) {
        settle();
        respond(200);
      }
    }
  }
}
