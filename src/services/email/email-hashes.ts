// The exact bytes of a sent message, hashed (issue 11; DOMAIN.md "Talking to customers": each
// message sent is a written record holding the exact bytes' hash): the HTML and plain-text bodies
// as UTF-8, and each attachment as sent. Anyone holding the received message can recompute them.
import { createHash } from 'node:crypto';

export const sha256Hex = (data: Buffer | string): string =>
  createHash('sha256').update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data).digest('hex');

export interface EmailHashes {
  html: string;
  text: string;
  attachments: { filename: string; sha256: string; bytes: number }[];
}

export function emailHashes(m: { html: string; text: string; attachments: { filename: string; data: Buffer }[] }): EmailHashes {
  return {
    html: sha256Hex(m.html),
    text: sha256Hex(m.text),
    attachments: m.attachments.map((a) => ({ filename: a.filename, sha256: sha256Hex(a.data), bytes: a.data.length })),
  };
}
