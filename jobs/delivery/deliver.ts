// The delivery processor: renders a queued delivery from PostgreSQL, takes a slot from the
// channel's and the app's budget, calls the platform, and records the attempt. Errors are sorted
// by PlatformError code: rate_limited waits (the budget key is pushed back so the whole channel
// waits, not just this job), transient retries with backoff, permanent is recorded with its
// reason and never retried.
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Message, Locale } from '../../src/chat/message.js';
import type { ChatFile, ChatImage, ChatPort, MessageRef, PlatformName, SendOptions } from '../../src/chat/port.js';
import { withImage } from '../../src/chat/with-image.js';
import type { Db } from '../../src/store/connection.js';
import { chartUploadFailures, deliveryLatency, rateLimitWaits } from '../../src/server/metrics.js';
import { classifyError, type PlatformError } from '../platform-error.js';
import type { BudgetName, RateBudget } from '../rate-budget.js';
import { claimKey, claimSending, recordAttempt, renewLease, SENDING_STALE_MS, type ClaimRequest, type DeliveryKind, type DeliveryRow } from './delivery-log.js';
import { BATCH_WINDOW_MS, batchLoader, batchWriter, recordSent, type SentRecord } from './batch.js';
import { DELIVERY_ATTEMPTS, type DeliveryJob } from './delivery-queue.js';

export type ChatMessageKind = 'alert' | 'digest' | 'case' | 'escalation' | 'report' | 'reminder' | 'kpi' | 'other';

/** What a delivery turns into when it is rendered. */
export type Outgoing =
  | { op: 'post'; channelId: string; message: Message; locale?: Locale; alternates?: SendOptions['alternates']; threadOf?: MessageRef;
      /** Recorded in chat_messages so later updates and thread replies find the message. */
      record?: { kind: ChatMessageKind; caseId?: number | null; invoiceId?: number | null; escalationId?: number | null };
      /**
       * The chart the post shows (issue 13), drawn only when the platform shows images and none
       * was uploaded for this delivery yet; null: nothing to draw. The text is posted without it
       * when drawing or uploading fails.
       */
      chart?: () => Promise<ChatImage | null> }
  | { op: 'dm'; externalUserId: string; message: Message; locale?: Locale }
  /** A file to one person, with the message saying what it is (the evidence file). */
  | { op: 'file'; externalUserId: string; file: ChatFile; message: Message; locale?: Locale }
  | { op: 'update'; ref: MessageRef; message: Message; locale?: Locale; alternates?: SendOptions['alternates'] }
  /** Nothing to send any more (the reminder was cancelled, the case closed…): recorded, not an error. */
  | { op: 'skip'; reason: string }
  /** Not yet (outside the recipient's working hours): the job waits until `until`. */
  | { op: 'defer'; until: Date; reason: string };

/** Renders one kind of delivery, and records what its sending means for its source. */
export interface DeliverySource {
  render(delivery: DeliveryRow): Promise<Outgoing>;
  /** After a send (or a skip): e.g. the reminder is marked sent. */
  settled?(delivery: DeliveryRow, outcome: { status: 'sent' | 'dropped' | 'failed'; ref?: MessageRef; reason?: string }): Promise<void>;
  /** For a delivery already done: a later one that this job should send instead (coalesced updates). */
  successor?(delivery: DeliveryRow): Promise<DeliveryRow | undefined>;
  /** A send of this kind marks its reminder sent (written in the same statement as the attempt). */
  marksReminderSent?: boolean;
  /**
   * A kind that is no chat message (email, issue 11) sends itself instead of going to a port:
   * `claim` is called just before its call leaves, so a delivery found 'sending' has an unknown
   * first outcome, which send() checks before trying again. `claim` throws when another job holds
   * the delivery: the kind lets it through and sends nothing. A transient failure is thrown
   * as a PlatformError('transient') and retried like any other; a permanent one comes back as
   * 'failed', already recorded by the kind (it is told to the people it concerns, not the admins).
   */
  send?(delivery: DeliveryRow, claim: () => Promise<void>): Promise<SelfSent>;
}

