// The fast path of CSV reading (issue 9, "Import floor made fair"). Most import files are plain:
// no quoted cells and Unix line ends, as exported by our own generator and most ERPs. For those,
// splitting on "\n" and "," gives exactly the records csv-parse gives (test/unit/services/import/
// plain-csv.test.ts checks it against csv-parse over generated files), at a tenth of its cost:
// csv-parse was half the CPU of an invoice import. Any other file goes through csv-parse.
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';
import { DuebotError } from '../../errors.js';

const QUOTE = 0x22;
const CR = 0x0d;
/** csv-parse reads a file starting with FF FE as UTF-16 LE: that one takes its path. */
const UTF16LE_BOM = [0xff, 0xfe];

/** True when the file has no quote and no carriage return, and is not UTF-16: plain CSV. */
export async function isPlainCsv(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let first = true;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return true;
      const chunk = buf.subarray(0, bytesRead);
      if (first && chunk.length >= 2 && chunk[0] === UTF16LE_BOM[0] && chunk[1] === UTF16LE_BOM[1]) return false;
      first = false;
      if (chunk.includes(QUOTE) || chunk.includes(CR)) return false;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Bytes of a plain CSV file → records (arrays of cells), as csv-parse with the options of
 * csvParser(): a UTF-8 BOM is dropped, every "\n" ends a record (an empty line is one empty cell),
 * a last line without "\n" is a record too, and the cell count is left to the caller. A quote or
 * carriage return met anyway (the file changed after isPlainCsv) fails the stream: the import
 * rolls back rather than read a quoted cell wrongly.
 */
export class PlainCsvParser extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private head: Buffer | null = Buffer.alloc(0);   // the first bytes, until the BOM is decided
  private rest = '';                               // text after the last "\n"

  constructor() {
    super({ writableObjectMode: false, readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.head !== null) {
      const head = Buffer.concat([this.head, chunk]);
      if (head.length < 3) { this.head = head; done(); return; }
      this.head = null;
      chunk = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
    }
    done(this.lines(this.decoder.write(chunk), false));
  }

  override _flush(done: TransformCallback): void {
    const head = this.head ?? Buffer.alloc(0);
    this.head = null;
    done(this.lines(this.decoder.write(head) + this.decoder.end(), true));
  }

  private lines(text: string, end: boolean): Error | undefined {
    if (text.includes('"') || text.includes('\r')) {
      return new DuebotError('conflict', 'the file changed while it was being imported: import it again');
    }
    let data = this.rest + text;
    let start = 0;
    for (let nl = data.indexOf('\n'); nl !== -1; nl = data.indexOf('\n', start)) {
      this.push(data.slice(start, nl).split(','));
      start = nl + 1;
    }
    data = data.slice(start);
    if (end && data !== '') this.push(data.split(','));
    this.rest = end ? '' : data;
    return undefined;
  }
}
