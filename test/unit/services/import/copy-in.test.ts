import { describe, expect, it } from 'vitest';
import { copyLine } from '../../../../src/services/import/copy-in.js';
import { mergeProblems, MAX_LISTED, ProblemList } from '../../../../src/services/import/problems.js';

describe('COPY text lines', () => {
  it('writes nulls, booleans and bigints, and escapes what COPY treats specially', () => {
    expect(copyLine([7, true, null, 12345678901234567n, 'a\tb\\c\nd\re'])).toBe('7\tt\t\\N\t12345678901234567\ta\\tb\\\\c\\nd\\re\n');
    expect(copyLine(['\\N'])).toBe('\\\\N\n');
  });
});

describe('problem lists', () => {
  it(`keeps the first ${MAX_LISTED} problems and counts them all`, () => {
    const list = new ProblemList();
    for (let line = 2; line < 2 + MAX_LISTED + 5; line++) list.add(line, 'amount', 'bad');
    expect(list.listed).toHaveLength(MAX_LISTED);
    expect(list.count).toBe(MAX_LISTED + 5);
  });

  it('merges sources by line, row problems first on a shared line', () => {
    const merged = mergeProblems([
      { listed: [{ line: 3, column: 'amount', message: 'row' }], count: 1 },
      { listed: [{ line: 2, column: 'number', message: 'dup' }, { line: 3, column: 'customer_code', message: 'unknown' }], count: 7 },
    ]);
    expect(merged.listed.map((p) => p.message)).toEqual(['dup', 'row', 'unknown']);
    expect(merged.count).toBe(8);
  });
});
