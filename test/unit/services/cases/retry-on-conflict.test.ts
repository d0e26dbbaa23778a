import { describe, expect, it } from 'vitest';
import { retryOnConflict } from '../../../../src/services/cases/case-command.js';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('retryOnConflict', () => {
  it('runs a transaction again after PostgreSQL ends it as a deadlock or serialization conflict', async () => {
    let calls = 0;
    const r = await retryOnConflict(async () => {
      calls++;
      if (calls === 1) throw pgError('40P01');
      if (calls === 2) throw pgError('40001');
      return 'done';
    });
    expect(r).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after its attempts, and never retries other errors', async () => {
    let calls = 0;
    await expect(retryOnConflict(async () => { calls++; throw pgError('40P01'); }, 2)).rejects.toThrow('pg 40P01');
    expect(calls).toBe(2);
    calls = 0;
    await expect(retryOnConflict(async () => { calls++; throw pgError('23505'); })).rejects.toThrow('pg 23505');
    expect(calls).toBe(1);
  });
});
