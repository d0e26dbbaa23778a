// Plain-text tables that line up in a terminal, also with Chinese text (widths in display columns,
// src/domain/display-width.ts).
import { displayWidth } from '../../domain/display-width.js';

export type Align = 'left' | 'right';

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Lays out rows under a header, two spaces between columns; `rules` lists the row indexes
 * (0 = first body row) above which a dashed rule is drawn (e.g. before a total).
 */
export function textTable(header: string[], rows: string[][], align: Align[], rules: number[] = []): string {
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const line = (cells: string[]) => cells.map((cell, c) => pad(cell, widths[c]!, align[c] ?? 'left')).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(header), rule];
  rows.forEach((r, i) => {
    if (rules.includes(i)) out.push(rule);
    out.push(line(r));
  });
  return out.join('\n');
}
