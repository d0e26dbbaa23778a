// Neutral Message → Block Kit. Within Block Kit's limits whatever the view holds: long text is cut
// with "…", long lists and tables are split over several blocks, and past the block budget the
// rest is dropped with a note; Slack would otherwise reject the whole message (`invalid_blocks`).
import type { types as SlackTypes } from '@slack/bolt';
import { escapeSlackText } from '../../src/chat/escape.js';
import type { Action, Block, LevelColour, Locale, Message } from '../../src/chat/message.js';
import { LIMITS } from './block-kit-limits.js';
import { t } from '../../src/chat/i18n.js';
import { DEFAULT_LOCALE } from '../../src/domain/locale.js';
import { fit, mrkdwn, mrkdwnText, plainText, plainWords, type MentionIds } from './mrkdwn.js';
import { tableLines } from './table-text.js';

type KnownBlock = SlackTypes.KnownBlock;

export interface RenderOptions {
  /** The language of the adapter's own words (confirm labels, the error reference); default DEFAULT_LOCALE. */
  locale?: Locale;
  /** duebot user id → Slack user id, for mentions. */
  mentions?: MentionIds;
  /** 50 in a message, 100 in a modal or the App Home tab. */
  maxBlocks?: number;
}

/** What chat.postMessage / chat.update / chat.postEphemeral take. */
export interface SlackMessage {
  /** Notification and fallback text. */
  text: string;
  blocks: KnownBlock[];
  attachments: SlackTypes.MessageAttachment[];
}

// DOMAIN.md levels: yellow, orange, red; the others mark good news and neutral messages.
const LEVEL_EMOJI: Record<LevelColour, string> = {
  yellow: '🟡', orange: '🟠', red: '🔴', green: '🟢', blue: '🔵', grey: '⚪',
};

/** Button action_ids must be unique in a message: the 2nd "claim" is sent as "claim~2". */
export const actionIdOf = (slackActionId: string): string => slackActionId.replace(/~\d+$/, '');

function sectionsFromLines(lines: string[], max = LIMITS.sectionText): KnownBlock[] {
  const out: KnownBlock[] = [];
  let chunk = '';
  for (const raw of lines) {
    const line = fit(raw, max);
    if (chunk && chunk.length + 1 + line.length > max) {
      out.push({ type: 'section', text: mrkdwnText(chunk) });
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) out.push({ type: 'section', text: mrkdwnText(chunk) });
  return out;
}

function tableBlocks(b: Extract<Block, { type: 'table' }>): KnownBlock[] {
  const t = tableLines(b.columns, b.rows, b.align);
  const fence = (lines: string[]) => `\`\`\`\n${lines.map(escapeSlackText).join('\n')}\n\`\`\``;
  const head = [t.header, t.rule];
  const out: KnownBlock[] = [];
  let chunk: string[] = [];
  for (const row of t.rows) {
    if (chunk.length && fence([...head, ...chunk, row]).length > LIMITS.sectionText) {
      out.push({ type: 'section', text: mrkdwnText(fence([...head, ...chunk])) });
      chunk = [];
    }
    chunk.push(row);
  }
  if (chunk.length || out.length === 0) {
    const text = fence([...head, ...chunk]);
    // A single row too wide for a block (never with 40-column cells, unless hundreds of columns).
    out.push({ type: 'section', text: mrkdwnText(text.length > LIMITS.sectionText ? fit(text, LIMITS.sectionText) : text) });
  }
  return out;
}

function bodyBlocks(blocks: Block[], mentions?: MentionIds): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'section': {
        const text = mrkdwn(b.text, mentions);
        if (text.trim()) out.push({ type: 'section', text: mrkdwnText(fit(text, LIMITS.sectionText)) });
        break;
      }
      case 'fields': {
        const fields = b.fields
          .map((f) => {
            const name = escapeSlackText(f.label).trim();
            const value = mrkdwn(f.value, mentions);
            return fit(name ? `*${name}*\n${value || ' '}` : value, LIMITS.fieldText);
          })
          .filter((f) => f.trim());
        for (let i = 0; i < fields.length; i += LIMITS.sectionFields) {
          out.push({ type: 'section', fields: fields.slice(i, i + LIMITS.sectionFields).map(mrkdwnText) });
        }
        break;
      }
      case 'divider':
        out.push({ type: 'divider' });
        break;
      case 'context': {
        const text = mrkdwn(b.text, mentions);
        if (text.trim()) out.push({ type: 'context', elements: [mrkdwnText(fit(text, LIMITS.contextText))] });
        break;
      }
      case 'list':
        out.push(...sectionsFromLines(b.items.map((item) => `• ${mrkdwn(item, mentions)}`)));
        break;
      case 'table':
        out.push(...tableBlocks(b));
        break;
      case 'image':
        // A file the bot uploaded (files.completeUploadExternal), shown inline by its id.
        out.push({ type: 'image', slack_file: { id: b.imageId }, alt_text: fit(b.alt, 2000) });
        break;
    }
  }
  return out;
}

function button(a: Action, actionId: string, locale: Locale): SlackTypes.Button | null {
  // A cut value would be a different (invalid) payload: a button that cannot carry its value is left out.
  if (a.value.length > LIMITS.buttonValue) return null;
  const btn: SlackTypes.Button = { type: 'button', action_id: actionId, text: plainText(a.label, LIMITS.buttonText), value: a.value };
  if (a.style === 'primary' || a.style === 'danger') btn.style = a.style;
  if (a.confirm) {
    // Confirmation dialog object: title, text, confirm and deny are all required (Block Kit
    // composition objects); without them Slack refuses the whole message with invalid_blocks.
    btn.confirm = {
      title: plainText(a.confirm.title, LIMITS.confirmTitle),
      text: plainText(a.confirm.text, LIMITS.confirmText),
      confirm: plainText(a.confirm.confirm ?? t(locale, 'confirm.yes'), LIMITS.confirmButton),
      deny: plainText(a.confirm.deny ?? t(locale, 'confirm.no'), LIMITS.confirmButton),
      ...(a.style === 'danger' ? { style: 'danger' as const } : {}),
    };
  }
  return btn;
}

