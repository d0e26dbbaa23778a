// The chat command grammar (DESIGN.md "Chat commands"): one parser for Slack's `/ar …` text,
// Lark messages (`@_user_1 …` mention placeholders) and the console. Pure: text in, a typed
// command or a usage error out; nothing is looked up here (customers, users and amounts in the
// org's currency are resolved by the services).
import { parsePeriod, type PeriodSpec } from '../domain/period.js';
import { isIsoDate } from '../domain/calendar.js';
import { PLAN_INSTALMENTS, type PlanEvery } from '../domain/promise-allocation.js';

export const COMMANDS = [
  'help', 'digest', 'mine', 'case', 'claim', 'release', 'assign', 'log', 'promise', 'dispute', 'snooze',
  'escalate', 'approve', 'reject', 'writeoff', 'report', 'subscribe', 'unsubscribe', 'target', 'lang',
  'legal',
  'hold', 'unhold',
  'plan',
  'evidence',
  'remind', 'statement',
] as const;
export type CommandName = (typeof COMMANDS)[number];

// The vocabulary is the domain's (issue 8: defined once), re-exported for the grammar's readers.
import { METHODS, OUTCOMES, type Method, type Outcome } from '../domain/collection-records.js';
import { GROUP_BYS, type GroupBy } from '../domain/report-groups.js';
import { SUBSCRIPTION_KINDS, type SubscriptionKind } from '../domain/subscription-kinds.js';
import { LEGAL_STAGES, type LegalStage } from '../domain/legal-stages.js';
import type { Locale } from '../domain/locale.js';
import { TARGET_METRICS, type TargetMetric } from '../domain/target-achievement.js';
export { METHODS, OUTCOMES, SUBSCRIPTION_KINDS, LEGAL_STAGES, type Method, type Outcome, type GroupBy, type SubscriptionKind, type LegalStage };
export const REPORTS = ['aging', 'kpi', 'provision'] as const;
export type ReportKind = (typeof REPORTS)[number];
export const GROUP_BY = GROUP_BYS;
/** What `/ar remind` may send (issue 11; the template kinds of src/services/documents). */
export const REMIND_KINDS = ['reminder', 'statement', 'final_notice', 'courtesy'] as const;
export type RemindKind = (typeof REMIND_KINDS)[number];
export const PERIODS = ['month', 'quarter'] as const;
export type Period = (typeof PERIODS)[number];

/** The right form of each command, shown with every usage error (syntax, so not translated). */
export const USAGE: Record<CommandName, string> = {
  help: '/ar help [command]',
  digest: '/ar digest',
  mine: '/ar mine',
  case: '/ar case <customer>',
  claim: '/ar claim <customer>',
  release: '/ar release <customer>',
  assign: '/ar assign <customer> <@user>',
  log: `/ar log <customer> <${METHODS.join('|')}> [<${OUTCOMES.join('|')}>] <text>`,
  promise: '/ar promise <customer> <amount> <YYYY-MM-DD> [note]',
  dispute: '/ar dispute <invoice> <reason> | confirm | resolve [note]',
  snooze: '/ar snooze <customer> <days> <reason>',
  escalate: '/ar escalate <customer> [agency <agency>] <reason>',
  approve: '/ar approve <customer> [note]',
  reject: '/ar reject <customer> <reason>',
  writeoff: '/ar writeoff <invoice> <reason>',
  report: `/ar report ${REPORTS.join('|')} [by ${GROUP_BY.join('|')}] [period month|quarter|year|<N>d] [chart]`,
  subscribe: `/ar subscribe ${SUBSCRIPTION_KINDS.join('|')} [region:<r>] [product:<p>] [at:HH:MM]`,
  unsubscribe: `/ar unsubscribe ${SUBSCRIPTION_KINDS.join('|')} [region:<r>] [product:<p>]`,
  target: `/ar target org|region:<r>|owner:<@user>|product:<p> <${TARGET_METRICS.join('|')}> <value> [month|quarter]`,
  lang: '/ar lang zh|en',
  legal: `/ar legal <customer> <${LEGAL_STAGES.join('|')}> <note>  (closed recovered <amount> <note> | closed uncollectable <note>)`,
  hold: '/ar hold <customer> <reason>',
  unhold: '/ar unhold <customer> [note]',
  plan: '/ar plan <customer> <n>x<amount> from <YYYY-MM-DD> every <week|month> [note]',
  evidence: '/ar evidence <customer>',
  remind: `/ar remind <customer> [${REMIND_KINDS.join('|')}]`,
  statement: '/ar statement <customer>',
};

