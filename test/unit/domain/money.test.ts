import { describe, expect, it } from 'vitest';
import { applyRate, displayMinor, divideHalfUp, formatMinor, minorDigits, parseMoney, parseRate, rateToNumber } from '../../../src/domain/money.js';

describe('money', () => {
  it('parses plain decimals to minor units exactly', () => {
    expect(parseMoney('1234.5', 'CNY')).toEqual({ ok: true, minor: 123450n });
    expect(parseMoney('1234.50', 'CNY')).toEqual({ ok: true, minor: 123450n });
    expect(parseMoney('0.01', 'CNY')).toEqual({ ok: true, minor: 1n });
    expect(parseMoney('90071992547409.93', 'CNY')).toEqual({ ok: true, minor: 9007199254740993n });
    expect(parseMoney('1200', 'JPY')).toEqual({ ok: true, minor: 1200n });
  });

  it('refuses more decimals than the currency has, negatives and junk', () => {
    expect(parseMoney('1.234', 'CNY')).toEqual({ ok: false, reason: 'digits' });
    expect(parseMoney('1.5', 'JPY')).toEqual({ ok: false, reason: 'digits' });
    expect(parseMoney('-5', 'CNY')).toEqual({ ok: false, reason: 'negative' });
    expect(parseMoney('1e5', 'CNY')).toEqual({ ok: false, reason: 'format' });
    expect(parseMoney('', 'CNY')).toEqual({ ok: false, reason: 'format' });
    expect(parseMoney('1,000', 'CNY')).toEqual({ ok: false, reason: 'format' });
  });

  it('formats with exactly the minor digits', () => {
    expect(formatMinor(123450n, 'CNY')).toBe('1234.50');
    expect(formatMinor(5n, 'CNY')).toBe('0.05');
    expect(formatMinor(0n, 'CNY')).toBe('0.00');
    expect(formatMinor(-5n, 'CNY')).toBe('-0.05');
    expect(formatMinor(1200n, 'JPY')).toBe('1200');
    expect(formatMinor(1234n, 'KWD')).toBe('1.234');
    expect(minorDigits('usd')).toBe(2);
    expect(displayMinor(123456789n, 'CNY')).toBe('1,234,567.89');
    expect(displayMinor(-100000n, 'CNY')).toBe('-1,000.00');
  });

  it('rounds half up', () => {
    expect(divideHalfUp(5n, 10n)).toBe(1n);
    expect(divideHalfUp(4n, 10n)).toBe(0n);
    expect(divideHalfUp(15n, 10n)).toBe(2n);
    expect(divideHalfUp(-15n, 10n)).toBe(-2n);
    expect(applyRate(1001n, parseRate('0.195'))).toBe(195n);   // 195.195 → 195
    expect(applyRate(1010n, parseRate('0.15'))).toBe(152n);    // 151.5 → 152
    expect(rateToNumber(parseRate('0.195'))).toBe(0.195);
  });
});
