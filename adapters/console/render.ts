// Neutral message → terminal text. Buttons become numbered choices the person can type.
import type { Action, Block, Inline, Message, Rich } from '../../src/chat/message.js';

const COLOURS: Record<string, string> = { red: '\x1b[31m', orange: '\x1b[33m', yellow: '\x1b[93m', green: '\x1b[32m', blue: '\x1b[34m', grey: '\x1b[90m' };
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';

export interface ConsoleRenderOptions { colour: boolean; firstChoice: number }

/** Strips control characters from user text so a note cannot move the cursor or recolour the screen. */
export function sanitize(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

export function inlineText(r: Rich, o: ConsoleRenderOptions): string {
  if (typeof r === 'string') return sanitize(r);
  return r.map((seg: Inline) => {
    if ('mention' in seg) return `@${sanitize(seg.mention.name)}`;
    if ('link' in seg) return `${sanitize(seg.link.label)} <${sanitize(seg.link.url)}>`;
    return seg.bold && o.colour ? `${BOLD}${sanitize(seg.text)}${RESET}` : sanitize(seg.text);
  }).join('');
}

/** Display width: CJK and full-width characters take two columns. */
export function width(s: string): number {
  let w = 0;
  // eslint-disable-next-line no-control-regex
  for (const ch of s.replace(/\x1b\[[0-9;]*m/g, '')) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd))) ? 2 : 1;
  }
  return w;
}

function pad(s: string, w: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'right' ? fill + s : s + fill;
}

function block(b: Block, o: ConsoleRenderOptions): string {
  switch (b.type) {
    case 'section': return inlineText(b.text, o);
    case 'context': return o.colour ? `${COLOURS.grey}${inlineText(b.text, o)}${RESET}` : inlineText(b.text, o);
    case 'divider': return '─'.repeat(40);
    case 'fields': {
      const labels = b.fields.map((f) => sanitize(f.label));
      const w = Math.max(...labels.map(width));
      return b.fields.map((f, i) => `${pad(labels[i]!, w, 'left')}  ${inlineText(f.value, o)}`).join('\n');
    }
    case 'list': return b.items.map((i) => `• ${inlineText(i, o)}`).join('\n');
    // The console's "upload" is a file it wrote: its path, to open it.
    case 'image': return `[${sanitize(b.alt)}] ${sanitize(b.imageId)}`;
    case 'table': {
      const rows = [b.columns.map(sanitize), ...b.rows.map((r) => r.map(sanitize))];
      const widths = b.columns.map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
      const line = (r: string[]) => r.map((cell, c) => pad(cell, widths[c]!, b.align?.[c] ?? (c === 0 ? 'left' : 'right'))).join('  ');
      return [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
    }
  }
}

export function renderConsole(m: Message, o: ConsoleRenderOptions): { text: string; choices: Action[] } {
  const lines: string[] = [];
  if (m.title) {
    const colour = m.level && o.colour ? COLOURS[m.level] ?? '' : '';
    const marker = m.level && ['red', 'orange', 'yellow'].includes(m.level) ? `[${m.level.toUpperCase()}] ` : '';
    lines.push(`${colour}${o.colour ? BOLD : ''}${marker}${sanitize(m.title)}${o.colour ? RESET : ''}`);
  }
  for (const b of m.blocks) lines.push(block(b, o));
  const choices = m.actions ?? [];
  if (choices.length) lines.push(choices.map((a, i) => `[${o.firstChoice + i}] ${sanitize(a.label)}`).join('   '));
  if (m.errorRef) lines.push(`(ref ${m.errorRef})`);
  return { text: lines.join('\n'), choices };
}