/**
 * A person named in a command, as the platform wrote it; the router maps it to a duebot user.
 * Slack: `<@U123>` / `<@U123|name>` (slash commands with "escape users" on); Lark: the `@_user_2`
 * placeholder whose open_id is in the event's `mentions`; anywhere: an email.
 */
export type UserRef =
  | { kind: 'slack'; id: string; name?: string }
  | { kind: 'lark'; key: string }
  | { kind: 'email'; email: string };

export type TargetScope =
  | { kind: 'org' }
  | { kind: 'region'; region: string }
  | { kind: 'owner'; user: UserRef }
  | { kind: 'product'; product: string };

export interface SubscriptionFilter { region?: string; product?: string; at?: string }

/** `log`, `promise` and `escalate` without arguments: the adapter opens a form. */
export interface FormRequest { kind: 'log' | 'promise' | 'escalate' | 'plan'; form: true }

export type ChatCommand =
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'digest' }
  | { kind: 'mine' }
  | { kind: 'case' | 'claim' | 'release'; customer: string }
  | { kind: 'assign'; customer: string; user: UserRef }
  | { kind: 'log'; form: false; customer: string; method: Method; outcome: Outcome | null; text: string }
  | { kind: 'promise'; form: false; customer: string; amount: string; date: string; note: string | null }
  | { kind: 'dispute' | 'writeoff'; invoice: string; reason: string; step?: undefined }
  /** Issue 9: a supervisor confirms a pending dispute request, or ends a dispute. */
  | { kind: 'dispute'; invoice: string; step: 'confirm' | 'resolve'; note: string | null }
  | { kind: 'snooze'; customer: string; days: number; reason: string }
  | { kind: 'escalate'; form: false; customer: string; reason: string; agency: string | null }
  | { kind: 'approve'; customer: string; note: string | null }
  | { kind: 'reject'; customer: string; reason: string }
  /** `chart`: posts the report's chart in the channel (aging, by a group or not; kpi: the 12-week trend). */
  | { kind: 'report'; report: ReportKind; by: GroupBy | null; period: PeriodSpec | null; chart?: true }
  | { kind: 'subscribe' | 'unsubscribe'; subscription: SubscriptionKind; filter: SubscriptionFilter }
  /** `value`: a percent (recovery, cei), whole days (dso) or an amount in major units (collected, overdue). */
  | { kind: 'target'; scope: TargetScope; metric: TargetMetric; value: string; period: Period }
  | { kind: 'lang'; locale: Locale }
  | { kind: 'evidence'; customer: string }
  | { kind: 'legal'; customer: string; stage: LegalStage; note: string; result: 'recovered' | 'uncollectable' | null; recovered: string | null }
  | { kind: 'hold'; customer: string; reason: string }
  | { kind: 'unhold'; customer: string; note: string | null }
  /** An instalment plan (issue 10): n instalments of `amount` from `date`, every week or month. */
  | { kind: 'plan'; form: false; customer: string; instalments: number; amount: string; date: string; every: PlanEvery; note: string | null }
  /** Issue 11: a message to the customer, previewed with Send / Cancel. */
  | { kind: 'remind'; customer: string; message: RemindKind }
  | { kind: 'statement'; customer: string }
  | FormRequest;

export type UsageErrorCode = 'unknown_command' | 'missing_argument' | 'bad_value' | 'too_many';
export const USAGE_ERROR_CODES: readonly UsageErrorCode[] = ['unknown_command', 'missing_argument', 'bad_value', 'too_many'];

/** The names `argument` takes in a UsageError (i18n has a label for each). */
export const ARGUMENTS = [
  'command', 'customer', 'user', 'method', 'text', 'amount', 'date', 'note', 'invoice', 'reason', 'days',
  'report', 'by', 'subscription', 'option', 'region', 'product', 'at', 'scope', 'owner', 'metric', 'percent',
  'period', 'language', 'quote', 'stage', 'result', 'agency', 'message',
  'instalments', 'every', 'chart',
] as const;
export type ArgumentName = (typeof ARGUMENTS)[number];