/** What a kind that sends itself reports. */
export type SelfSent =
  | { status: 'sent'; messageId: string }
  | { status: 'failed'; reason: string; detail: string }
  | { status: 'skip'; reason: string }
  | { status: 'defer'; until: Date; reason: string };

export interface DeliveryDeps {
  db: Db;
  ports: Partial<Record<PlatformName, ChatPort>>;
  /** Null: no pacing (the PostgreSQL backend of the demo paces in process). */
  budget: RateBudget;
  sources: Record<DeliveryKind, DeliverySource>;
  log: Logger;
  /** Told once per permanently failed delivery (the admin notice). */
  onPermanentFailure?(delivery: DeliveryRow, err: PlatformError): Promise<void>;
  /** Longest a job sleeps in process for its slot; longer waits go back to the delayed set. */
  horizonMs?: number;
  /** The clock of the records (tests control it). */
  now?: () => Date;
  /** A delivery still rate-limited after this many platform 429s fails (no endless loop). */
  maxRateLimited?: number;
  /** A send's claim holds for this long (default SENDING_STALE_MS), renewed every third of it while its call runs. */
  sendingStaleMs?: number;
}

/** The renewal of a claim's lease while its call runs. */
interface Lease { timer?: ReturnType<typeof setInterval>; renewing?: Promise<void> }
/**
 * A claim is renewed for at most this many leases: a call still running then is taken as hung, and
 * its delivery is left to whoever finds the lease lapsed (they look for the message first).
 */
const MAX_RENEWALS = 30;

