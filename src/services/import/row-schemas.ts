// What a valid CSV row is, per kind (DESIGN.md "Data formats"): one zod schema per kind. Cells
// arrive as strings (absent optional columns as undefined); a valid row comes out typed.
import { LOCALES } from '../../domain/locale.js';
import { z } from 'zod';
import { isIsoDate } from '../../domain/calendar.js';
import { CONTACT_ROLES, DEFAULT_RECIPIENT_ROLE } from '../../domain/contact-roles.js';
import { minorDigits, parseMoney } from '../../domain/money.js';
import type { Role } from '../../store/schema.js';

export const IMPORT_KINDS = ['customers', 'invoices', 'payments', 'users', 'calendar', 'contacts'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const isImportKind = (s: string): s is ImportKind => (IMPORT_KINDS as readonly string[]).includes(s);

/** The columns of each file; any order, nothing else. */
export const COLUMNS: Record<ImportKind, { required: readonly string[]; optional: readonly string[] }> = {
  users: { required: ['email', 'name', 'role'], optional: ['region', 'timezone', 'slack_user_id', 'lark_open_id', 'active'] },
  customers: {
    required: ['code', 'name', 'credit_grade', 'credit_limit', 'payment_terms_days'],
    optional: ['industry', 'region', 'owner_email'],
  },
  invoices: {
    required: ['number', 'customer_code', 'amount', 'issued_on', 'due_on'],
    optional: ['currency', 'product_line', 'region'],
  },
  payments: { required: ['invoice_number', 'amount', 'paid_on'], optional: ['reference'] },
  calendar: { required: ['date', 'kind', 'name'], optional: [] },
  contacts: { required: ['customer_code', 'name'], optional: ['email', 'phone', 'role', 'locale'] },
};

export type Cells = Record<string, string | undefined>;
export interface RowIssue { column: string; message: string }
export type RowVerdict<T> = { ok: true; row: T } | { ok: false; issues: RowIssue[] };

/** What validation needs beyond the row: the org's currency, and the currency of invoices in another one. */
export interface RowContext {
  currency: string;
  invoiceCurrency?: (invoiceNumber: string) => string | undefined;
}

const ROLES = ['admin', 'manager', 'finance', 'sales', 'legal'] as const satisfies readonly Role[];
const GRADES = ['A', 'B', 'C', 'D'] as const;
const MAX_MINOR = 2n ** 63n - 1n;   // bigint column
const MAX_TERMS_DAYS = 3650;

const required = z.string().trim().min(1, 'required');
const optional = z.string().optional().transform((v) => (v === undefined || v.trim() === '' ? null : v.trim()));
const date = z.string().transform((v, ctx) => {
  const t = v.trim();
  if (t !== '' && isDate(t)) return t;
  ctx.addIssue({ code: 'custom', message: t === '' ? 'required' : 'not a date: use YYYY-MM-DD' });
  return z.NEVER;
});
const email = required.pipe(z.email({ error: 'not an email address' }));
const optionalEmail = optional.pipe(z.email({ error: 'not an email address' }).nullable());

/** Amount in major units → minor units, exactly (no floats): at most the currency's minor digits. */
function money(currency: string, min: 0n | 1n) {
  return z.string().transform((text, ctx) => {
    const t = text.trim();
    if (t === '') { ctx.addIssue({ code: 'custom', message: 'required' }); return z.NEVER; }
    const r = parseMoney(t, currency);
    if (!r.ok) { ctx.addIssue({ code: 'custom', message: moneyMessage(r.reason, currency) }); return z.NEVER; }
    if (r.minor < min) { ctx.addIssue({ code: 'custom', message: 'must be greater than 0' }); return z.NEVER; }
    if (r.minor > MAX_MINOR) { ctx.addIssue({ code: 'custom', message: 'too large' }); return z.NEVER; }
    return r.minor;
  });
}

function moneyMessage(reason: 'format' | 'digits' | 'negative', currency: string): string {
  if (reason === 'negative') return 'must not be negative';
  if (reason === 'format') return 'not an amount: use a plain decimal such as 1234.50';
  const digits = minorDigits(currency);
  return digits === 0 ? `no decimals for ${currency}` : `at most ${digits} decimal${digits === 1 ? '' : 's'} for ${currency}`;
}

const currencyCode = z.string().optional().transform((v, ctx) => {
  const t = (v ?? '').trim().toUpperCase();
  if (t === '') return null;
  if (!/^[A-Z]{3}$/.test(t)) { ctx.addIssue({ code: 'custom', message: 'not a currency code such as CNY' }); return z.NEVER; }
  return t;
});

// A file holds few distinct dates and zones and many rows: remember the verdicts (bounded).
const dates = new Map<string, boolean>();
function isDate(s: string): boolean {
  let ok = dates.get(s);
  if (ok === undefined) {
    if (dates.size >= 50_000) dates.clear();
    ok = isIsoDate(s);
    dates.set(s, ok);
  }
  return ok;
}

const zones = new Map<string, boolean>();
function isTimeZone(tz: string): boolean {
  let ok = zones.get(tz);
  if (ok === undefined) {
    try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); ok = true; } catch { ok = false; }
    zones.set(tz, ok);
  }
  return ok;
}

