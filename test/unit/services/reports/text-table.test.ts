import { describe, expect, it } from 'vitest';
import { textTable } from '../../../../src/services/reports/text-table.js';

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
