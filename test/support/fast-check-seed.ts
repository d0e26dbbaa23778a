// The seed of the property-based (fast-check) tests. Fixed by default, so CI sees the same inputs
// on every run (a fresh clone once drew one that failed); `FC_SEED=<integer>` runs another set, and
// `FC_SEED=random` a new one each run, to explore. A failure prints its seed and counterexample.
import fc from 'fast-check';

export const DEFAULT_FC_SEED = 20261127;

/** The seed from FC_SEED (an integer, or 'random'), else the fixed default. */
export function fastCheckSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FC_SEED?.trim();
  if (!raw) return DEFAULT_FC_SEED;
  if (raw === 'random') return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  if (!/^-?\d+$/.test(raw)) throw new Error(`FC_SEED: expected an integer or "random", got ${JSON.stringify(raw)}`);
  return Number(raw) | 0;
}

/** Sets fast-check's global seed for the calling test file. */
export function configureFastCheck(): number {
  const seed = fastCheckSeed();
  fc.configureGlobal({ seed });
  return seed;
}
