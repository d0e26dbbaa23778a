// The ChatPort for Slack: post, update, reply in thread, direct message, ephemeral, modal.
// Calls go through one WebClient with rejectRateLimitedCalls; every refusal is thrown as the
// PlatformError delivery sorts by (jobs/platform-error.ts): a 429 is `rate_limited` with its
// Retry-After, so the caller (a job) reschedules instead of anyone sleeping here.
import type { webApi } from '@slack/bolt';
import type { Form, Locale, Message } from '../../src/chat/message.js';
import type { ChatImage, ChatPort, MessageRef } from '../../src/chat/port.js';
import { PlatformError, slackPlatformError } from '../../jobs/platform-error.js';
import { blockKitViolations } from './block-kit-limits.js';
import { renderModal, type ModalPlace } from './modal.js';
import type { MentionIds } from './mrkdwn.js';
import { mentionedUserIds, renderMessage, type SlackMessage } from './render.js';
import type { Logger } from 'pino';
import { DEFAULT_LOCALE } from '../../src/domain/locale.js';

/** The metadata event type of every message the jobs post (Slack message metadata). */
export const DELIVERY_EVENT_TYPE = 'duebot_delivery';

export interface SlackPortDeps {
  client: webApi.WebClient;
  log: Logger;
  /** Slack ids of the duebot users a message mentions (empty map: names are shown). */
  mentions: (userIds: number[]) => Promise<MentionIds>;
  /** The language of Slack's own words (button confirmations, references) when a send names none. */
  locale?: Locale;
}

export interface SlackPort extends ChatPort {
  /** A message rendered for Slack, mentions resolved. */
  render(message: Message, locale?: Locale): Promise<SlackMessage>;
  /** Opens a modal whose submission is answered in `channelId` (and `threadId`), in `locale`. */
  openModal(triggerId: string, form: Form, where?: ModalPlace): Promise<void>;
}

/** WebClient's errors (@slack/web-api ErrorCode) as PlatformErrors. */
export function toPlatformError(e: unknown, method: string): PlatformError {
  const err = e as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  let mapped: PlatformError;
  switch (err.code) {
    case 'slack_webapi_rate_limited_error':
      mapped = slackPlatformError({ status: 429, retryAfter: err.retryAfter === undefined ? null : String(err.retryAfter) });
      break;
    case 'slack_webapi_platform_error':
      mapped = slackPlatformError({ status: 200, error: err.data?.error ?? 'unknown_error' });
      break;
    case 'slack_webapi_http_error':
      mapped = slackPlatformError({ status: err.statusCode ?? 0 });
      break;
    default:
      mapped = new PlatformError('transient', 'request_error');
  }
  return new PlatformError(mapped.code, mapped.reason, mapped.retryAfterMs, `slack ${method}: ${mapped.message}`);
}

/** One Web API call; a refusal becomes a PlatformError naming the method. */
export async function slackCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toPlatformError(e, method);
  }
}

/**
 * Slack's external upload (files.upload is retired): files.getUploadURLExternal with the exact
 * length, the bytes POSTed to the returned upload_url, then files.completeUploadExternal. No
 * channel is given: the file stays the bot's until a post shows it in an image block by its id.
 */
/**
 * Slack's upload (files.upload is retired): files.getUploadURLExternal → the bytes to the URL →
 * files.completeUploadExternal, shared into `share` when given. Returns the file id.
 */
export async function uploadSlackFile(client: webApi.WebClient, f: { bytes: Buffer; filename: string; title: string },
  share?: { channelId: string; threadTs?: string }): Promise<string> {
  const target = await slackCall('files.getUploadURLExternal', () => client.files.getUploadURLExternal({
    filename: f.filename, length: f.bytes.length,
  }));
  if (!target.upload_url || !target.file_id) throw new PlatformError('permanent', 'invalid_response', undefined, 'slack files.getUploadURLExternal answered without upload_url');
  let res: Response;
  try {
    res = await fetch(target.upload_url, { method: 'POST', body: new Uint8Array(f.bytes), headers: { 'content-type': 'application/octet-stream' } });
  } catch {
    throw new PlatformError('transient', 'request_error', undefined, 'slack file upload: request failed');
  }
  if (!res.ok) {
    const mapped = slackPlatformError({ status: res.status, retryAfter: res.headers.get('retry-after') });
    throw new PlatformError(mapped.code, mapped.reason, mapped.retryAfterMs, `slack file upload: ${mapped.message}`);
  }
  await slackCall('files.completeUploadExternal', () => client.files.completeUploadExternal({
    files: [{ id: target.file_id!, title: f.title }],
    ...(share ? { channel_id: share.channelId, ...(share.threadTs ? { thread_ts: share.threadTs } : {}) } : {}),
  } as Parameters<typeof client.files.completeUploadExternal>[0]));
  return target.file_id;
}

/** An image for an image block: uploaded, not shared (the post that shows it shares it). */
export function uploadSlackImage(client: webApi.WebClient, image: ChatImage): Promise<string> {
  return uploadSlackFile(client, { bytes: image.png, filename: image.filename, title: image.title });
}

