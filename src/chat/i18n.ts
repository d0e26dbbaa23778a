// Every user-visible string, in zh-CN and en-US, and the formatters for money, dates, days and
// rates. A small typed catalogue: keys are checked at compile time (a missing or extra key in
// either locale is a type error), placeholders are typed from the English text.
//
// Templates: `{name}` inserts a parameter; `{name|one|other}` inserts the English singular or
// plural word for the number `name` (Chinese has no plural forms and does not use it).
import { displayMinor, parseMoney } from '../domain/money.js';
import type { Inline, Locale } from './message.js';
import { en } from './i18n/en-us.js';
import { zh } from './i18n/zh-cn.js';

export type { Locale } from './message.js';
export { LOCALES } from '../domain/locale.js';

export type MessageKey = keyof typeof en;
/** The shape every locale's catalogue must have: exactly the English keys. */
export type Catalogue = { readonly [K in MessageKey]: string };

const CATALOGUES: Record<Locale, Catalogue> = { 'en-US': en, 'zh-CN': zh };

/** Placeholder names of a template literal type: "{n} {n|day|days} to {date}" → "n" | "date". */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? (P extends `${infer Name}|${string}` ? Name : P) | Placeholders<Rest>
  : never;
export type ParamsOf<K extends MessageKey> = Record<Placeholders<(typeof en)[K]>, string | number>;
type ParamArgs<K extends MessageKey, V> = [Placeholders<(typeof en)[K]>] extends [never]
  ? [] : [Record<Placeholders<(typeof en)[K]>, V>];

export function isLocale(s: unknown): s is Locale {
  return s === 'zh-CN' || s === 'en-US';
}

export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export function catalogue(locale: Locale): Catalogue {
  return CATALOGUES[locale];
}

/** The template of `key`; an unexpected locale (a bad database value) falls back to English. */
function template(locale: Locale, key: MessageKey): string {
  const cat: Catalogue | undefined = (CATALOGUES as Partial<Record<string, Catalogue>>)[locale];
  return cat?.[key] ?? en[key] ?? key;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?:\|([^|}]*)\|([^}]*))?\}/g;

function fill(template: string, params: Record<string, unknown>, out: (piece: string | Inline) => void): void {
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    out(template.slice(last, m.index));
    last = m.index + m[0].length;
    const value = params[m[1]!];
    if (m[2] !== undefined) out(Number(value) === 1 ? m[2] : m[3]!);
    else if (value === undefined) out(m[0]);
    else if (typeof value === 'object' && value !== null) out(value as Inline);
    else out(String(value));
  }
  out(template.slice(last));
}

/** The text of `key` in `locale`, with its parameters filled in. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...params: ParamArgs<K, string | number>): string {
  let s = '';
  fill(template(locale, key), params[0] ?? {}, (piece) => { s += typeof piece === 'string' ? piece : ''; });
  return s;
}

/**
 * Like `t`, but a parameter may be an inline segment (a mention, bold text), placed where the
 * locale's word order puts it: "Claimed by @Li" / "已由 @Li 认领".
 */
export function tr<K extends MessageKey>(locale: Locale, key: K, ...params: ParamArgs<K, string | number | Inline>): Inline[] {
  const out: Inline[] = [];
  fill(template(locale, key), params[0] ?? {}, (piece) => {
    if (typeof piece !== 'string') { out.push(piece); return; }
    if (piece === '') return;
    const prev = out[out.length - 1];
    if (prev && 'text' in prev && !prev.bold) out[out.length - 1] = { text: prev.text + piece };
    else out.push({ text: piece });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Formatters. Money goes through displayMinor (bigint, never a float).

const LOCAL_SYMBOL: Record<Locale, Record<string, string>> = {
  'zh-CN': { CNY: '¥' },
  'en-US': { USD: '$' },
};

/** "¥12,345.60" (zh-CN, CNY) / "CNY 12,345.60" (en-US): a symbol only where it is unambiguous. */
export function formatAmount(minor: bigint, currency: string, locale: Locale): string {
  const code = currency.toUpperCase();
  const symbol = LOCAL_SYMBOL[locale][code];
  const abs = displayMinor(minor < 0n ? -minor : minor, code);
  const sign = minor < 0n ? '-' : '';
  return symbol ? `${sign}${symbol}${abs}` : `${sign}${code} ${abs}`;
}

/**
 * A report's decimal string in major units ("12345.60", DESIGN.md report JSON) for people.
 * Anything that is not such a decimal is shown as given.
 */
export function formatDecimal(decimal: string, currency: string, locale: Locale, opts: { symbol?: boolean } = {}): string {
  const negative = decimal.startsWith('-');
  const parsed = parseMoney(negative ? decimal.slice(1) : decimal, currency);
  if (!parsed.ok) return decimal;
  const minor = negative ? -parsed.minor : parsed.minor;
  return opts.symbol === false ? displayMinor(minor, currency.toUpperCase()) : formatAmount(minor, currency, locale);
}

/** Minor units of a report's decimal string, or null. */
export function decimalToMinor(decimal: string, currency: string): bigint | null {
  const negative = decimal.startsWith('-');
  const parsed = parseMoney(negative ? decimal.slice(1) : decimal, currency);
  if (!parsed.ok) return null;
  return negative ? -parsed.minor : parsed.minor;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026-11-23 → "2026年11月23日" / "Nov 23, 2026"; anything else is shown as given. */
export function formatDate(iso: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [m[1]!, Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return iso;
  return locale === 'zh-CN' ? `${y}年${mo}月${d}日` : `${EN_MONTHS[mo - 1]} ${d}, ${y}`;
}

/** 45 → "45天" / "45 days"; 1 → "1 day". */
export function formatDays(n: number, locale: Locale): string {
  return t(locale, 'unit.days', { n });
}

/** A ratio (0.853) → "85.3%"; at most one decimal, trailing ".0" dropped; null → "—". */
export function formatPercent(ratio: number | null, locale: Locale): string {
  if (ratio === null || !Number.isFinite(ratio)) return t(locale, 'value.none');
  const tenths = Math.round(ratio * 1000);
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  const whole = Math.floor(abs / 10);
  const frac = abs % 10;
  return `${sign}${whole.toLocaleString('en-US')}${frac ? `.${frac}` : ''}%`;
}

/** An amount's digits without symbol, for table cells under a currency heading. */
export function formatMinorPlain(minor: bigint, currency: string): string {
  return displayMinor(minor, currency.toUpperCase());
}


