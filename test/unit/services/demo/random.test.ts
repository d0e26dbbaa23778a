import { describe, expect, it } from 'vitest';
import { Random, Weighted, mixSeed } from '../../../../src/services/demo/random.js';

const draw = (seed: number, n: number) => { const r = new Random(seed); return Array.from({ length: n }, () => r.next()); };

describe('Random', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50));
    expect(draw(42, 50)).not.toEqual(draw(43, 50));
  });

  it('gives mulberry32\'s known first value, so data is the same on every machine', () => {
    // mulberry32(0)'s first output in the widely copied JavaScript version (bryc/code).
    expect(Math.round(new Random(0).next() * 2 ** 32)).toBe(1144304738);
  });

  it('keeps draws in range and covers it', () => {
    const r = new Random(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = r.int(3, 7);
      expect(n >= 3 && n <= 7 && Number.isInteger(n)).toBe(true);
      seen.add(n);
      const x = r.logUniform(10, 1000);
      expect(x >= 10 && x < 1000).toBe(true);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('picks by weight, never a zero-weight key', () => {
    const r = new Random(9);
    const table = new Weighted({ a: 1, never: 0, b: 3 });
    const counts: Record<string, number> = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 4000; i++) counts[table.pick(r)]!++;
    expect(counts.never).toBe(0);
    expect(counts.b! / counts.a!).toBeGreaterThan(2.5);
    expect(counts.b! / counts.a!).toBeLessThan(3.5);
    expect(new Random(5).weighted({ x: 0, y: 1 })).toBe('y');
  });

  it('mixes seeds so neighbouring inputs give unrelated seeds', () => {
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(mixSeed(42, 0)).not.toBe(mixSeed(42, 1));
    expect(mixSeed(42, 7)).toBe(mixSeed(42, 7));
  });
});