export function createSlackPort(deps: SlackPortDeps): SlackPort {
  const { client, log } = deps;
  const dmChannels = new Map<string, string>();

  const render = async (message: Message, locale?: Locale): Promise<SlackMessage> => {
    const ids = mentionedUserIds(message);
    const out = renderMessage(message, { locale: locale ?? deps.locale ?? DEFAULT_LOCALE, mentions: ids.length ? await deps.mentions(ids) : new Map() });
    const problems = blockKitViolations(out);
    if (problems.length) log.warn({ problems }, 'slack message breaks Block Kit limits');
    return out;
  };

  // postMessage rejects an empty `blocks`/`attachments` array less predictably than a missing one.
  const content = (m: SlackMessage) => ({
    text: m.text,
    ...(m.blocks.length ? { blocks: m.blocks } : {}),
    ...(m.attachments.length ? { attachments: m.attachments } : {}),
  });

  const post = async (channelId: string, message: Message, opts: { threadOf?: MessageRef; locale?: Locale; deliveryId?: string } = {}): Promise<MessageRef> => {
    const threadTs = opts.threadOf ? opts.threadOf.threadId ?? opts.threadOf.messageId : undefined;
    const m = await render(message, opts.locale);
    // The delivery id rides in the message's metadata, so a send whose outcome was unknown is
    // found in the history (findDelivered) instead of posted again. The queue retries a failed
    // post: the client that sends it has its own retries off (index.ts).
    const res = await slackCall('chat.postMessage', () => client.chat.postMessage({
      channel: channelId, ...content(m), unfurl_links: false, unfurl_media: false, ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(opts.deliveryId ? { metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery_id: opts.deliveryId } } } : {}),
    }));
    if (!res.ts) throw new Error('slack chat.postMessage answered without a ts');
    return { platform: 'slack', channelId: res.channel ?? channelId, messageId: res.ts, ...(threadTs ? { threadId: threadTs } : {}) };
  };

  const dmChannel = async (externalUserId: string): Promise<string> => {
    let channel = dmChannels.get(externalUserId);
    if (!channel) {
      const res = await slackCall('conversations.open', () => client.conversations.open({ users: externalUserId }));
      channel = res.channel?.id;
      if (!channel) throw new Error('slack conversations.open answered without a channel');
      if (dmChannels.size > 5000) dmChannels.clear();
      dmChannels.set(externalUserId, channel);
    }
    return channel;
  };

  return {
    platform: 'slack',
    capabilities: { forms: 'modal', ephemeral: true, updateWindowMs: null },
    render,
    post,
    async update(ref, message, opts = {}) {
      const m = await render(message, opts.locale);
      // chat.update keeps blocks/attachments that are not sent: empty arrays clear them.
      await slackCall('chat.update', () => client.chat.update({
        channel: ref.channelId, ts: ref.messageId, text: m.text, blocks: m.blocks, attachments: m.attachments,
      }));
    },
    async dm(externalUserId, message, opts = {}) {
      return post(await dmChannel(externalUserId), message, opts);
    },
    async findDelivered(where, deliveryId, since) {
      const channel = where.channelId ?? await dmChannel(where.externalUserId!);
      const threadTs = where.threadOf ? where.threadOf.threadId ?? where.threadOf.messageId : undefined;
      // include_all_metadata: the history answers each message's metadata (needs the *:history scopes).
      const oldest = String(Math.floor(since.getTime() / 1000) - 60);
      const res = await slackCall(threadTs ? 'conversations.replies' : 'conversations.history', () => (threadTs
        ? client.conversations.replies({ channel, ts: threadTs, oldest, include_all_metadata: true, limit: 200 })
        : client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200 })));
      const found = (res.messages ?? []).find((m) => {
        const md = (m as { metadata?: { event_type?: string; event_payload?: { delivery_id?: unknown } } }).metadata;
        return md?.event_type === DELIVERY_EVENT_TYPE && String(md.event_payload?.delivery_id) === deliveryId;
      });
      if (!found?.ts) return null;
      return { platform: 'slack', channelId: channel, messageId: found.ts, ...(threadTs ? { threadId: threadTs } : {}) };
    },
    async ephemeral(channelId, externalUserId, message, opts = {}) {
      const m = await render(message, opts.locale);
      await slackCall('chat.postEphemeral', () => client.chat.postEphemeral({ channel: channelId, user: externalUserId, ...content(m) }));
    },
    async openForm(trigger, form, opts = {}) {
      await slackCall('views.open', () => client.views.open({ trigger_id: trigger, view: renderModal(form, opts.locale ? { locale: opts.locale } : {}) }));
    },
    async openModal(triggerId, form, where = {}) {
      await slackCall('views.open', () => client.views.open({ trigger_id: triggerId, view: renderModal(form, where) }));
    },
    uploadImage: (_channelId, image) => uploadSlackImage(client, image),
    async sendFile(externalUserId, file, message, opts = {}) {
      // The message first (it carries the delivery id for findDelivered), the file in its thread.
      const channel = await dmChannel(externalUserId);
      const ref = await post(channel, message, opts);
      await uploadSlackFile(client, { bytes: file.bytes, filename: file.filename, title: file.title }, { channelId: channel, threadTs: ref.messageId });
      return ref;
    },
  };
}
