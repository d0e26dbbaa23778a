import { describe, expect, it } from 'vitest';
import { ARGUMENTS, COMMANDS, METHODS, OUTCOMES, REPORTS, SUBSCRIPTION_KINDS, GROUP_BY, PERIODS, USAGE_ERROR_CODES } from '../../../src/chat/grammar.js';
import {
  catalogue, formatAmount, formatDate, formatDays, formatDecimal, formatPercent, hasKey, LOCALES, t, tr,
} from '../../../src/chat/i18n.js';
import { BUCKETS, LEVELS, STAGES } from '../../../src/domain/aging.js';
import type { ErrorCode } from '../../../src/errors.js';

const placeholders = (s: string) => [...s.matchAll(/\{([A-Za-z_]\w*)(?:\|[^}]*)?\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it('have the same keys in both locales', () => {
    const en = Object.keys(catalogue('en-US')).sort();
    const zh = Object.keys(catalogue('zh-CN')).sort();
    expect(zh).toEqual(en);
    expect(en.length).toBeGreaterThan(200);
  });

  it('use the same placeholders in both locales', () => {
    const en = catalogue('en-US');
    const zh = catalogue('zh-CN');
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(new Set(placeholders(zh[key])), key).toEqual(new Set(placeholders(en[key])));
    }
  });

  it('have no empty text', () => {
    for (const locale of LOCALES) {
      for (const [key, value] of Object.entries(catalogue(locale))) expect(value.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('name every level, stage, bucket, method, outcome, report, grouping and subscription', () => {
    const keys = [
      ...LEVELS.map((l) => `level.${l}`), 'level.none', ...STAGES.map((s) => `stage.${s}`), 'stage.legal',
      ...BUCKETS.flatMap((b) => [`bucket.${b}`, `bucket_short.${b}`]), ...METHODS.map((m) => `method.${m}`),
      ...OUTCOMES.map((o) => `outcome.${o}`), ...REPORTS.map((r) => `report.${r}`), ...GROUP_BY.map((b) => `by.${b}`),
      ...SUBSCRIPTION_KINDS.map((s) => `subscription.${s}`), ...PERIODS.map((p) => `period.${p}`),
    ];
    for (const k of keys) expect(hasKey(k), k).toBe(true);
  });

  it('have help, details and an example for every command', () => {
    for (const c of COMMANDS) {
      for (const k of [`help.${c}`, `help.detail.${c}`, `help.example.${c}`]) expect(hasKey(k), k).toBe(true);
    }
  });

  it('have a text for every error code and usage error code, and a label for every argument', () => {
    const codes: ErrorCode[] = ['not_found', 'ambiguous', 'forbidden', 'invalid', 'conflict', 'stale', 'unknown_user',
      'unlinked_workspace', 'evidence_missing', 'own_request', 'rate_limited'];
    for (const c of codes) expect(hasKey(`error.${c}`), c).toBe(true);
    for (const c of USAGE_ERROR_CODES) expect(hasKey(`usage.${c}`), c).toBe(true);
    for (const a of ARGUMENTS) expect(hasKey(`arg.${a}`), a).toBe(true);
  });
});

describe('t and tr', () => {
  it('fills parameters and picks English plural words', () => {
    expect(t('en-US', 'unit.days', { n: 1 })).toBe('1 day');
    expect(t('en-US', 'unit.days', { n: 45 })).toBe('45 days');
    expect(t('zh-CN', 'unit.days', { n: 45 })).toBe('45天');
    expect(t('en-US', 'digest.total', { amount: '¥1.00', customers: 1, invoices: 3 })).toBe('Overdue ¥1.00 · 1 customer · 3 invoices');
  });

  it('places inline segments where each language puts them', () => {
    const user = { mention: { userId: 7, name: 'Li Wei' } };
    expect(tr('en-US', 'alert.claimed_by', { user })).toEqual([{ text: 'Claimed by ' }, user]);
    expect(tr('zh-CN', 'alert.claimed_by', { user })).toEqual([{ text: '已由 ' }, user, { text: ' 认领' }]);
  });

  it('falls back to English for a locale it does not have', () => {
    expect(t('fr-FR' as 'en-US', 'level.red')).toBe('Red');
  });

  it('does not interpret placeholders inside parameter values', () => {
    expect(t('en-US', 'done.claimed', { customer: '{n|a|b} ACME' })).toBe('You own {n|a|b} ACME now.');
  });
});

describe('formatters', () => {
  it('formats amounts from minor units, never through floats', () => {
    expect(formatAmount(1234560n, 'CNY', 'zh-CN')).toBe('¥12,345.60');
    expect(formatAmount(1234560n, 'CNY', 'en-US')).toBe('CNY 12,345.60');
    expect(formatAmount(1234560n, 'USD', 'en-US')).toBe('$12,345.60');
    expect(formatAmount(1234560n, 'USD', 'zh-CN')).toBe('USD 12,345.60');
    expect(formatAmount(-5n, 'CNY', 'zh-CN')).toBe('-¥0.05');
    expect(formatAmount(1234n, 'JPY', 'en-US')).toBe('JPY 1,234');
    expect(formatAmount(9_007_199_254_740_993n, 'CNY', 'zh-CN')).toBe('¥90,071,992,547,409.93');
  });

  it('formats report decimals', () => {
    expect(formatDecimal('1234567.50', 'CNY', 'zh-CN')).toBe('¥1,234,567.50');
    expect(formatDecimal('1234567.50', 'CNY', 'en-US', { symbol: false })).toBe('1,234,567.50');
    expect(formatDecimal('-3.00', 'CNY', 'zh-CN')).toBe('-¥3.00');
    expect(formatDecimal('n/a', 'CNY', 'zh-CN')).toBe('n/a');
  });

  it('formats dates', () => {
    expect(formatDate('2026-11-23', 'zh-CN')).toBe('2026年11月23日');
    expect(formatDate('2026-11-23', 'en-US')).toBe('Nov 23, 2026');
    expect(formatDate('2026-01-05', 'zh-CN')).toBe('2026年1月5日');
    expect(formatDate('not a date', 'en-US')).toBe('not a date');
  });

  it('formats days and percents', () => {
    expect(formatDays(0, 'en-US')).toBe('0 days');
    expect(formatDays(1, 'zh-CN')).toBe('1天');
    expect(formatPercent(0.853, 'en-US')).toBe('85.3%');
    expect(formatPercent(0.8, 'zh-CN')).toBe('80%');
    expect(formatPercent(0.19499, 'en-US')).toBe('19.5%');
    expect(formatPercent(12.5, 'en-US')).toBe('1,250%');
    expect(formatPercent(-0.05, 'en-US')).toBe('-5%');
    expect(formatPercent(null, 'en-US')).toBe('—');
  });
});
