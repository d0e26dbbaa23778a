import { describe, expect, it } from 'vitest';
import { batchWriter } from '../../../../jobs/delivery/batch.js';

describe('batchWriter', () => {
  it('writes the items given in one tick in one call', async () => {
    const calls: number[][] = [];
    const write = batchWriter<number>(async (items) => { calls.push(items); });
    await Promise.all([1, 2, 3].map((n) => write(n)));
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('when a batch fails, writes each item alone: only the bad one fails, the others are recorded (and so never sent again)', async () => {
    const written: number[] = [];
    const write = batchWriter<number>(async (items) => {
      if (items.includes(2)) throw new Error('bad row');
      written.push(...items);
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => write(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(written.sort()).toEqual([1, 3]);
  });
});
