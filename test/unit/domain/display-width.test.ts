import { describe, expect, it } from 'vitest';
import { clipToWidth, displayWidth } from '../../../src/domain/display-width.js';

describe('displayWidth', () => {
  it('counts Chinese characters and fullwidth punctuation as two columns', () => {
    expect(displayWidth('未到期')).toBe(6);
    expect(displayWidth('180天以上')).toBe(9);
    expect(displayWidth('计提比例；封顶')).toBe(14);
  });

  it('counts Latin text, digits and the en dash as one column and combining marks as none', () => {
    expect(displayWidth('1–30 days')).toBe(9);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('')).toBe(0);
  });
});

describe('displayWidth is one table for the console and Slack', () => {
  it('counts zero-width and variation selectors as none and wide emoji as two', () => {
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(displayWidth('\u2764\ufe0f')).toBe(1);
    expect(displayWidth('\u{1F4B0}')).toBe(2);
    expect(displayWidth('\u{1FA99}')).toBe(2);
  });
});

describe('clipToWidth', () => {
  it('keeps text that fits and cuts by columns, never splitting a wide character', () => {
    expect(clipToWidth('客户名称', 8)).toBe('客户名称');
    expect(clipToWidth('客户名称很长', 8)).toBe('客户名…');
    expect(displayWidth(clipToWidth('客户名称很长', 8))).toBeLessThanOrEqual(8);
    expect(clipToWidth('abcdefghij', 5)).toBe('abcd…');
  });
});