export interface UsageError {
  code: UsageErrorCode;
  command?: CommandName;
  argument?: ArgumentName;
  /** What the user typed there (already trimmed). */
  got?: string;
  /** The right form, e.g. "/ar promise <customer> <amount> <YYYY-MM-DD> [note]". */
  usage: string;
  /** A likely cause worth saying: an unquoted customer name with spaces. */
  hint?: 'quote_customer';
}

export type ParseResult = { ok: true; command: ChatCommand } | { ok: false; error: UsageError };

// ---------------------------------------------------------------------------------------------
// Scanning: tokens are pulled one at a time so free text (reasons, notes, record bodies) stays
// exactly as typed, stray quotes included.

interface Token { value: string; quoted: boolean; start: number }

/** Opening quote → the closing marks accepted for it (phones and IMEs mix straight and curly). */
const QUOTES: Record<string, string> = { '"': '"”', '“': '”"', '「': '」', '『': '』' };
const SPACE = /\s/u; // includes U+3000 (full-width) and U+00A0

class Failure {
  constructor(readonly error: Omit<UsageError, 'usage' | 'command'>) {}
}

class Scanner {
  private pos = 0;
  constructor(private readonly src: string) {}

  private skipSpace(): void {
    while (this.pos < this.src.length && SPACE.test(this.src[this.pos]!)) this.pos++;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.src.length;
  }

  /** The next token, or undefined at the end. Quotes may open anywhere (`region:"East China"`). */
  next(): Token | undefined {
    this.skipSpace();
    if (this.pos >= this.src.length) return undefined;
    const start = this.pos;
    let value = '';
    let quoted = false;
    while (this.pos < this.src.length && !SPACE.test(this.src[this.pos]!)) {
      const c = this.src[this.pos]!;
      const closers = QUOTES[c];
      if (closers !== undefined) {
        let end = this.pos + 1;
        while (end < this.src.length && !closers.includes(this.src[end]!)) end++;
        if (end >= this.src.length) throw new Failure({ code: 'bad_value', argument: 'quote', got: this.src.slice(this.pos).trim() });
        value += this.src.slice(this.pos + 1, end);
        quoted = true;
        this.pos = end + 1;
      } else if (c === '<') {
        // Slack's `<@U123|Zhang San>` and `<mailto:…|…>` are one token even with spaces inside.
        const end = this.src.indexOf('>', this.pos);
        const chunk = end < 0 ? c : this.src.slice(this.pos, end + 1);
        value += chunk;
        this.pos += chunk.length;
      } else {
        value += c;
        this.pos++;
      }
    }
    return { value: quoted ? value.trim() : value, quoted, start };
  }

  /** The tokens left, without consuming them (none past an unclosed quote). */
  remaining(): Token[] {
    const saved = this.pos;
    const out: Token[] = [];
    try {
      for (let t = this.next(); t !== undefined; t = this.next()) out.push(t);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
    } finally {
      this.pos = saved;
    }
    return out;
  }

  peek(): Token | undefined {
    const saved = this.pos;
    try {
      return this.next();
    } catch {
      return undefined;
    } finally {
      this.pos = saved;
    }
  }

  /** The raw rest of the line, trimmed; '' at the end. */
  rest(): string {
    const r = this.src.slice(this.pos).trim();
    this.pos = this.src.length;
    return r;
  }
}

// ---------------------------------------------------------------------------------------------
// Values

const fail = (error: Omit<UsageError, 'usage' | 'command'>): never => { throw new Failure(error); };

function required(s: Scanner, argument: ArgumentName): Token {
  const t = s.next();
  if (t === undefined || t.value === '') return fail({ code: 'missing_argument', argument });
  return t;
}

function requiredRest(s: Scanner, argument: ArgumentName): string {
  const r = s.rest();
  if (r === '') return fail({ code: 'missing_argument', argument });
  return r;
}

function optionalRest(s: Scanner): string | null {
  const r = s.rest();
  return r === '' ? null : r;
}

function noMore(s: Scanner): void {
  if (!s.atEnd()) fail({ code: 'too_many', got: s.rest() });
}

/** `case`/`claim`/`release`: the whole rest is the customer; one quoted string loses its quotes. */
function wholeRestCustomer(s: Scanner): string {
  const raw = s.rest();
  let unquoted = raw;
  const probe = new Scanner(raw);
  try {
    const first = probe.next();
    if (first !== undefined && first.quoted && probe.atEnd()) unquoted = first.value;
  } catch (e) {
    if (!(e instanceof Failure)) throw e; // an unbalanced quote is part of the name as typed
  }
  if (unquoted === '') fail({ code: 'missing_argument', argument: 'customer' });
  // Typed names often carry doubled spaces; quoted names are taken exactly.
  return unquoted === raw ? raw.replace(/\s+/gu, ' ') : unquoted;
}

