// Golden files: a rendering must equal the stored bytes. `UPDATE_GOLDEN=1 npx vitest run <file>`
// rewrites them after a deliberate change (look at the PNGs before committing them).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function expectGolden(path: string, actual: string | Buffer): { equal: boolean; expected: Buffer } {
  const bytes = typeof actual === 'string' ? Buffer.from(actual, 'utf8') : actual;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  // A missing golden file fails: a test that writes what it then compares could never fail.
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing: run with UPDATE_GOLDEN=1 and look at it`);
  const expected = readFileSync(path);
  return { equal: expected.equals(bytes), expected };
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23), to check what a viewer would show. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
