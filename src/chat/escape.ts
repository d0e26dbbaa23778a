// Escaping user-written text (customer names, record bodies, reasons, notes) for each platform's
// markup, so it arrives as literal text: no `<!channel>`, no mentions, no disguised links.

/**
 * Slack mrkdwn: only `&`, `<` and `>` are control characters (Slack's "Escaping text" rule); with
 * them escaped, `<!channel>`, `<@U123>` and `<http://evil|bank>` show as typed. Emphasis marks
 * (`*`, `_`, `~`, `` ` ``) are left alone: they can only style text, not mention, link or ping,
 * and Slack mrkdwn has no escape for them. Renderers must not set `link_names`, so a plain
 * "@channel" in user text stays text.
 */
export function escapeSlackText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Lark card markdown takes HTML character references for its markup characters (the card
// markdown docs' escape table). `&` first, so an entity typed by the user stays literal text.
const LARK_ESCAPES: Record<string, string> = {
  '&': '&amp;', '<': '&#60;', '>': '&#62;', '*': '&#42;', '_': '&#95;', '~': '&#126;', '[': '&#91;', ']': '&#93;',
  '(': '&#40;', ')': '&#41;', '`': '&#96;', '#': '&#35;', '\\': '&#92;', '|': '&#124;', '!': '&#33;', '-': '&#45;',
  '+': '&#43;',
  // `:OK:` is an emoji code in card markdown, `$$…$$` a formula, `{{…}}` a variable of a card
  // template, `1.` at a line's start an ordered list: all arrive as typed.
  ':': '&#58;', '$': '&#36;', '{': '&#123;', '}': '&#125;', '.': '&#46;',
};
const LARK_SPECIAL = /[&<>*_~[\]()`#\\|!\-+:${}]|(?<=^|\n)(\s*\d+)\.(?=\s)/g;

/**
 * Lark card markdown (JSON 2.0 `markdown` element): every markup character becomes a character
 * reference, so `<at id=all></at>`, `<at user_id="…">`, `<font>`, `[label](url)`, `**bold**`,
 * headings, lists and code arrive as literal text.
 */
export function escapeLarkMarkdown(s: string): string {
  // A full stop only after a line's leading number: amounts and sentences keep theirs.
  return s.replace(LARK_SPECIAL, (c: string, digits?: string) => (digits !== undefined ? `${digits}${LARK_ESCAPES['.']}` : LARK_ESCAPES[c]!));
}
