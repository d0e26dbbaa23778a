// Plain text → Slack mrkdwn. Every string of the neutral model is plain text and passes through
// escapeSlackText, so `<!channel>`, `<@U…>` or `<http://evil|bank>` typed into a note shows as
// typed. The only markup we emit is our own: bold, mentions of linked users, links we built.
import type { types as SlackTypes } from '@slack/bolt';
import { escapeSlackText } from '../../src/chat/escape.js';
import type { Inline, Rich } from '../../src/chat/message.js';

/** duebot user id → Slack user id, for the users linked to Slack (chat_identities). */
export type MentionIds = ReadonlyMap<number, string>;

const SAFE_URL = /^(https?:\/\/|mailto:)[^\s]+$/i;

function inlineMrkdwn(i: Inline, mentions?: MentionIds): string {
  if ('mention' in i) {
    const slackId = mentions?.get(i.mention.userId);
    // Only a Slack id we looked up ourselves becomes a mention; otherwise the person's name.
    return slackId && /^[UW][A-Z0-9]+$/.test(slackId) ? `<@${slackId}>` : escapeSlackText(i.mention.name);
  }
  if ('link' in i) {
    const label = escapeSlackText(i.link.label);
    if (!SAFE_URL.test(i.link.url)) return label;
    const url = i.link.url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
    return `<${url}|${label || url}>`;
  }
  const escaped = escapeSlackText(i.text);
  if (!i.bold) return escaped;
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(escaped)!;
  return m[2] ? `${m[1]}*${m[2]}*${m[3]}` : escaped;
}

/** Rich text as escaped mrkdwn. */
export function mrkdwn(r: Rich, mentions?: MentionIds): string {
  return typeof r === 'string' ? escapeSlackText(r) : r.map((i) => inlineMrkdwn(i, mentions)).join('');
}

/** Rich text as plain words (mentions by name, links by label), not yet escaped. */
export function plainWords(r: Rich): string {
  if (typeof r === 'string') return r;
  return r.map((i) => ('mention' in i ? i.mention.name : 'link' in i ? i.link.label : i.text)).join('');
}

/**
 * Shortens escaped text to at most `max` characters, ending in "…", without cutting an entity
 * (`&amp;`), a `<…>` token (mention, link) or a surrogate pair in two.
 */
export function fit(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = Math.max(0, max - 1);
  const amp = s.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 6 && s.indexOf(';', amp) >= cut) cut = amp;
  const open = s.lastIndexOf('<', cut - 1);
  if (open >= 0 && open > s.lastIndexOf('>', cut - 1)) cut = open;
  if (cut > 0 && /[\uD800-\uDBFF]/.test(s[cut - 1]!)) cut--;
  return `${s.slice(0, cut)}…`;
}

export const mrkdwnText = (text: string): SlackTypes.MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });

/** A plain_text object: escaped (Slack parses &, < and > in every text object) and fitted. */
export function plainText(s: string, max: number): SlackTypes.PlainTextElement {
  const text = fit(escapeSlackText(s.replace(/\s+/g, ' ').trim()), max);
  return { type: 'plain_text', text: text === '' ? ' ' : text, emoji: true };
}
