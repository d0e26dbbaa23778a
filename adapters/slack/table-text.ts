// A table as monospaced lines for a preformatted block. Chinese characters take two columns in a
// monospaced font, so widths are counted in display columns, not characters.

import { clipToWidth, displayWidth } from '../../src/domain/display-width.js';

const pad = (s: string, width: number, align: 'left' | 'right') => {
  const gap = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'right' ? gap + s : s + gap;
};

/** A cell can't end the code fence or break the row: backticks and line breaks are replaced. */
const cleanCell = (s: string) => s.replace(/[\r\n\t]+/g, ' ').replace(/`/g, 'ˋ').trim();

/**
 * Header line, rule and one line per row, columns aligned (right for `align: 'right'`, e.g.
 * amounts). Columns wider than `maxColumnWidth` are clipped with "…".
 */
export function tableLines(columns: string[], rows: string[][], align: ('left' | 'right')[] = [], maxColumnWidth = 40):
  { header: string; rule: string; rows: string[] } {
  const cells = [columns, ...rows].map((r) => columns.map((_, i) => clipToWidth(cleanCell(r[i] ?? ''), maxColumnWidth)));
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!, align[i] ?? 'left')).join('  ').trimEnd();
  return {
    header: line(cells[0]!),
    rule: widths.map((w) => '-'.repeat(w)).join('  '),
    rows: cells.slice(1).map(line),
  };
}
