// A local SMTP server that keeps what it is sent (issue 11): the demo needs no mail server, so it
// starts this on 127.0.0.1 and each message lands as an .eml file under `.duebot/outbox/`, to be
// opened in any mail program. Tests start the same server to receive what duebot sends, and tell it
// to refuse an address (a 5yz answer to RCPT TO, as a real server does for an unknown mailbox).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  raw: Buffer; from: string; to: string[]; file: string | null;
  /** When the client began this message (MAIL FROM), ms since the epoch: how sends were paced. */
  startedAt: number;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port> (no TLS, no login: loopback only). */
  readonly url: string;
  readonly messages: SunkMessage[];
  /** A recipient the server will refuse with this SMTP code (550: no such mailbox; 451: try later); null: accept again. */
  refuse(address: string, code: number | null): void;
  /**
   * Holds the answer to the next `n` messages' data (the client waits, as for a slow server): a
   * held message is not in `messages` until `release()`.
   */
  hold(n: number): void;
  /** How many messages' answers are held now. */
  readonly held: number;
  /** Answers the held messages; they land in `messages`. */
  release(): void;
  /** Resolves when `n` messages have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<SunkMessage[]>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Write each message as an .eml file here. */
  dir?: string;
  /** Told of each message as it lands (the demo prints where). */
  onMessage?: (m: SunkMessage) => void;
  /** False: count messages without keeping their bytes in memory (the bench). Default true. */
  keep?: boolean;
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const refused = new Map<string, number>();
  const startedAt = new Map<string, number>();
  const waiters: (() => void)[] = [];
  let toHold = 0;
  const held: (() => void)[] = [];
  if (opts.dir) await mkdir(opts.dir, { recursive: true });

  const server = new SMTPServer({
    // Loopback only: no STARTTLS (a self-signed certificate would make clients refuse), no login.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: 25 * 1024 * 1024,
    onMailFrom(_address, session, cb) {
      startedAt.set(session.id, Date.now());
      cb();
    },
    onRcptTo(address, _session, cb) {
      const code = refused.get(address.address.toLowerCase());
      if (code === undefined) { cb(); return; }
      const err = new Error(code >= 500 ? `${address.address}: mailbox unavailable` : `${address.address}: try again later`) as Error & { responseCode: number };
      err.responseCode = code;
      cb(err);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const id = /^message-id:\s*<([^>]+)>/im.exec(raw.toString('latin1'))?.[1] ?? `${Date.now()}`;
        const file = opts.dir ? path.join(opts.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}.eml`) : null;
        const done = () => {
          const m: SunkMessage = {
            raw: opts.keep === false ? Buffer.alloc(0) : raw, file,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address), startedAt: startedAt.get(session.id) ?? Date.now(),
          };
          messages.push(m);
          opts.onMessage?.(m);
          for (const w of waiters.splice(0)) w();
          cb();
        };
        const land = () => { if (file) writeFile(file, raw).then(done, (e: Error) => cb(e)); else done(); };
        if (toHold > 0) { toHold--; held.push(land); } else land();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    hold(n) { toHold = n; },
    get held() { return held.length; },
    release() { toHold = 0; for (const land of held.splice(0)) land(); },
    refuse(address, code) { if (code === null) refused.delete(address.toLowerCase()); else refused.set(address.toLowerCase(), code); },
    waitFor(n, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${messages.length} of ${n} messages arrived in ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          if (messages.length >= n) { clearTimeout(timer); resolve(messages.slice(0, n)); } else waiters.push(check);
        };
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