/**
 * A bad value right after an unquoted customer: when it is a word and a later token would have
 * fitted there, the customer was most likely a name with spaces: the error says they need quotes.
 */
function badValue(argument: ArgumentName, got: string, after?: { customer: Token; s: Scanner; fits: (t: Token) => boolean }): never {
  const hint = after !== undefined && !after.customer.quoted && /\p{L}/u.test(got) && after.s.remaining().some(after.fits);
  return fail({ code: 'bad_value', argument, got, ...(hint ? { hint: 'quote_customer' as const } : {}) });
}

const keyword = (t: Token): string => (t.quoted ? '\u0000' : t.value.toLowerCase().replace(/-/g, '_'));

const isOneOf = (allowed: readonly string[]) => (t: Token): boolean => allowed.includes(keyword(t));

function oneOf<T extends string>(t: Token, allowed: readonly T[], argument: ArgumentName, after?: { customer: Token; s: Scanner }): T {
  if (isOneOf(allowed)(t)) return keyword(t) as T;
  return badValue(argument, t.value, after && { ...after, fits: isOneOf(allowed) });
}

const SLACK_USER = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$/;
const LARK_USER = /^@_user_\d+$/;
const SLACK_MAILTO = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export function parseUserRef(text: string): UserRef | null {
  const v = text.trim();
  const slack = SLACK_USER.exec(v);
  if (slack) return slack[2] ? { kind: 'slack', id: slack[1]!, name: slack[2] } : { kind: 'slack', id: slack[1]! };
  if (LARK_USER.test(v)) return { kind: 'lark', key: v };
  // Slack turns a typed email into `<mailto:a@b.c|a@b.c>` when it escapes links.
  const email = SLACK_MAILTO.exec(v)?.[1] ?? v;
  return EMAIL.test(email) ? { kind: 'email', email } : null;
}

/** "12,000.50" → "12000.50"; null unless a plain positive decimal (`^\d+(\.\d+)?$`, > 0). */
export function parseAmount(text: string): string | null {
  let v = text.trim();
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) v = v.replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(v) || !/[1-9]/.test(v)) return null;
  return v;
}

