// What the Bolt app does with each kind of request. Every listener acknowledges first (Slack
// wants an answer within 3 s) and hands the rest to the work queue: ask the chat layer, then
// answer in Slack. A modal opens before anything else is answered: its trigger_id dies 3 s after
// the click, so work that may open one does not wait in the queue.
import { createHash, randomBytes } from 'node:crypto';
import type { App, ButtonAction, RespondArguments, SlackAction, SlashCommand, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Chat } from '../../src/chat/chat.js';
import type { Locale, Message } from '../../src/chat/message.js';
import type { MessageRef } from '../../src/chat/port.js';
import type { ButtonRequest, ChatRequest, ChatResponse } from '../../src/chat/request.js';
import type { ChatProfile } from '../../src/services/identity.js';
import { errorView } from '../../src/chat/views/error.js';
import { parseCommand } from '../../src/chat/grammar.js';
import { respond } from '../../src/chat/respond.js';
import { isDuebotError } from '../../src/errors.js';
import { isPlatformError } from '../../jobs/platform-error.js';
import { FORM_CALLBACK_PREFIX, readSubmission, type SubmittedView } from './modal.js';
import { errorSummary, slackProfile, type ProfileLookup, type SlackUser } from './people.js';
import type { ChannelLookup } from './channels.js';
import { actionIdOf, mentionedUserIds, renderHome } from './render.js';
import type { SlackPort } from './slack-port.js';
import { slackCall } from './slack-port.js';
import type { WorkQueue } from './work-queue.js';

export interface ListenerDeps {
  app: App;
  chat: Chat;
  port: SlackPort;
  client: webApi.WebClient;
  log: Logger;
  /** Profile of a Slack user (users.info, cached), for linking by email. */
  profileOf: ProfileLookup;
  /** What a conversation is (shared with another organisation, a DM), for money figures. */
  channels: ChannelLookup;
  /** Slack ids of mentioned duebot users, for the App Home tab. */
  mentions: (teamId: string | undefined, userIds: number[]) => Promise<ReadonlyMap<number, string>>;
  /** The language of error answers when the chat layer could not say (the org default). */
  locale: Locale;
  /** Where the work after each ack runs. */
  queue: WorkQueue;
  /** A person was deactivated in the workspace (user_change with deleted: true). */
  userLeft?: (teamId: string, userId: string) => Promise<unknown>;
  /** A person's profile changed (user_change): an email link is checked again. */
  profileChanged?: (teamId: string, userId: string, profile: ChatProfile) => Promise<unknown>;
}

/** Buttons that open a form (the router answers them with one): their work must not wait. */
const FORM_BUTTONS = new Set(['log', 'promise', 'escalate']);

/** `/ar log`, `/ar promise`, `/ar escalate` without arguments open a modal. */
function opensForm(text: string): boolean {
  const parsed = parseCommand(text);
  return parsed.ok && 'form' in parsed.command && parsed.command.form === true;
}

/** Where an answer goes, and the handles Slack gave us to send it. */
interface Place {
  teamId: string;
  channelId: string;
  userId: string;
  responseUrl?: string;
  triggerId?: string;
  /** The message a button sits on. */
  messageTs?: string;
  threadTs?: string;
  isEphemeral?: boolean;
  /** Clicked in the App Home tab. */
  inHome?: boolean;
}

// Errors of chat.postMessage / postEphemeral that response_url can still get around: a channel
// the bot is not in, a DM between two other people, a private channel.
const UNREACHABLE = new Set(['channel_not_found', 'not_in_channel', 'user_not_in_channel', 'is_archived', 'restricted_action', 'cannot_dm_bot']);
const slackErrorOf = (e: unknown): string | undefined => (isPlatformError(e) ? e.reason : undefined);

/**
 * Slack sends a typed &, < and > as entities in a slash command's text (its escaping rule), and
 * with `should_escape` a picked person as `<@U…|name>`: the grammar wants the characters as typed.
 */
export const unescapeSlackText = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
export const newErrorRef = () => randomBytes(4).toString('hex');

/**
 * The key that makes a repeated click change nothing twice. Slack's redelivery of the same payload,
 * and a double click on the same button of the same message, carry the same message ts, action,
 * value (which names the case version) and user.
 */
export function buttonIdempotencyKey(body: { team?: { id?: string } | null; user: { id: string; team_id?: string }; container?: Record<string, any>; view?: { id?: string } },
  action: { action_id: string; value?: string; action_ts?: string }): string {
  const team = body.team?.id ?? body.user.team_id ?? '';
  const where = body.container?.message_ts ?? body.view?.id ?? action.action_ts ?? '';
  return `slack:btn:${team}:${where}:${action.action_id}:${shortHash(action.value ?? '')}:${body.user.id}`;
}

