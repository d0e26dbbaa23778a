// Neutral message → Lark interactive card (card JSON 2.0, `schema: "2.0"`). Every piece of text
// is plain in the model, so it is escaped here (escapeLarkMarkdown) or sent as `plain_text`.
//
// Card JSON 2.0 facts this relies on:
// - `header.template` colours the header; `body.elements` holds markdown, column_set, hr, button, form.
// - No global i18n in 2.0 (`i18n_elements` is 1.0 only): each text takes `i18n_content` beside its
//   `content`, and `config.locales` names the languages the card carries. We render the same view
//   once per language and zip the two trees, so each reader sees their own language.
// - Buttons call back with `behaviors: [{ type: 'callback', value }]`; the value comes back in
//   card.action.trigger as `action.value`. A `form` container sends its inputs as `action.form_value`.
// - A card message body is at most 30 KB (error 230025): we keep ours under CARD_BUDGET_BYTES,
//   cutting long lists and tables with a "… +N" line.
import { escapeLarkMarkdown } from '../../src/chat/escape.js';
import type { Action, Block, Form, FormField, Inline, LevelColour, Locale, Message, Rich } from '../../src/chat/message.js';

export type LarkLocale = 'zh_cn' | 'en_us';
export const LARK_LOCALE: Record<Locale, LarkLocale> = { 'zh-CN': 'zh_cn', 'en-US': 'en_us' };

/** Lark refuses a card with more markdown tables than this (error 230099, "card table number over limit"). */
export const MAX_TABLES = 3;

/** The request body of a card message must stay under 30 KB; this leaves room for the envelope. */
export const CARD_BUDGET_BYTES = 28 * 1024;

export type Card = Record<string, any>;

/** What a button's callback carries: the action id and its encoded payload. */
export interface ButtonValue { a: string; v: string }

export interface RenderOptions {
  /** The language `message` is written in. */
  locale: Locale;
  /** The same view in other languages (each reader sees their own). */
  alternates?: Partial<Record<Locale, Message>>;
  /** duebot user id → Lark open_id, so mentions become real @mentions. */
  openIds?: ReadonlyMap<number, string>;
  budgetBytes?: number;
}

const TEMPLATE: Record<LevelColour, string> = {
  red: 'red', orange: 'orange', yellow: 'yellow', green: 'green', grey: 'grey', blue: 'blue',
};

const esc = escapeLarkMarkdown;
/** One line: a list item or table cell cannot start new lines (or forge list items). */
const flat = (s: string): string => s.replace(/\s*[\r\n]+\s*/g, ' ');
const OPEN_ID = /^ou_[A-Za-z0-9_-]{1,64}$/;

