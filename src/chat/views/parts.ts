// Pieces every view uses: people, customers, levels, and the size budget that keeps a message
// inside Slack Block Kit's limits (50 blocks, 3000 characters per text) with room for renderers.
import type { Level } from '../../domain/aging.js';
import { t, type Locale } from '../i18n.js';
import type { Block, Inline, Rich } from '../message.js';

/** A duebot user as views show them (a mention). */
export interface Person { id: number; name: string }
/** A customer as views show them. */
export interface CustomerRef { code: string; name: string }

/** Our budget, under Block Kit's 50 blocks / 3000 characters so renderers can add theirs. */
export const MAX_BLOCKS = 40;
export const MAX_TEXT = 2500;
/** Longest customer name shown in a line or label; full names are on the case card. */
export const NAME_MAX = 60;

export function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** One line of user text: newlines folded, so a note cannot forge lines in a list. */
export function oneLine(s: string, max: number): string {
  return truncate(s.replace(/\s+/g, ' ').trim(), max);
}

export const mention = (p: Person): Inline => ({ mention: { userId: p.id, name: p.name } });
export const bold = (s: string): Inline => ({ text: s, bold: true });

/** "Usage: x" / "用法：x": a bold label, then the value (no space after a full-width colon). */
export function labelled(label: string, value: string): Inline[] {
  return [bold(label), { text: label.endsWith('：') ? value : ` ${value}` }];
}

/** "Pearl River Logistics (PRL)"; just the name when the code says the same. */
export function customerLabel(c: CustomerRef, max = NAME_MAX): string {
  const name = truncate(c.name.trim(), max);
  return c.code === c.name || c.code === '' ? name : `${name} (${truncate(c.code, 30)})`;
}

export function ownerInline(owner: Person | null, locale: Locale): Inline {
  return owner ? mention(owner) : { text: t(locale, 'owner.unclaimed') };
}

const LEVEL_MARK: Record<Level, string> = { red: '🔴', orange: '🟠', yellow: '🟡' };
/** A coloured dot before a case line (plain Unicode, so every platform shows it). */
export function levelMark(level: Level | null): string {
  return level ? LEVEL_MARK[level] : '⚪';
}

export function levelName(level: Level | null, locale: Locale): string {
  return level ? t(locale, `level.${level}`) : t(locale, 'level.none');
}

/** Characters of a rich text as renderers will count them (a mention as "@name"). */
export function richLength(r: Rich): number {
  if (typeof r === 'string') return r.length;
  let n = 0;
  for (const seg of r) {
    if ('text' in seg) n += seg.text.length;
    else if ('mention' in seg) n += seg.mention.name.length + 1;
    else n += seg.link.label.length + seg.link.url.length + 3;
  }
  return n;
}

/** Characters in one block as it would be sent as one platform text (list items one per line). */
export function blockLength(b: Block): number {
  switch (b.type) {
    case 'section':
    case 'context':
      return richLength(b.text);
    case 'fields':
      return b.fields.reduce((n, f) => n + f.label.length + 1 + richLength(f.value) + 1, 0);
    case 'list':
      return b.items.reduce((n, i) => n + richLength(i) + 3, 0);
    case 'table':
      return [b.columns, ...b.rows].reduce((n, row) => n + row.reduce((m, c) => m + c.length + 2, 0) + 1, 0);
    case 'divider':
      return 0;
    case 'image':
      return b.alt.length;
  }
}

/** The longest prefix of `items` whose list block stays within MAX_TEXT characters. */
export function fitItems(items: Rich[], budget = MAX_TEXT): Rich[] {
  const out: Rich[] = [];
  let n = 0;
  for (const item of items) {
    n += richLength(item) + 3;
    if (n > budget) break;
    out.push(item);
  }
  return out;
}

/** Joins rich pieces with a separator. */
export function join(parts: Rich[], sep = ' · '): Inline[] {
  const out: Inline[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push({ text: sep });
    if (typeof p === 'string') out.push({ text: p });
    else out.push(...p);
  });
  return out;
}