/** Another job claimed the delivery first (claimSending): this one sends nothing. */
class ClaimLost extends Error {
  constructor() { super('another job claimed this delivery'); }
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
/** The shortest pause after a 429, whatever its Retry-After says. */
const MIN_RETRY_AFTER_MS = 50;
/** Channel waits up to this are slept in the worker; longer ones go back to the delayed set. */
const SHORT_WAIT_MS = 50;
/**
 * The budget "channel" of image uploads: paced like one channel of the platform and counted in
 * the app's budget, below the upload endpoints' own limits (Slack files.getUploadURLExternal and
 * files.completeUploadExternal are Tier 4, 100+/min; Lark im/v1/images 50/s).
 */
export const UPLOAD_BUDGET_CHANNEL = 'files:upload';

export function createDeliveryProcessor(deps: DeliveryDeps) {
  const horizon = deps.horizonMs ?? 1000;
  const maxRateLimited = deps.maxRateLimited ?? 20;

  const defer = async (job: Job<DeliveryJob>, token: string | undefined, untilMs: number): Promise<never> => {
    await job.moveToDelayed(untilMs, token);
    throw new DelayedError();
  };

  // The hot path in batches: the deliveries read and the sends recorded by concurrent jobs share
  // one statement each.
  const loadDelivery = batchLoader<{ orgId: number; id: string }, DeliveryRow>(async (keys) => {
    const rows = await deps.db.selectFrom('deliveries').selectAll()
      .where('org_id', 'in', [...new Set(keys.map((k) => k.orgId))]).where('id', 'in', keys.map((k) => k.id) as never[]).execute() as DeliveryRow[];
    return new Map(rows.map((r) => [`${r.org_id}:${r.id}`, r]));
  }, (k) => `${k.orgId}:${k.id}`, 200, BATCH_WINDOW_MS.load);
  const writeSent = batchWriter<SentRecord>((items) => recordSent(deps.db, items, deps.now?.() ?? new Date()), 200, BATCH_WINDOW_MS.sent);
  // The sending claims of concurrent jobs in one statement; of two asks for the same delivery in a
  // batch only the first can win (each ask has its own ticket).
  let tickets = 0;
  const staleMs = deps.sendingStaleMs ?? SENDING_STALE_MS;
  const claimOne = batchLoader<ClaimRequest & { ticket: number }, boolean>(async (asks) => {
    const won = await claimSending(deps.db, asks, staleMs);
    return new Map(asks.map((a) => [String(a.ticket), won.delete(claimKey(a))]));
  }, (a) => String(a.ticket), 200, BATCH_WINDOW_MS.sending);
  /**
   * Claims the delivery for this job's send, or throws ClaimLost. The claim's lease is renewed
   * every third of it until `release()` (called once the call has ended, whatever its outcome).
   */
  const leases = new Set<Lease>();
  const claim = async (d: DeliveryRow, lease: Lease): Promise<void> => {
    if (!await claimOne({ id: d.id, orgId: d.org_id, claim: d.claim, ticket: ++tickets })) throw new ClaimLost();
    const held = { id: d.id, orgId: d.org_id, claim: d.claim + 1 };
    let renewals = 0;
    leases.add(lease);
    lease.timer = setInterval(() => {
      if (++renewals > 3 * MAX_RENEWALS) {
        deps.log.warn({ deliveryId: String(d.id), orgId: d.org_id, kind: d.kind }, 'send still running after its longest lease: its claim is left to lapse');
        clearInterval(lease.timer);
        return;
      }
      lease.renewing = renewLease(deps.db, held, staleMs).catch((e: unknown) => deps.log.warn({ err: e, deliveryId: String(d.id) }, 'lease not renewed'));
    }, Math.max(1, Math.floor(staleMs / 3)));
    lease.timer.unref();
  };
  /** Stops the renewals, and waits for one under way (so none lands after the attempt is recorded). */
  const release = async (lease: Lease) => {
    clearInterval(lease.timer);
    leases.delete(lease);
    await lease.renewing;
  };

  /**
   * At shutdown, the calls still running are abandoned with their process: their claims are no
   * longer renewed, and lapse, so another worker takes them (looking for the message first).
   */
  const abandon = () => {
    for (const lease of leases) clearInterval(lease.timer);
    leases.clear();
  };

  return Object.assign(deliver, { abandon });

  async function deliver(job: Job<DeliveryJob>, token?: string): Promise<string> {
    let delivery = await loadDelivery({ orgId: job.data.orgId, id: job.data.deliveryId });
    if (!delivery) return 'missing';
    if (delivery.status !== 'queued' && delivery.status !== 'sending') {
      // Coalesced: this job's update was covered, but a later one of the same message may wait.
      const next = await deps.sources[delivery.kind]?.successor?.(delivery);
      if (!next) return delivery.status;
      delivery = next;
    }
    const source = deps.sources[delivery.kind];
    if (source?.send) return sendItself(job, token, delivery, source);
    const platform = delivery.platform as PlatformName;
    const port = deps.ports[platform];
    const ids = { id: delivery.id, orgId: delivery.org_id };
    if (!source || !port) {
      const reason = !source ? `no renderer for ${delivery.kind}` : `platform ${platform} is not configured in this worker`;
      await recordAttempt(deps.db, ids, { outcome: 'permanent', errorCode: 'not_configured', detail: reason, status: 'failed', reason: 'not_configured' });
      await source?.settled?.(delivery, { status: 'failed', reason: 'not_configured' });
      throw new UnrecoverableError(reason);
    }

    const out = await source.render(delivery);
    if (out.op === 'skip') {
      await recordAttempt(deps.db, ids, { outcome: 'skipped', detail: out.reason, status: 'dropped', reason: out.reason });
      await source.settled?.(delivery, { status: 'dropped', reason: out.reason });
      return 'dropped';
    }
    if (out.op === 'defer') {
      await recordAttempt(deps.db, ids, { outcome: 'deferred', detail: `${out.reason} until ${out.until.toISOString()}` });
      return defer(job, token, out.until.getTime());
    }

    const channel = out.op === 'dm' || out.op === 'file' ? `@${out.externalUserId}` : out.op === 'update' ? out.ref.channelId : out.channelId;
    // An upload is a call of its own: it takes its slot first (a post that will reuse this
    // delivery's image needs none).
    const uploads = out.op === 'post' && out.chart !== undefined && port.uploadImage !== undefined && delivery.image_id === null;
    if (uploads) {
      const upload = await takeSlot(platform, UPLOAD_BUDGET_CHANNEL);
      if ('until' in upload) return defer(job, token, upload.until);
      await sleep(upload.waitMs);
    }
    const slot = await takeSlot(platform, channel);
    if ('until' in slot) return defer(job, token, slot.until);

    // Exactly once, as far as the platforms allow: the delivery is marked 'sending' before the
    // call, so a job that finds it 'sending' (a timeout, a crash, a shutdown mid-call) knows the
    // first outcome is unknown and looks for the message before posting again (Slack: its delivery
    // metadata in the history); Lark is given the same uuid and sends one message per uuid.
    // Updates replace content: doing one twice shows the same thing. The mark is a claim, written
    // while the job waits for its slot: only the job whose claim wins goes on (a crash in the wait
    // costs one look in the history, never a second message).
    const deliveryId = String(delivery.id);
    const unknown = delivery.status === 'sending' && out.op !== 'update' && port.findDelivered !== undefined;
    let ref: MessageRef | null = null;
    const lease: Lease = {};
    try {
      await Promise.all([sleep(slot.waitMs), claim(delivery, lease)]);
      if (unknown) {
        ref = await port.findDelivered!(out.op === 'dm' || out.op === 'file' ? { externalUserId: out.externalUserId } : { channelId: out.channelId, ...(out.threadOf ? { threadOf: out.threadOf } : {}) },
          deliveryId, delivery.sending_at ?? delivery.created_at);
      }
      if (!ref) {
        if (out.op === 'post') {
          const image = out.chart && port.uploadImage ? await chartOf(delivery, out.channelId, out.chart, port) : null;
          const shown = (m: Message) => (image ? withImage(m, image) : m);
          const alternates = out.alternates
            ? Object.fromEntries(Object.entries(out.alternates).map(([l, m]) => [l, shown(m)])) as SendOptions['alternates'] : undefined;
          ref = await port.post(out.channelId, shown(out.message), { threadOf: out.threadOf, locale: out.locale, deliveryId, ...(alternates ? { alternates } : {}) });
        }
        else if (out.op === 'dm') ref = await port.dm(out.externalUserId, out.message, { locale: out.locale, deliveryId });
        else if (out.op === 'file') ref = await port.sendFile(out.externalUserId, out.file, out.message, { locale: out.locale, deliveryId });
        else { await port.update(out.ref, out.message, { locale: out.locale, ...(out.alternates ? { alternates: out.alternates } : {}) }); ref = out.ref; }
      }
    } catch (e) {
      await release(lease);
      if (e instanceof ClaimLost) return claimedElsewhere(job, token, delivery);
      return handleFailure(job, token, delivery, classifyError(e), channel);
    }
    await release(lease);

    const record = out.op === 'post' ? out.record : undefined;
    const marks = source.marksReminderSent === true;
    await writeSent({
      id: delivery.id, orgId: delivery.org_id, messageId: ref.messageId, reminderId: marks ? delivery.reminder_id : null,
      ...(record ? { chat: {
        platform, channelId: ref.channelId, messageId: ref.messageId, threadId: ref.threadId ?? null, kind: record.kind,
        caseId: record.caseId ?? null, invoiceId: record.invoiceId ?? null, escalationId: record.escalationId ?? null,
        // The platform's window counts from the send, on the runtime's clock (the update kind and
        // the card refresh compare it with that clock).
        updatableUntil: port.capabilities.updateWindowMs === null ? null
          : new Date((deps.now?.() ?? new Date()).getTime() + port.capabilities.updateWindowMs),
      } } : {}),
    });
    if (!marks) await source.settled?.(delivery, { status: 'sent', ref });
    deliveryLatency.observe({ platform }, Math.max(0, Date.now() - job.data.queuedAt) / 1000);
    return 'sent';
  }

  /**
   * A slot in the channel's and the app's budget: taken, to be used after `waitMs`, or not, and
   * the job comes back at `until`. Short waits are slept here; a channel that is busy for longer
   * sends the job back to the delayed set, so it does not hold a worker slot that another channel
   * could use.
   */
  async function takeSlot(platform: BudgetName, channel: string): Promise<{ waitMs: number } | { until: number }> {
    for (let tries = 0; ; tries++) {
      const slot = await deps.budget.reserve(platform, channel, horizon);
      if (slot.reserved) {
        if (slot.waitMs > 0) rateLimitWaits.inc({ platform, scope: slot.scope });
        return { waitMs: slot.waitMs };
      }
      rateLimitWaits.inc({ platform, scope: slot.scope });
      if (slot.waitMs <= SHORT_WAIT_MS && tries < 20) { await sleep(slot.waitMs); continue; }
      // Spread a backlog's wake-ups so they do not all come back at once.
      return { until: Date.now() + slot.waitMs + Math.floor(Math.random() * slot.waitMs) };
    }
  }

  /**
   * The image a post shows: the one this delivery already uploaded (a retry after an unknown
   * outcome shows the same image, uploaded once), else drawn and uploaded now and kept on the
   * delivery. A chart that cannot be drawn or uploaded is logged and left out: the post goes out
   * as text (issue 13: the text version stays), and people are told nothing broke. A rate limit is
   * the delivery's: it waits, nothing posted yet.
   */
  async function chartOf(delivery: DeliveryRow, channelId: string, chart: () => Promise<ChatImage | null>, port: ChatPort): Promise<{ imageId: string; alt: string } | null> {
    if (delivery.image_id !== null) return { imageId: delivery.image_id, alt: delivery.image_alt ?? '' };
    try {
      const image = await chart();
      if (!image) return null;
      const imageId = await port.uploadImage!(channelId, image);
      await deps.db.updateTable('deliveries').set({ image_id: imageId, image_alt: image.alt, updated_at: new Date() })
        .where('org_id', '=', delivery.org_id).where('id', '=', delivery.id as never).execute();
      return { imageId, alt: image.alt };
    } catch (e) {
      const err = classifyError(e);
      if (err.code === 'rate_limited') throw err;
      chartUploadFailures.inc({ platform: delivery.platform, kind: delivery.kind });
      deps.log.warn({ deliveryId: String(delivery.id), orgId: delivery.org_id, kind: delivery.kind, platform: delivery.platform, code: err.code, reason: err.reason },
        'chart not shown: drawing or uploading it failed; the post goes out as text');
      return null;
    }
  }

  /**
   * A kind that is not a chat message: no port; the same log, retries and states. Email takes a slot
   * in its own budget (the relay's, and the recipients' domain's) before the SMTP conversation.
   */
  async function sendItself(job: Job<DeliveryJob>, token: string | undefined, delivery: DeliveryRow, source: DeliverySource): Promise<string> {
    const ids = { id: delivery.id, orgId: delivery.org_id };
    if (delivery.platform === 'email') {
      const slot = await takeSlot('email', recipientDomain(delivery.channel_id));
      if ('until' in slot) return defer(job, token, slot.until);
      await sleep(slot.waitMs);
    }
    let r: SelfSent;
    const lease: Lease = {};
    try {
      r = await source.send!(delivery, () => claim(delivery, lease));
    } catch (e) {
      await release(lease);
      if (e instanceof ClaimLost) return claimedElsewhere(job, token, delivery);
      return handleFailure(job, token, delivery, classifyError(e), delivery.channel_id);
    }
    await release(lease);
    if (r.status === 'skip') {
      await recordAttempt(deps.db, ids, { outcome: 'skipped', detail: r.reason, status: 'dropped', reason: r.reason });
      return 'dropped';
    }
    if (r.status === 'defer') {
      await recordAttempt(deps.db, ids, { outcome: 'deferred', detail: `${r.reason} until ${r.until.toISOString()}` });
      return defer(job, token, r.until.getTime());
    }
    if (r.status === 'failed') {
      await recordAttempt(deps.db, ids, { outcome: 'permanent', errorCode: r.reason, detail: r.detail, status: 'failed', reason: r.reason });
      throw new UnrecoverableError(`${r.reason}: ${r.detail}`);
    }
    await recordAttempt(deps.db, ids, { outcome: 'sent', status: 'sent', messageId: r.messageId });
    deliveryLatency.observe({ platform: delivery.platform }, Math.max(0, Date.now() - job.data.queuedAt) / 1000);
    return 'sent';
  }

  /**
   * Another job claimed this delivery first (reconcile's copy after Redis lost the jobs, beside the
   * live worker's own), or holds its lease. Its call may be under way, and no history shows the
   * message yet: this job comes back when a lease taken now would lapse, and then finds the
   * delivery sent, claims it if that worker died (looking for the message before sending it), or
   * waits again if that worker is still in its call.
   */
  async function claimedElsewhere(job: Job<DeliveryJob>, token: string | undefined, delivery: DeliveryRow): Promise<never> {
    deps.log.info({ deliveryId: String(delivery.id), orgId: delivery.org_id, kind: delivery.kind },
      'delivery claimed by another job: this one waits until that send has surely ended');
    return defer(job, token, Date.now() + staleMs);
  }

  async function handleFailure(job: Job<DeliveryJob>, token: string | undefined, delivery: DeliveryRow, err: PlatformError, channel: string): Promise<never> {
    const ids = { id: delivery.id, orgId: delivery.org_id };
    const platform = delivery.platform as PlatformName;
    const source = deps.sources[delivery.kind]!;
    if (err.code === 'rate_limited') {
      // The platform's own Retry-After, as given (Slack's and Lark's are whole seconds); 1 s when it
      // says nothing, and never less than MIN_RETRY_AFTER_MS (a 0 must not make us hammer it).
      const wait = Math.max(err.retryAfterMs ?? 1000, MIN_RETRY_AFTER_MS);
      const scope = err.reason === 'app_rate_limited' ? 'app' : 'channel';
      await deps.budget.penalize(platform, scope, channel, wait);
      rateLimitWaits.inc({ platform, scope: 'platform' });
      const limited = await deps.db.selectFrom('delivery_attempts').select((eb) => eb.fn.countAll<string>().as('n'))
        .where('org_id', '=', delivery.org_id).where('delivery_id', '=', delivery.id as never).where('outcome', '=', 'rate_limited')
        .executeTakeFirstOrThrow();
      // BullMQ does not count a delayed job as an attempt: we count 429s ourselves.
      if (Number(limited.n) + 1 >= maxRateLimited) {
        await recordAttempt(deps.db, ids, { outcome: 'rate_limited', errorCode: err.reason, detail: err.message, status: 'failed', reason: 'rate_limited_too_often' });
        await source.settled?.(delivery, { status: 'failed', reason: 'rate_limited_too_often' });
        throw new UnrecoverableError('rate limited too often');
      }
      // A 429 is a refusal: nothing was sent, so the next try need not look for it.
      await recordAttempt(deps.db, ids, { outcome: 'rate_limited', errorCode: err.reason, detail: `retry after ${wait} ms`, status: 'queued' });
      return defer(job, token, Date.now() + wait);
    }
    if (err.code === 'permanent') {
      await recordAttempt(deps.db, ids, { outcome: 'permanent', errorCode: err.reason, detail: err.message, status: 'failed', reason: err.reason });
      await source.settled?.(delivery, { status: 'failed', reason: err.reason });
      await deps.onPermanentFailure?.(delivery, err).catch((e) => deps.log.warn({ err: e }, 'admin notice failed'));
      throw new UnrecoverableError(`${err.reason}: ${err.message}`);
    }
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? DELIVERY_ATTEMPTS);
    await recordAttempt(deps.db, ids, {
      outcome: 'transient', errorCode: err.reason, detail: err.message,
      ...(last ? { status: 'failed' as const, reason: `gave_up_after_retries:${err.reason}` } : {}),
    });
    if (last) {
      await source.settled?.(delivery, { status: 'failed', reason: `gave_up_after_retries:${err.reason}` });
      await deps.onPermanentFailure?.(delivery, err).catch((e) => deps.log.warn({ err: e }, 'admin notice failed'));
    }
    throw err;
  }
}

/** The domain of an email delivery's first recipient (its channel holds the recipients, comma-separated). */
export function recipientDomain(recipients: string): string {
  const first = recipients.split(',')[0]!.trim().toLowerCase();
  const at = first.lastIndexOf('@');
  return at < 0 ? first : first.slice(at + 1);
}