/** A URL we put in a markdown link: http(s) only, with the characters markdown would end it on encoded. */
function safeUrl(url: string): string | null {
  let u: URL;
  try { u = new URL(url); } catch { return null; }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  return u.toString().replace(/[()<>\s"'[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function richMarkdown(r: Rich, openIds?: ReadonlyMap<number, string>): string {
  if (typeof r === 'string') return esc(r);
  return r.map((seg: Inline) => {
    if ('mention' in seg) {
      const id = openIds?.get(seg.mention.userId);
      return id && OPEN_ID.test(id) ? `<at id=${id}></at>` : `**@${esc(seg.mention.name)}**`;
    }
    if ('link' in seg) {
      const url = safeUrl(seg.link.url);
      return url ? `[${esc(seg.link.label)}](${url})` : esc(seg.link.label);
    }
    return seg.bold && seg.text.trim() ? `**${esc(seg.text)}**` : esc(seg.text);
  }).join('');
}

const md = (content: string, extra: Record<string, unknown> = {}): Card => ({ tag: 'markdown', content, ...extra });
const plain = (content: string): Card => ({ tag: 'plain_text', content });

/** "… +12": how many items were cut (numbers read the same in both languages). */
const moreLine = (n: number): Card => md(`… +${n}`, { text_size: 'notation' });

function fieldsElements(b: Extract<Block, { type: 'fields' }>, openIds?: ReadonlyMap<number, string>): Card[] {
  const rows: Card[] = [];
  for (let i = 0; i < b.fields.length; i += 2) {
    rows.push({
      tag: 'column_set',
      flex_mode: 'bisect',
      horizontal_spacing: '12px',
      columns: b.fields.slice(i, i + 2).map((f) => ({
        tag: 'column', width: 'weighted', weight: 1, vertical_spacing: '2px',
        elements: [md(`**${esc(flat(f.label))}**\n${richMarkdown(f.value, openIds)}`)],
      })),
    });
  }
  return rows;
}

function tableMarkdown(b: Extract<Block, { type: 'table' }>, rows: string[][]): string {
  const cell = (s: string) => esc(flat(s)) || ' ';
  const align = b.columns.map((_, i) => (b.align?.[i] ?? (i === 0 ? 'left' : 'right')) === 'right' ? '---:' : ':---');
  return [
    `| ${b.columns.map(cell).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((r) => `| ${b.columns.map((_, i) => cell(r[i] ?? '')).join(' | ')} |`),
  ].join('\n');
}

/** A table past the card's table limit: one line per row. */
function tableAsList(b: Extract<Block, { type: 'table' }>, cap: number): Card[] {
  const shown = b.rows.slice(0, cap);
  const line = (r: string[]) => b.columns.map((_, i) => esc(flat(r[i] ?? ''))).join(' · ');
  const out = [md([`**${b.columns.map((c) => esc(flat(c))).join(' · ')}**`, ...shown.map((r) => `- ${line(r)}`)].join('\n'))];
  if (b.rows.length > shown.length) out.push(moreLine(b.rows.length - shown.length));
  return out;
}

function blockElements(b: Block, cap: number, openIds?: ReadonlyMap<number, string>, tableNo = 0): Card[] {
  if (b.type === 'table' && tableNo >= MAX_TABLES) return tableAsList(b, cap);
  switch (b.type) {
    case 'section': return [md(richMarkdown(b.text, openIds))];
    case 'context': return [md(richMarkdown(b.text, openIds), { text_size: 'notation' })];
    case 'divider': return [{ tag: 'hr' }];
    case 'fields': return fieldsElements(b, openIds);
    case 'list': {
      const shown = b.items.slice(0, cap);
      const out = [md(shown.map((i) => `- ${flat(richMarkdown(i, openIds))}`).join('\n'))];
      if (b.items.length > shown.length) out.push(moreLine(b.items.length - shown.length));
      return out;
    }
    case 'table': {
      const shown = b.rows.slice(0, cap);
      const out = [md(tableMarkdown(b, shown))];
      if (b.rows.length > shown.length) out.push(moreLine(b.rows.length - shown.length));
      return out;
    }
    // An image uploaded to im/v1/images, by its image_key.
    case 'image': return [{ tag: 'img', img_key: b.imageId, alt: plain(b.alt) }];
  }
}

function buttonType(style: Action['style']): string {
  return style === 'primary' ? 'primary' : style === 'danger' ? 'danger' : 'default';
}

export function button(a: Action): Card {
  const value: ButtonValue = { a: a.id, v: a.value };
  const btn: Card = {
    tag: 'button',
    text: plain(a.label),
    type: buttonType(a.style),
    behaviors: [{ type: 'callback', value }],
  };
  if (a.confirm) btn.confirm = { title: plain(a.confirm.title), text: plain(a.confirm.text) };
  return btn;
}

function actionsElement(actions: Action[]): Card {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: actions.map((a) => ({ tag: 'column', width: 'auto', elements: [button(a)] })),
  };
}

function shell(title: string | undefined, level: LevelColour | undefined, summary: string, elements: Card[]): Card {
  const card: Card = {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill', summary: { content: summary.slice(0, 120) } },
    body: { elements },
  };
  if (title) card.header = { title: plain(title), template: level ? TEMPLATE[level] : 'blue' };
  return card;
}

/** One language, lists and tables cut to `cap` rows. */
function cardIn(m: Message, cap: number, openIds?: ReadonlyMap<number, string>): Card {
  let tables = 0;
  const elements: Card[] = m.blocks.flatMap((b) => blockElements(b, cap, openIds, b.type === 'table' ? tables++ : 0));
  if (m.actions?.length) elements.push(actionsElement(m.actions));
  if (m.errorRef) elements.push(md(`ref ${esc(m.errorRef)}`, { text_size: 'notation' }));
  if (elements.length === 0) elements.push(md(esc(m.summary)));
  return shell(m.title, m.level, m.summary, elements);
}

// ---------------------------------------------------------------------------------------------
// Languages: zip the renders of one view in several languages into one card.

const MISMATCH = Symbol('mismatch');

/**
 * Zips trees of the same shape: where a `content` string differs, the primary text stays in
 * `content` and every language goes in `i18n_content`. Any other difference (a different number
 * of rows, another button) is a mismatch: the caller keeps the primary language alone.
 */
export function zipLocales(primary: unknown, others: { key: LarkLocale; node: unknown }[], primaryKey: LarkLocale): unknown {
  const walk = (p: unknown, os: unknown[]): unknown => {
    if (Array.isArray(p)) {
      if (!os.every((o) => Array.isArray(o) && o.length === p.length)) return MISMATCH;
      const out: unknown[] = [];
      for (let i = 0; i < p.length; i++) {
        const r = walk(p[i], os.map((o) => (o as unknown[])[i]));
        if (r === MISMATCH) return MISMATCH;
        out.push(r);
      }
      return out;
    }
    if (p && typeof p === 'object') {
      const keys = Object.keys(p);
      if (!os.every((o) => o && typeof o === 'object' && !Array.isArray(o) && sameKeys(keys, Object.keys(o)))) return MISMATCH;
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const pv = (p as Record<string, unknown>)[k];
        const ov = os.map((o) => (o as Record<string, unknown>)[k]);
        if (k === 'content' && typeof pv === 'string' && ov.every((v) => typeof v === 'string')) {
          out[k] = pv;
          if (ov.some((v) => v !== pv)) {
            const i18n: Record<string, string> = { [primaryKey]: pv };
            others.forEach((o, i) => { i18n[o.key] = ov[i] as string; });
            out.i18n_content = i18n;
          }
          continue;
        }
        const r = walk(pv, ov);
        if (r === MISMATCH) return MISMATCH;
        out[k] = r;
      }
      return out;
    }
    return os.every((o) => o === p) ? p : MISMATCH;
  };
  const r = walk(primary, others.map((o) => o.node));
  return r === MISMATCH ? null : r;
}

function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

/** Bytes of the card as it travels: JSON-encoded inside the message body's `content` string. */
export function cardBytes(card: Card): number {
  return Buffer.byteLength(JSON.stringify({ content: JSON.stringify(card) }), 'utf8');
}

function longestList(m: Message): number {
  return Math.max(0, ...m.blocks.map((b) => (b.type === 'list' ? b.items.length : b.type === 'table' ? b.rows.length : 0)));
}

/** Caps to try: everything, then halving down to one row. */
function caps(m: Message): number[] {
  const out = [Number.POSITIVE_INFINITY];
  for (let n = Math.floor(longestList(m) / 2); n >= 1; n = Math.floor(n / 2)) out.push(n);
  if (out[out.length - 1] !== 1) out.push(1);
  return out;
}

function withLocales(card: Card, keys: LarkLocale[]): Card {
  return { ...card, config: { ...card.config, locales: keys } };
}

/** Merges per-language renders (built by `build(message, cap)`) and keeps the whole within budget. */
function fit<T>(primary: T, primaryLocale: Locale, alternates: Partial<Record<Locale, T>> | undefined,
  build: (x: T, cap: number) => Card, capsOf: (x: T) => number[], budget: number): Card {
  const pKey = LARK_LOCALE[primaryLocale];
  const alts = Object.entries(alternates ?? {})
    .filter(([l, x]) => l !== primaryLocale && x !== undefined && l in LARK_LOCALE)
    .map(([l, x]) => ({ key: LARK_LOCALE[l as Locale], x: x as T }));
  const tries = capsOf(primary);
  if (alts.length) {
    for (const cap of tries) {
      const zipped = zipLocales(build(primary, cap), alts.map((a) => ({ key: a.key, node: build(a.x, cap) })), pKey) as Card | null;
      if (!zipped) break;
      const card = withLocales(zipped, [pKey, ...alts.map((a) => a.key)]);
      if (cardBytes(card) <= budget) return card;
    }
  }
  let card = build(primary, tries[tries.length - 1]!);
  for (const cap of tries) {
    card = build(primary, cap);
    if (cardBytes(card) <= budget) return card;
  }
  return clipTexts(card, budget);
}

/** Last resort: shorten every markdown text until the card fits. */
function clipTexts(card: Card, budget: number): Card {
  let max = 2000;
  let out = card;
  while (cardBytes(out) > budget && max > 50) {
    const limit = max;
    out = JSON.parse(JSON.stringify(card), (k, v) => (k === 'content' && typeof v === 'string' && v.length > limit ? `${v.slice(0, limit)}…` : v));
    max = Math.floor(max / 2);
  }
  return out;
}

/** The card for a message, in its language and (when given) the others. */
export function renderCard(message: Message, opts: RenderOptions): Card {
  return fit(message, opts.locale, opts.alternates, (m, cap) => cardIn(m, cap, opts.openIds), caps, opts.budgetBytes ?? CARD_BUDGET_BYTES);
}

// ---------------------------------------------------------------------------------------------
// Forms: Lark has no modals; a card with a form container stands in for Slack's modal.

function formField(f: FormField): Card[] {
  const label = md(`**${esc(flat(f.label))}**`);
  const placeholder = f.placeholder ? { placeholder: plain(f.placeholder) } : {};
  const required = !f.optional;
  switch (f.kind) {
    case 'select':
      return [label, {
        tag: 'select_static', name: f.name, required, ...placeholder,
        options: (f.options ?? []).map((o) => ({ text: plain(o.label), value: o.value })),
        ...(f.initial ? { initial_option: f.initial } : {}),
      }];
    case 'date':
      return [label, { tag: 'date_picker', name: f.name, required, ...placeholder, ...(f.initial ? { initial_date: f.initial } : {}) }];
    case 'multiline':
      return [label, { tag: 'input', name: f.name, required, input_type: 'multiline_text', rows: 3, max_length: 1000, ...placeholder, ...(f.initial ? { default_value: f.initial } : {}) }];
    case 'text':
    case 'amount':
      return [label, { tag: 'input', name: f.name, required, max_length: f.kind === 'amount' ? 30 : 200, ...placeholder, ...(f.initial ? { default_value: f.initial } : {}) }];
  }
}

function formCardIn(form: Form): Card {
  const submit: Card = {
    tag: 'button', name: 'submit', text: plain(form.submitLabel), type: 'primary_filled',
    form_action_type: 'submit',
    behaviors: [{ type: 'callback', value: { a: `form:${form.id}`, v: form.value } satisfies ButtonValue }],
  };
  return shell(form.title, 'blue', form.title, [{
    tag: 'form', name: `form_${form.id}`.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 20),
    elements: [...form.fields.flatMap(formField), submit],
  }]);
}

export function renderFormCard(form: Form, opts: { locale: Locale; alternates?: Partial<Record<Locale, Form>>; budgetBytes?: number }): Card {
  return fit(form, opts.locale, opts.alternates, (f) => formCardIn(f), () => [Number.POSITIVE_INFINITY], opts.budgetBytes ?? CARD_BUDGET_BYTES);
}

/** Lark form values: a date picker answers "2024-04-01 +0800"; we want the date. */
export function normaliseFormValues(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    // Lark's form inputs answer strings, and arrays of strings for multi-selects; anything else (an
    // object, above all one whose toString is not a function: String() throws on it) is not a form
    // value (issue 9, hostile input: found by the property test with another seed).
    const plain = (x: unknown): x is string | number | boolean => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
    if (!plain(v) && !(Array.isArray(v) && v.every(plain))) continue;
    const s = Array.isArray(v) ? v.map(String).join(',') : String(v);
    const date = /^(\d{4}-\d{2}-\d{2}) [+-]\d{4}$/.exec(s);
    out[k] = date ? date[1]! : s;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Toasts: the answer to a button click shown only to the clicker (Lark's stand-in for ephemeral).

export interface Toast { type: 'info' | 'success' | 'error' | 'warning'; content: string; i18n?: Partial<Record<LarkLocale, string>> }

/** A toast shows one short line: this much text at most. */
export const TOAST_MAX = 300;

/** The whole message as one line of plain text, or null when it cannot be a toast (buttons, tables, fields). */
export function toastText(m: Message): string | null {
  if (m.actions?.length || m.form) return null;
  const parts: string[] = m.title ? [m.title] : [];
  for (const b of m.blocks) {
    if (b.type === 'section' || b.type === 'context') parts.push(plainRich(b.text));
    else if (b.type === 'list') parts.push(b.items.map(plainRich).join('; '));
    else if (b.type !== 'divider') return null;
  }
  const text = flat(parts.filter(Boolean).join(' · ') || m.summary).trim();
  return [...text].length <= TOAST_MAX ? text : null;
}

export function plainRich(r: Rich): string {
  if (typeof r === 'string') return r;
  return r.map((s) => ('mention' in s ? `@${s.mention.name}` : 'link' in s ? s.link.label : s.text)).join('');
}

/** The toast for a message that fits in one (see toastText), else null. */
export function renderToast(m: Message, opts: { locale: Locale; type?: Toast['type']; alternates?: Partial<Record<Locale, Message>> }): Toast | null {
  const content = toastText(m);
  if (content === null) return null;
  const type = opts.type ?? (m.errorRef ? 'error' : m.level === 'green' ? 'success' : 'info');
  const toast: Toast = { type, content };
  const alts = Object.entries(opts.alternates ?? {}).filter(([l, x]) => l !== opts.locale && x && l in LARK_LOCALE);
  if (alts.length) {
    toast.i18n = { [LARK_LOCALE[opts.locale]]: content };
    for (const [l, x] of alts) {
      const other = toastText(x as Message);
      if (other !== null) toast.i18n[LARK_LOCALE[l as Locale]] = other;
    }
  }
  return toast;
}

/** Every duebot user mentioned in a message (to look up their open_ids). */
export function mentionedUserIds(m: Message): number[] {
  const ids = new Set<number>();
  const rich = (r: Rich) => { if (typeof r !== 'string') for (const s of r) if ('mention' in s) ids.add(s.mention.userId); };
  for (const b of m.blocks) {
    if (b.type === 'section' || b.type === 'context') rich(b.text);
    else if (b.type === 'fields') b.fields.forEach((f) => rich(f.value));
    else if (b.type === 'list') b.items.forEach(rich);
  }
  return [...ids];
}
