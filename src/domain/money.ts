// Money is integer minor units (bigint) with a currency; never a float.

/** Minor digits per ISO 4217 currency; anything unlisted has 2. */
const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

export type ParseMoneyResult = { ok: true; minor: bigint } | { ok: false; reason: 'format' | 'digits' | 'negative' };

/** Parses a plain decimal in major units ("1234.5", "1234.50", "-3") to minor units, exactly. */
export function parseMoney(text: string, currency: string): ParseMoneyResult {
  const s = text.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return { ok: false, reason: 'format' };
  const digits = minorDigits(currency);
  const frac = m[3] ?? '';
  if (frac.length > digits) return { ok: false, reason: 'digits' };
  if (m[1] === '-') return { ok: false, reason: 'negative' };
  return { ok: true, minor: BigInt(m[2]! + frac.padEnd(digits, '0')) };
}

/** Minor units → decimal string with exactly the currency's minor digits ("1234.50"). */
export function formatMinor(minor: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const body = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

/** Minor units → grouped display string for people ("1,234.50"); locale-neutral grouping. */
export function displayMinor(minor: bigint, currency: string): string {
  const plain = formatMinor(minor, currency);
  const [int, frac] = plain.replace('-', '').split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${minor < 0n ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** Rounds numerator/denominator half-up (away from zero for positives) to an integer. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = (n * 2n + denominator) / (denominator * 2n);
  return negative ? -q : q;
}

/** An exact decimal rate ("0.195") as a fraction of bigints. */
export interface Rate { num: bigint; den: bigint }

export function parseRate(text: string): Rate {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a rate: ${text}`);
  const frac = m[2] ?? '';
  return { num: BigInt(m[1]! + frac), den: 10n ** BigInt(frac.length) };
}

export function rateToNumber(rate: Rate): number {
  return Number(rate.num) / Number(rate.den);
}

export function rateToString(rate: Rate): string {
  const digits = rate.den.toString().length - 1;
  if (digits === 0 || rate.den % 10n !== 0n) return rate.den === 1n ? rate.num.toString() : String(rateToNumber(rate));
  const s = formatMinorPlain(rate.num, digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function formatMinorPlain(num: bigint, digits: number): string {
  const abs = num.toString().padStart(digits + 1, '0');
  return `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

export function multiplyRates(a: Rate, b: Rate): Rate {
  return { num: a.num * b.num, den: a.den * b.den };
}

export function minRate(a: Rate, b: Rate): Rate {
  return a.num * b.den <= b.num * a.den ? a : b;
}

/** amount × rate, rounded half-up to the minor unit. */
export function applyRate(minor: bigint, rate: Rate): bigint {
  return divideHalfUp(minor * rate.num, rate.den);
}
