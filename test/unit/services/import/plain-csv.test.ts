import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvParser } from '../../../../src/services/import/csv-stage.js';
import { isPlainCsv, PlainCsvParser } from '../../../../src/services/import/plain-csv.js';

fc.configureGlobal({ seed: 20261127 });

/** The records a parser makes of `chunks` (bytes fed in that order). */
async function records(parser: NodeJS.ReadWriteStream, chunks: Buffer[]): Promise<unknown[]> {
  const out: unknown[] = [];
  await pipeline(Readable.from(chunks), parser, new Writable({ objectMode: true, write(r, _e, done) { out.push(r); done(); } }));
  return out;
}

/** Bytes cut at the given points (anywhere: inside a UTF-8 sequence or the BOM too). */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const p of at) { parts.push(bytes.subarray(from, p)); from = p; }
  parts.push(bytes.subarray(from));
  return parts.filter((p) => p.length > 0);
}

// Plain files: anything but quotes and carriage returns, including the characters that matter to
// CSV (commas, line ends, spaces, `#`), a BOM anywhere, NUL, CJK and bytes that are not UTF-8.
const piece = fc.oneof(
  fc.constantFrom(',', '\n', '\n\n', ' ', '#', '\uFEFF', '\u0000', '华东', 'é', '😀', 'INV-1', '12.50', '2026-01-31', '\\N', '\t'),
  fc.string({ maxLength: 8 }).map((s) => s.replace(/["\r]/g, '')),
);
const plainText = fc.tuple(fc.boolean(), fc.array(piece, { maxLength: 40 })).map(([bom, ps]) => (bom ? '\uFEFF' : '') + ps.join(''));
const junk = fc.uint8Array({ maxLength: 6 }).map((a) => Buffer.from(a.filter((b) => b !== 0x22 && b !== 0x0d)));

describe('plain CSV fast path', () => {
  it('gives exactly the records csv-parse gives, however the bytes are cut', async () => {
    await fc.assert(fc.asyncProperty(plainText, junk, fc.array(fc.nat(), { maxLength: 5 }), async (text, bytes, points) => {
      const file = Buffer.concat([Buffer.from(text), bytes]);
      expect(await records(new PlainCsvParser(), cut(file, points))).toEqual(await records(csvParser(), [file]));
    }), { numRuns: 400 });
  });

  it('reads the edges as csv-parse does: empty file, empty lines, no last line end, a lone BOM', async () => {
    for (const text of ['', '\n', 'a\n\nb', 'a,b', ',\n', 'a\n\n', '\uFEFF', '\uFEFFa,b\n', 'a, b ,c\n', ' \n']) {
      expect(await records(new PlainCsvParser(), [Buffer.from(text)])).toEqual(await records(csvParser(), [Buffer.from(text)]));
    }
  });

  it('fails the stream on a quote or carriage return (a file changed after it was checked)', async () => {
    await expect(records(new PlainCsvParser(), [Buffer.from('a,b\n'), Buffer.from('"c",d\n')])).rejects.toThrow(/changed while/);
    await expect(records(new PlainCsvParser(), [Buffer.from('a,b\r\n')])).rejects.toThrow(/changed while/);
  });
});

describe('which files take the fast path', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'plain-csv-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  const check = async (bytes: Buffer | string) => {
    const file = path.join(dir, 'f.csv');
    await writeFile(file, bytes);
    return isPlainCsv(file);
  };

  it('takes plain files, and leaves quoted cells, CRLF and UTF-16 to csv-parse', async () => {
    expect(await check('number,amount\nA,1\n')).toBe(true);
    expect(await check('\uFEFFnumber,amount\n华东,1\n')).toBe(true);
    expect(await check('')).toBe(true);
    expect(await check('number,amount\n"A,1",1\n')).toBe(false);
    expect(await check('number,amount\r\nA,1\r\n')).toBe(false);
    expect(await check(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toBe(false);
  });

  it('finds a quote far into a large file', async () => {
    expect(await check(`${'A,1\n'.repeat(600_000)}"B",2\n`)).toBe(false);
  });
});