/** Whole days 1–365. */
export function parseDays(text: string): number | null {
  if (!/^\d{1,3}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 365 ? n : null;
}

/** 0 < p ≤ 100, at most two decimals (targets.percent is numeric(6,2)); a trailing % is allowed. */
export function parsePercent(text: string): string | null {
  const m = /^(\d{1,3}(?:\.\d{1,2})?)%?$/.exec(text);
  if (!m) return null;
  const p = Number(m[1]);
  return p > 0 && p <= 100 ? m[1]! : null;
}

/** HH:MM (or H:MM) from 00:00 to 23:59, normalised to HH:MM. */
export function parseTime(text: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m || +m[1]! > 23 || +m[2]! > 59) return null;
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

function splitOption(t: Token): { key: string; value: string } | null {
  const m = /^([A-Za-z]+)[:：](.*)$/s.exec(t.value);
  return m ? { key: m[1]!.toLowerCase(), value: m[2]!.trim() } : null;
}

// ---------------------------------------------------------------------------------------------
// Commands

const ALIASES: Record<string, CommandName> = { 'write_off': 'writeoff', '?': 'help' };

function command(s: Scanner, name: CommandName): ChatCommand {
  switch (name) {
    case 'digest':
    case 'mine':
      noMore(s);
      return { kind: name };
    case 'help': {
      const t = s.next();
      if (t === undefined) return { kind: 'help' };
      const topic = commandName(t);
      if (topic === null) fail({ code: 'unknown_command', argument: 'command', got: t.value });
      noMore(s);
      return { kind: 'help', topic: topic! };
    }
    case 'case':
    case 'claim':
    case 'release':
      return { kind: name, customer: wholeRestCustomer(s) };
    case 'assign': {
      const customer = required(s, 'customer');
      const u = required(s, 'user');
      const user = parseUserRef(u.value) ?? badValue('user', u.value, { customer, s, fits: (x) => parseUserRef(x.value) !== null });
      noMore(s);
      return { kind: 'assign', customer: customer.value, user };
    }
    case 'log': {
      if (s.atEnd()) return { kind: 'log', form: true };
      const customer = required(s, 'customer');
      const method = oneOf(required(s, 'method'), METHODS, 'method', { customer, s });
      const next = s.peek();
      let outcome: Outcome | null = null;
      if (next !== undefined && (OUTCOMES as readonly string[]).includes(keyword(next))) {
        outcome = keyword(next) as Outcome;
        s.next();
      }
      return { kind: 'log', form: false, customer: customer.value, method, outcome, text: requiredRest(s, 'text') };
    }
    case 'promise': {
      if (s.atEnd()) return { kind: 'promise', form: true };
      const customer = required(s, 'customer');
      const a = required(s, 'amount');
      const amount = parseAmount(a.value) ?? badValue('amount', a.value, { customer, s, fits: (x) => parseAmount(x.value) !== null });
      const d = required(s, 'date');
      if (!isIsoDate(d.value)) badValue('date', d.value);
      return { kind: 'promise', form: false, customer: customer.value, amount, date: d.value, note: optionalRest(s) };
    }
    case 'hold': {
      const customer = required(s, 'customer');
      return { kind: 'hold', customer: customer.value, reason: requiredRest(s, 'reason') };
    }
    case 'evidence':
      return { kind: 'evidence', customer: wholeRestCustomer(s) };
    case 'unhold': {
      const customer = required(s, 'customer');
      return { kind: 'unhold', customer: customer.value, note: optionalRest(s) };
    }
    case 'plan':
      return plan(s);
    case 'remind':
    case 'statement': {
      const customer = required(s, 'customer');
      if (name === 'statement') { noMore(s); return { kind: 'statement', customer: customer.value }; }
      const k = s.atEnd() ? undefined : s.next();
      const message = k === undefined ? 'reminder' : (REMIND_KINDS as readonly string[]).find((x) => x === keyword(k)) as RemindKind | undefined;
      if (message === undefined) badValue('message', k!.value);
      noMore(s);
      return { kind: 'remind', customer: customer.value, message };
    }
    case 'dispute':
    case 'writeoff': {
      const invoice = required(s, 'invoice');
      const step = name === 'dispute' ? s.peek() : undefined;
      if (step !== undefined && keyword(step) === 'confirm') {
        s.next();
        noMore(s);
        return { kind: 'dispute', invoice: invoice.value, step: 'confirm', note: null };
      }
      if (step !== undefined && keyword(step) === 'resolve') {
        s.next();
        return { kind: 'dispute', invoice: invoice.value, step: 'resolve', note: optionalRest(s) };
      }
      return { kind: name, invoice: invoice.value, reason: requiredRest(s, 'reason') };
    }
    case 'snooze': {
      const customer = required(s, 'customer');
      const d = required(s, 'days');
      const days = parseDays(d.value) ?? badValue('days', d.value, { customer, s, fits: (x) => parseDays(x.value) !== null });
      return { kind: 'snooze', customer: customer.value, days, reason: requiredRest(s, 'reason') };
    }
    case 'escalate': {
      if (s.atEnd()) return { kind: 'escalate', form: true };
      const customer = required(s, 'customer');
      // `agency <name>` hands the case to a collection agency instead of legal (quote a name with spaces).
      const next = s.peek();
      let agency: string | null = null;
      if (next && !next.quoted && keyword(next) === 'agency') {
        s.next();
        agency = required(s, 'agency').value;
      }
      return { kind: 'escalate', form: false, customer: customer.value, reason: requiredRest(s, 'reason'), agency };
    }
    case 'approve': {
      const customer = required(s, 'customer');
      return { kind: 'approve', customer: customer.value, note: optionalRest(s) };
    }
    case 'reject': {
      const customer = required(s, 'customer');
      return { kind: 'reject', customer: customer.value, reason: requiredRest(s, 'reason') };
    }
    case 'report':
      return report(s);
    case 'subscribe':
    case 'unsubscribe':
      return subscription(s, name);
    case 'target':
      return target(s);
    case 'legal': {
      const customer = required(s, 'customer');
      const stage = oneOf(required(s, 'stage'), LEGAL_STAGES, 'stage', { customer, s });
      if (stage !== 'closed') return { kind: 'legal', customer: customer.value, stage, note: requiredRest(s, 'note'), result: null, recovered: null };
      const result = oneOf(required(s, 'result'), ['recovered', 'uncollectable'] as const, 'result');
      let recovered: string | null = null;
      if (result === 'recovered') {
        const a = required(s, 'amount');
        recovered = parseAmount(a.value) ?? (a.value === '0' ? '0' : badValue('amount', a.value));
      }
      return { kind: 'legal', customer: customer.value, stage, note: requiredRest(s, 'note'), result, recovered };
    }
    case 'lang': {
      const t = required(s, 'language');
      const locale = LANGS[keyword(t)] ?? badValue('language', t.value);
      noMore(s);
      return { kind: 'lang', locale };
    }
  }
}

const LANGS: Record<string, Locale> = {
  zh: 'zh-CN', zh_cn: 'zh-CN', cn: 'zh-CN', '中文': 'zh-CN',
  en: 'en-US', en_us: 'en-US', english: 'en-US', '英文': 'en-US',
};

function report(s: Scanner): ChatCommand {
  const kind = oneOf(required(s, 'report'), REPORTS, 'report');
  let by: GroupBy | null = null;
  let period: PeriodSpec | null = null;
  let chart = false;
  // `by region` / `by:region` and (kpi) `period month` / `period:30d`, in either order, once each;
  // `chart` last (issue 13): aging, by a group or not, and the KPI trend (no period: it is 12 weeks).
  for (let t = s.next(); t !== undefined; t = s.next()) {
    const opt = splitOption(t);
    const name = opt && opt.value !== '' ? opt.key : keyword(t);
    if (!opt && name === 'chart' && !chart) {
      if (kind === 'provision' || (kind === 'kpi' && (by !== null || period !== null))) badValue('chart', t.value);
      chart = true;
      continue;
    }
    if (chart) fail({ code: 'too_many', got: s.atEnd() ? t.value : `${t.value} ${s.rest()}` });
    const value = (argument: 'by' | 'period'): Token => (opt && opt.value !== '' ? { value: opt.value, quoted: false, start: t!.start } : required(s, argument));
    if (name === 'by' && by === null) {
      const dim = value('by');
      by = keyword(dim) === 'product_line' ? 'product' : oneOf(dim, GROUP_BY, 'by');
    } else if (name === 'period' && period === null && kind === 'kpi') {
      const p = value('period');
      const parsed = parsePeriod(p.quoted ? '' : p.value);
      if (!parsed.ok) badValue('period', p.value);
      period = parsed.spec;
    } else if (by === null && period === null) {
      badValue('by', t.value);
    } else {
      fail({ code: 'too_many', got: s.atEnd() ? t.value : `${t.value} ${s.rest()}` });
    }
  }
  return { kind: 'report', report: kind, by, period, ...(chart ? { chart: true as const } : {}) };
}

function subscription(s: Scanner, name: 'subscribe' | 'unsubscribe'): ChatCommand {
  const kind = oneOf(required(s, 'subscription'), SUBSCRIPTION_KINDS, 'subscription');
  const filter: SubscriptionFilter = {};
  for (let t = s.next(); t !== undefined; t = s.next()) {
    const opt = splitOption(t);
    if (opt === null || !['region', 'product', 'at'].includes(opt.key) || (opt.key === 'at' && name === 'unsubscribe')) {
      badValue('option', t.value);
    }
    const key = opt!.key as 'region' | 'product' | 'at';
    if (filter[key] !== undefined) fail({ code: 'too_many', argument: key, got: t.value });
    if (opt!.value === '') fail({ code: 'missing_argument', argument: key });
    if (key === 'at') filter.at = parseTime(opt!.value) ?? badValue('at', opt!.value);
    else filter[key] = opt!.value;
  }
  return { kind: name, subscription: kind, filter };
}

function target(s: Scanner): ChatCommand {
  const t = required(s, 'scope');
  let scope: TargetScope;
  const opt = splitOption(t);
  if (keyword(t) === 'org') scope = { kind: 'org' };
  else if (opt?.key === 'region' && opt.value !== '') scope = { kind: 'region', region: opt.value };
  else if (opt?.key === 'product' && opt.value !== '') scope = { kind: 'product', product: opt.value };
  else if (opt?.key === 'owner' && opt.value !== '') scope = { kind: 'owner', user: parseUserRef(opt.value) ?? badValue('owner', opt.value) };
  else return badValue('scope', t.value);
  const metric = oneOf(required(s, 'metric'), TARGET_METRICS, 'metric');
  // DOMAIN.md "Targets": a percent for the rates, days for DSO, an amount for collected and overdue.
  const argument = metric === 'recovery' || metric === 'cei' ? 'percent' as const : metric === 'dso' ? 'days' as const : 'amount' as const;
  const v = required(s, argument);
  const value = (argument === 'percent' ? parsePercent(v.value) : argument === 'days' ? (parseDays(v.value)?.toString() ?? null) : parseTargetAmount(v.value))
    ?? badValue(argument, v.value);
  const per = s.next();
  const period = per === undefined ? 'month' : oneOf(per, PERIODS, 'period');
  noMore(s);
  return { kind: 'target', scope, metric, value, period };
}

/** An amount target: a positive amount with at most 2 decimals and 15 whole digits (targets.value is numeric(20,2)). */
function parseTargetAmount(text: string): string | null {
  const a = parseAmount(text);
  return a !== null && /^\d{1,15}(\.\d{1,2})?$/.test(a) ? a : null;
}

/** `<n>x<amount>` ("3x5000", "6×1,200.50"): the number of instalments and the amount of each. */
export function parseInstalments(text: string): { instalments: number; amount: string } | null {
  const m = /^(\d{1,2})\s*[xX×*]\s*(.+)$/u.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const amount = parseAmount(m[2]!);
  return n >= PLAN_INSTALMENTS.min && n <= PLAN_INSTALMENTS.max && amount !== null ? { instalments: n, amount } : null;
}

const EVERY_WORDS: Record<string, PlanEvery> = { week: 'week', weekly: 'week', '周': 'week', '每周': 'week', month: 'month', monthly: 'month', '月': 'month', '每月': 'month' };

function plan(s: Scanner): ChatCommand {
  if (s.atEnd()) return { kind: 'plan', form: true };
  const customer = required(s, 'customer');
  const n = required(s, 'instalments');
  const parsed = parseInstalments(n.value) ?? badValue('instalments', n.value, { customer, s, fits: (x) => parseInstalments(x.value) !== null });
  // The words `from` and `every` may be left out: `/ar plan ACME 3x5000 2026-12-01 month`.
  if (s.peek() !== undefined && (keyword(s.peek()!) === 'from' || s.peek()!.value === '从')) s.next();
  const d = required(s, 'date');
  if (!isIsoDate(d.value)) badValue('date', d.value);
  if (s.peek() !== undefined && (keyword(s.peek()!) === 'every' || s.peek()!.value === '每')) s.next();
  const unit = required(s, 'every');
  const e = EVERY_WORDS[keyword(unit)] ?? EVERY_WORDS[unit.value] ?? badValue('every', unit.value);
  return { kind: 'plan', form: false, customer: customer.value, instalments: parsed.instalments, amount: parsed.amount, date: d.value, every: e, note: optionalRest(s) };
}

function commandName(t: Token): CommandName | null {
  const k = keyword(t);
  if ((COMMANDS as readonly string[]).includes(k)) return k as CommandName;
  return ALIASES[k] ?? null;
}

/** Leading Lark mention placeholders (the bot: `@_user_1 `) and the `/ar` prefix. */
function stripPrefix(text: string): string {
  let s = text.trim();
  for (let m = /^@_user_\d+(?:\s+|$)/u.exec(s); m; m = /^@_user_\d+(?:\s+|$)/u.exec(s)) s = s.slice(m[0].length);
  const ar = /^[/／]ar(?:\s+|$)/iu.exec(s);
  if (ar) s = s.slice(ar[0].length);
  return s.trim();
}

/** Parses one chat command. Never throws: wrong input gives a UsageError with the right usage. */
export function parseCommand(text: string): ParseResult {
  const s = new Scanner(stripPrefix(text));
  let name: CommandName | null = null;
  try {
    const first = s.next();
    if (first === undefined) return { ok: true, command: { kind: 'help' } };
    name = commandName(first);
    if (name === null) return { ok: false, error: { code: 'unknown_command', got: first.value, usage: USAGE.help } };
    return { ok: true, command: command(s, name) };
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    return { ok: false, error: { ...e.error, ...(name ? { command: name } : {}), usage: name ? USAGE[name] : USAGE.help } };
  }
}