export function registerListeners(d: ListenerDeps): void {
  const { app, chat, port, log, queue } = d;

  const request = (p: Place, idempotencyKey?: string): ChatRequest => ({
    platform: 'slack',
    workspaceId: p.teamId,
    channelId: p.channelId,
    externalUserId: p.userId,
    lookupProfile: () => d.profileOf(p.userId),
    place: () => d.channels.place(p.channelId, p.userId),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });

  /** The chat layer answers refusals itself; anything it throws is shown with a reference. */
  const ask = async (what: string, call: () => Promise<ChatResponse>): Promise<ChatResponse> => {
    try {
      return await call();
    } catch (e) {
      const ref = newErrorRef();
      const code = isDuebotError(e) ? e.code : 'internal';
      log[code === 'internal' ? 'error' : 'warn']({ err: errorSummary(e), ref, what }, 'slack: the chat layer failed');
      return { outcome: 'failed', locale: d.locale, reply: { ...errorView({ code, ref }, d.locale), ephemeral: true, errorRef: ref }, changedCaseIds: [] };
    }
  };

  /** One step of an answer; a failed step is logged and the next still runs. */
  const step = async (what: string, run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
    } catch (e) {
      log.error({ err: errorSummary(e), what }, 'slack: answering failed');
    }
  };

  const viaResponseUrl = async (url: string | undefined, message: Message, locale: Locale, extra: Record<string, unknown>) => {
    if (!url) throw new Error('no response_url to fall back on');
    const m = await port.render(message, locale);
    const res = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: m.text, blocks: m.blocks, attachments: m.attachments, ...extra }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
  };

  const sendEphemeral = async (p: Place, message: Message, locale: Locale) => {
    if (!p.channelId) return port.dm(p.userId, message, { locale });
    try {
      await port.ephemeral(p.channelId, p.userId, message, { locale });
    } catch (e) {
      if (!p.responseUrl || !UNREACHABLE.has(slackErrorOf(e) ?? '')) throw e;
      await viaResponseUrl(p.responseUrl, message, locale, { response_type: 'ephemeral', replace_original: false });
    }
  };

  const sendPublic = async (p: Place, message: Message, locale: Locale, threadOf?: MessageRef) => {
    if (!p.channelId) return port.dm(p.userId, message, { locale });
    try {
      await port.post(p.channelId, message, { locale, ...(threadOf ? { threadOf } : {}) });
    } catch (e) {
      if (!p.responseUrl || !UNREACHABLE.has(slackErrorOf(e) ?? '')) throw e;
      await viaResponseUrl(p.responseUrl, message, locale, { response_type: 'in_channel', replace_original: false });
    }
  };

  const publishHome = async (teamId: string, userId: string, channelId: string, idempotencyKey?: string) => {
    const res = await ask('home', () => chat.handleText(request({ teamId, channelId, userId }, idempotencyKey), 'mine'));
    if (!res.reply) return;
    const ids = mentionedUserIds(res.reply);
    const view = renderHome(res.reply, { locale: res.locale, mentions: ids.length ? await d.mentions(teamId, ids) : new Map() });
    await slackCall('views.publish', () => d.client.views.publish({ user_id: userId, view }));
  };

  const busyMessage = (): Message => ({ ...errorView({ code: 'busy' }, d.locale), ephemeral: true });
  /** The queue was full: one direct answer through response_url (no queue, no database). */
  const tellBusy = async (p: Place) => {
    await step('busy', () => (p.responseUrl
      ? viaResponseUrl(p.responseUrl, busyMessage(), d.locale, { response_type: 'ephemeral', replace_original: false })
      : port.dm(p.userId, busyMessage(), { locale: d.locale })));
  };

  /** The one order of src/chat/respond.ts; in the asker's language; a failed step is logged and the next runs. */
  const answer = async (p: Place, res: ChatResponse) => {
    const locale = res.locale;
    await respond(res, {
      // The answer to the submitted form goes in the thread of the clicked message (not of an ephemeral one).
      form: async (form) => {
        if (!p.triggerId) return;
        const threadId = p.isEphemeral ? undefined : p.threadTs ?? p.messageTs;
        await port.openModal(p.triggerId, form, { channelId: p.channelId, locale, ...(threadId ? { threadId } : {}) });
      },
      // The source message is seen by everyone: the language of its own view, not the clicker's.
      replaceSource: async (message) => {
        if (!p.messageTs) return;
        await (p.isEphemeral
          ? viaResponseUrl(p.responseUrl, message, locale, { replace_original: true })
          : port.update({ platform: 'slack', channelId: p.channelId, messageId: p.messageTs }, message));
      },
      reply: async (message, r) => {
        const thread: MessageRef | undefined = p.messageTs && !p.isEphemeral
          ? { platform: 'slack', channelId: p.channelId, messageId: p.threadTs ?? p.messageTs } : undefined;
        try {
          // A refusal is for the asker only, whatever the view says.
          await (message.ephemeral || r.outcome !== 'done' ? sendEphemeral(p, message, locale) : sendPublic(p, message, locale, thread));
        } finally {
          // Clicked in the App Home tab: the tab shows the cases as they are now.
          if (p.inHome) await step('home', () => publishHome(p.teamId, p.userId, p.channelId));
        }
      },
      publish: (caseIds) => chat.publishCaseUpdates(caseIds),
      failed: (what, e) => log.error({ err: errorSummary(e), what }, 'slack: answering failed'),
    });
  };

  // `/ar …` (whatever the command is called in the manifest).
  app.command(/.*/, async ({ command, ack }: { command: SlashCommand; ack: (r?: RespondArguments) => Promise<void> }) => {
    if (queue.full) {
      // Shed load: the answer rides on the ack itself, nothing queued, nothing changed.
      await ack({ response_type: 'ephemeral', ...(await port.render(busyMessage())) } as RespondArguments);
      return;
    }
    await ack();
    const p: Place = {
      teamId: command.team_id, channelId: command.channel_id, userId: command.user_id,
      responseUrl: command.response_url, triggerId: command.trigger_id,
    };
    const text = unescapeSlackText(command.text ?? '');
    const taken = queue.push(async () => answer(p, await ask('command', () => chat.handleText(request(p, `slack:cmd:${command.trigger_id}`), text))),
      { urgent: opensForm(text), what: 'command' });
    if (!taken) void tellBusy(p);
  });

  // Buttons on messages and in the App Home tab.
  app.action({ type: 'block_actions' }, async ({ body, action, ack }) => {
    await ack();
    if ((action as { type?: string }).type !== 'button') return;
    const b = body as SlackAction & { type: 'block_actions' };
    const button = action as ButtonAction;
    const container = (b.container ?? {}) as Record<string, any>;
    const inHome = container.type === 'view' && b.view?.type === 'home';
    const p: Place = {
      teamId: b.team?.id ?? b.user.team_id ?? '',
      channelId: b.channel?.id ?? container.channel_id ?? '',
      userId: b.user.id,
      responseUrl: b.response_url,
      triggerId: b.trigger_id,
      messageTs: container.message_ts ?? b.message?.ts,
      threadTs: b.message?.thread_ts,
      isEphemeral: Boolean(container.is_ephemeral),
      inHome,
    };
    const req: ButtonRequest = {
      ...request(p, buttonIdempotencyKey(b, button)),
      actionId: actionIdOf(button.action_id),
      value: button.value ?? '',
      ...(p.messageTs && !p.isEphemeral ? { source: { channelId: p.channelId, messageId: p.messageTs, ...(p.threadTs ? { threadId: p.threadTs } : {}) } } : {}),
    };
    const taken = queue.push(async () => answer(p, await ask('button', () => chat.handleButton(req))),
      { urgent: FORM_BUTTONS.has(req.actionId), what: 'button' });
    if (!taken) void tellBusy(p);
  });

  // A submitted modal: bad fields are answered in the modal; a good one closes it, then acts.
  app.view({ callback_id: new RegExp(`^${FORM_CALLBACK_PREFIX}`), type: 'view_submission' }, async ({ body, view, ack }) => {
    const submitted = view as unknown as SubmittedView & { id: string; title?: { text?: string }; blocks?: { label?: { text?: string } }[] };
    const sub = readSubmission(submitted, d.locale);
    if (Object.keys(sub.errors).length) {
      await ack({ response_action: 'errors', errors: sub.errors });
      return;
    }
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const p: Place = { teamId, channelId: sub.channelId, userId: body.user.id, triggerId: (body as { trigger_id?: string }).trigger_id,
      ...(sub.threadId ? { messageTs: sub.threadId } : {}) };
    const req: ButtonRequest = {
      ...request(p, `slack:view:${teamId}:${submitted.id}`),
      actionId: `form:${sub.formId}`, value: sub.value, formValues: sub.values,
    };
    if (!queue.push(async () => answer(p, await ask('form', () => chat.handleButton(req))), { what: 'form' })) void tellBusy(p);
  });

  // The App Home tab shows the person's open cases ("/ar mine").
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const eventId = (body as { event_id?: string }).event_id;
    queue.push(() => step('home', () => publishHome(teamId, event.user, event.channel, eventId ? `slack:event:${eventId}` : undefined)), { what: 'home' });
  });

  // user_change carries the whole user object. A deactivated account (deleted: true): their cases
  // go to their managers (issue 15). Any other edit: a link made by email is checked again
  // (issue 9: a changed or unconfirmed email, a guest, another team no longer links).
  app.event('user_change', async ({ event, body }) => {
    const user = event.user as SlackUser;
    if (!user?.id) return;
    const userId = user.id;
    d.profileOf.forget(userId);
    // The workspace the event came from (the linked team), not the team the user says it is in.
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const userLeft = d.userLeft;
    const profileChanged = d.profileChanged;
    if (user.deleted && userLeft) queue.push(() => step('user_change', () => userLeft(teamId, userId)), { what: 'user_change' });
    else if (profileChanged) queue.push(() => step('user_change', () => profileChanged(teamId, userId, slackProfile(user))), { what: 'user_change' });
  });

  // A channel joined or left Slack Connect: its sharing is asked again before money figures go there.
  for (const type of ['channel_shared', 'channel_unshared'] as const) {
    app.event(type, async ({ event }) => {
      const channel = (event as { channel?: string }).channel;
      if (channel) d.channels.forget(channel);
    });
  }

  app.error(async (e) => {
    log.error({ err: errorSummary(e) }, 'slack: unhandled error in a listener');
  });
}