function actionBlocks(actions: Action[], locale: Locale): KnownBlock[] {
  const seen = new Map<string, number>();
  const buttons: SlackTypes.Button[] = [];
  for (const a of actions) {
    const n = (seen.get(a.id) ?? 0) + 1;
    seen.set(a.id, n);
    const b = button(a, fit(n === 1 ? a.id : `${a.id}~${n}`, LIMITS.actionId), locale);
    if (b) buttons.push(b);
  }
  const out: KnownBlock[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsElements) {
    out.push({ type: 'actions', elements: buttons.slice(i, i + LIMITS.actionsElements) });
  }
  return out;
}

/**
 * The message's blocks within `maxBlocks`: header, body, buttons, error reference. When it does
 * not fit, buttons keep at most half the room and the body is cut with a note.
 */
function layout(m: Message, opts: RenderOptions): { head: KnownBlock[]; rest: KnownBlock[] } {
  const locale = opts.locale ?? DEFAULT_LOCALE;
  const max = opts.maxBlocks ?? LIMITS.messageBlocks;
  const prefix = m.level ? `${LEVEL_EMOJI[m.level]} ` : '';
  const head: KnownBlock[] = m.title ? [{ type: 'header', text: plainText(`${prefix}${m.title}`, LIMITS.headerText) }] : [];
  let body = bodyBlocks(m.blocks, opts.mentions);
  // No title to carry the level: the first line of text carries it.
  const first = !m.title && prefix ? body.find((b): b is SlackTypes.SectionBlock => b.type === 'section' && Boolean(b.text)) : undefined;
  if (first?.text) first.text = mrkdwnText(fit(`${prefix}${first.text.text}`, LIMITS.sectionText));
  let actions = actionBlocks(m.actions ?? [], locale);
  // The reference is shown once: error views usually carry it in their text already.
  const tail: KnownBlock[] = m.errorRef && !JSON.stringify(body).includes(escapeSlackText(m.errorRef))
    ? [{ type: 'context', elements: [mrkdwnText(fit(escapeSlackText(t(locale, 'error.ref', { ref: m.errorRef })), LIMITS.contextText))] }]
    : [];
  const budget = max - head.length - tail.length;
  if (body.length + actions.length > budget) {
    actions = actions.slice(0, Math.max(1, Math.floor(budget / 2)));
    const room = budget - actions.length;
    if (body.length > room) {
      // The view decides what matters most (it comes first); the cut is marked, in any language, by "…".
      body = [...body.slice(0, Math.max(0, room - 1)), { type: 'context', elements: [mrkdwnText('…')] }];
    }
  }
  return { head, rest: [...body, ...actions, ...tail] };
}

/** Fallback and notification text: the summary, plain. */
function fallbackText(m: Message, locale: Locale): string {
  const summary = m.summary.trim() || m.title?.trim() || plainWords(m.blocks.find((b) => b.type === 'section')?.text ?? '') || '…';
  const ref = m.errorRef && !summary.includes(m.errorRef) ? ` (${t(locale, 'error.ref', { ref: m.errorRef })})` : '';
  return fit(escapeSlackText(`${summary}${ref}`), 3000);
}

/**
 * A message for chat.postMessage / update / postEphemeral. Content and buttons are top-level
 * blocks, as Slack recommends: secondary attachments may be collapsed behind "Show more", and a
 * message whose blocks are all in an attachment shows its `text` as well (the sentence twice).
 * The level (yellow, orange, red) is the emoji before the title. `text` is the notification.
 */
export function renderMessage(m: Message, opts: RenderOptions = {}): SlackMessage {
  const locale = opts.locale ?? DEFAULT_LOCALE;
  const { head, rest } = layout(m, { ...opts, locale });
  return { text: fallbackText(m, locale), blocks: [...head, ...rest], attachments: [] };
}

/** The App Home tab: up to 100 blocks, the level as an emoji in the header as in messages. */
export function renderHome(m: Message, opts: RenderOptions = {}): SlackTypes.HomeView {
  const { head, rest } = layout(m, { ...opts, maxBlocks: opts.maxBlocks ?? LIMITS.viewBlocks });
  const blocks = [...head, ...rest];
  return { type: 'home', blocks: blocks.length ? blocks : [{ type: 'section', text: mrkdwnText(fallbackText(m, opts.locale ?? DEFAULT_LOCALE)) }] };
}

/** The duebot user ids a message mentions (to look up their Slack ids before rendering). */
export function mentionedUserIds(m: Message): number[] {
  const ids = new Set<number>();
  const visit = (r: unknown) => {
    if (Array.isArray(r)) for (const i of r) if (i && typeof i === 'object' && 'mention' in i) ids.add((i as { mention: { userId: number } }).mention.userId);
  };
  for (const b of m.blocks) {
    if (b.type === 'section' || b.type === 'context') visit(b.text);
    else if (b.type === 'fields') b.fields.forEach((f) => visit(f.value));
    else if (b.type === 'list') b.items.forEach(visit);
  }
  return [...ids];
}
