// A table as monospaced lines for a preformatted block. Chinese characters take two columns in a
// monospaced font, so widths are counted in display columns, not characters.

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{1F300}-\u{1FAFF}]|[\u{20000}-\u{3FFFD}]/u;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** Cuts `s` to at most `max` display columns, ending in "…" when cut. */
export function clipToWidth(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = WIDE.test(ch) ? 2 : 1;
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

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