const userSchema = z.object({
  email,
  name: required,
  role: z.string().trim().toLowerCase().pipe(z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` })),
  region: optional,
  timezone: optional.refine((tz) => tz === null || isTimeZone(tz), 'not an IANA time zone such as Asia/Shanghai'),
  slack_user_id: optional,
  lark_open_id: optional,
  // `false` marks a person who left (issue 15); empty keeps an existing user's state, a new user is active.
  active: optional.transform((v, ctx) => {
    if (v === null) return null;
    const t = v.toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return z.NEVER;
  }),
});


const contactSchema = z.object({
  customer_code: required,
  name: required,
  email: optionalEmail,
  phone: optional.refine((p) => p === null || /^\+?[0-9 ()-]{3,32}$/.test(p), 'not a phone number such as +86 21 5555 0100'),
  role: optional.transform((r) => r?.toLowerCase() ?? DEFAULT_RECIPIENT_ROLE)
    .pipe(z.enum(CONTACT_ROLES, { error: `must be one of ${CONTACT_ROLES.join(', ')}` })),
  // zh / en / zh-cn are accepted for the two locales.
  locale: optional.transform((l) => (l === null ? null : ({ zh: 'zh-CN', 'zh-cn': 'zh-CN', en: 'en-US', 'en-us': 'en-US' } as Record<string, string>)[l.toLowerCase()] ?? l))
    .pipe(z.enum(LOCALES, { error: 'must be zh-CN or en-US' }).nullable()),
});

function customerSchema(currency: string) {
  return z.object({
    code: required,
    name: required,
    credit_grade: z.string().trim().toUpperCase().pipe(z.enum(GRADES, { error: 'must be A, B, C or D' })),
    credit_limit: money(currency, 0n),
    payment_terms_days: z.string().trim().refine((s) => /^\d{1,4}$/.test(s) && Number(s) <= MAX_TERMS_DAYS,
      `must be a whole number of days from 0 to ${MAX_TERMS_DAYS}`).transform(Number),
    industry: optional,
    region: optional,
    owner_email: optionalEmail,
  });
}

function invoiceSchema(currency: string) {
  return z.object({
    number: required,
    customer_code: required,
    amount: money(currency, 1n),
    currency: currencyCode,
    issued_on: date,
    due_on: date,
    product_line: optional,
    region: optional,
  }).refine((r) => r.due_on >= r.issued_on, {
    path: ['due_on'], message: 'is before issued_on',
    // Also when other columns failed (so one pass reports every problem of the row), once both dates are good.
    when: ({ issues }) => !issues.some((i) => i.path?.[0] === 'issued_on' || i.path?.[0] === 'due_on'),
  });
}

function paymentSchema(currency: string) {
  return z.object({
    invoice_number: required,
    amount: money(currency, 1n),
    paid_on: date,
    reference: optional,
  });
}

// calendar.csv (issue 15): a public holiday or an official make-up workday of the org.
const calendarSchema = z.object({
  date,
  kind: z.string().trim().toLowerCase().pipe(z.enum(['holiday', 'workday'], { error: 'must be holiday or workday' })),
  name: required,
});

export type UserRow = z.infer<typeof userSchema>;
export type CustomerRow = z.infer<ReturnType<typeof customerSchema>>;
export type InvoiceRow = z.infer<ReturnType<typeof invoiceSchema>>;
export type PaymentRow = z.infer<ReturnType<typeof paymentSchema>>;
export type CalendarRow = z.infer<typeof calendarSchema>;
export type ContactRow = z.infer<typeof contactSchema>;
export interface RowOf { users: UserRow; customers: CustomerRow; invoices: InvoiceRow; payments: PaymentRow; calendar: CalendarRow; contacts: ContactRow }

function verdict<T>(r: z.ZodSafeParseResult<T>): RowVerdict<T> {
  if (r.success) return { ok: true, row: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ column: String(i.path[0] ?? ''), message: i.message })) };
}

/** One schema per currency, built on first use. */
function perCurrency<S>(build: (currency: string) => S): (currency: string) => S {
  const cache = new Map<string, S>();
  return (currency) => {
    let s = cache.get(currency);
    if (!s) { s = build(currency); cache.set(currency, s); }
    return s;
  };
}

/** The validator of one kind's rows. */
export function rowValidator<K extends ImportKind>(kind: K, ctx: RowContext): (cells: Cells) => RowVerdict<RowOf[K]>;
export function rowValidator(kind: ImportKind, ctx: RowContext): (cells: Cells) => RowVerdict<unknown> {
  switch (kind) {
    case 'users':
      return (cells) => verdict(userSchema.safeParse(cells));
    case 'contacts':
      return (cells) => verdict(contactSchema.safeParse(cells));
    case 'customers': {
      const schema = customerSchema(ctx.currency);   // credit limits are in the org's currency
      return (cells) => verdict(schema.safeParse(cells));
    }
    case 'invoices': {
      const schema = perCurrency(invoiceSchema);
      return (cells) => {
        // The row's own currency decides how many decimals its amount may have; a bad code is
        // reported on `currency` and the amount is read in the org's currency.
        const code = currencyCode.safeParse(cells.currency);
        return verdict(schema((code.success && code.data) || ctx.currency).safeParse(cells));
      };
    }
    case 'calendar':
      return (cells) => verdict(calendarSchema.safeParse(cells));
    case 'payments': {
      const schema = perCurrency(paymentSchema);
      return (cells) => {
        const number = cells.invoice_number?.trim() ?? '';
        return verdict(schema(ctx.invoiceCurrency?.(number) ?? ctx.currency).safeParse(cells));
      };
    }
  }
}
