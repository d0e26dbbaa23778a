// A seeded pseudo-random generator for the demo data: the same seed gives the same sequence on
// every machine and Node version (Math.random cannot be seeded), so a demo is reproducible.

/** Mixes numbers into one 32-bit seed (a murmur3-style finaliser per part). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** mulberry32: 32 bits of state, fast, good enough for test data (not for anything secret). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the keys, with probability proportional to its weight. */
  weighted<T extends string>(weights: Readonly<Record<T, number>>): T {
    const entries = Object.entries(weights) as [T, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  /** Log-uniform in [min, max): small values more often, as invoice amounts are. */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }
}

/** A fixed weighting, prepared once: `pick` is a short scan instead of building entries per draw. */
export class Weighted<T extends string> {
  private readonly keys: T[];
  private readonly cumulative: number[];

  constructor(weights: Readonly<Record<T, number>>) {
    this.keys = Object.keys(weights) as T[];
    let sum = 0;
    this.cumulative = this.keys.map((k) => (sum += weights[k]));
  }

  pick(rng: Random): T {
    const r = rng.next() * this.cumulative[this.cumulative.length - 1]!;
    for (let i = 0; i < this.keys.length; i++) if (r < this.cumulative[i]!) return this.keys[i]!;
    return this.keys[this.keys.length - 1]!;
  }
}
