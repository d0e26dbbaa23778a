import { describe, expect, it } from 'vitest';
import { displayWidth, textTable } from '../../../../src/services/reports/text-table.js';

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

describe('textTable', () => {
  it('pads mixed Chinese and Latin cells to the same display width', () => {
    const text = textTable(['账龄段', 'Amount'], [['未到期', '1.00'], ['1-30天', '1,000.00'], ['合计', '1,001.00']], ['left', 'right'], [2]);
    expect(text).toBe([
      '账龄段    Amount',
      '------  --------',
      '未到期      1.00',
      '1-30天  1,000.00',
      '------  --------',
      '合计    1,001.00',
    ].join('\n'));
  });

  it('does not leave trailing spaces after a left-aligned last column', () => {
    const text = textTable(['Metric', 'Note'], [['a', 'x'], ['b', 'longer']], ['left', 'left']);
    for (const line of text.split('\n')) expect(line).toBe(line.trimEnd());
  });
});
