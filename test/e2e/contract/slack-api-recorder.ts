// A recording hop in front of the fake Slack Web API (test/support/fake-slack-api.ts): the adapter
// talks to this, this forwards every call unchanged and keeps the request AND Slack's answer — the
// `ts` of a posted message is only in the answer, and a driver needs it to press a button on that
// message as Slack would send the click.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeSlackApi } from '../../support/fake-slack-api.js';

export interface RecordedSlackCall {
  /** Web API method (`chat.postMessage`), or `response_url`. */
  method: string;
  body: Record<string, any>;
  answer: Record<string, any>;
}

export interface SlackApiRecorder {
  /** Web API base for the adapter (`http://127.0.0.1:1234/api/`). */
  readonly url: string;
  /** A response_url that is recorded, then forwarded to the fake's. */
  responseUrl(id: string): string;
  readonly calls: RecordedSlackCall[];
  close(): Promise<void>;
}

/** WebClient posts form fields with nested values JSON-encoded; response_url posts JSON. */
function parseBody(text: string, contentType: string): Record<string, any> {
  if (text === '') return {};
  if (contentType.startsWith('application/json')) return JSON.parse(text) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    try { out[k] = v.startsWith('[') || v.startsWith('{') ? JSON.parse(v) : v; } catch { out[k] = v; }
  }
  return out;
}

export async function startSlackApiRecorder(fake: FakeSlackApi): Promise<SlackApiRecorder> {
  const calls: RecordedSlackCall[] = [];
  const apiBase = fake.url.replace(/\/api\/$/, '');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        const path = req.url ?? '/';
        // Recorded in the order calls arrive; the answer is filled in when the fake gives it.
        const call: RecordedSlackCall = {
          method: path.startsWith('/response/') ? 'response_url' : path.split('?')[0]!.replace(/^\/api\//, ''),
          body: parseBody(raw.toString('utf8'), String(req.headers['content-type'] ?? '')),
          answer: {},
        };
        calls.push(call);
        const headers: Record<string, string> = {};
        for (const h of ['content-type', 'authorization']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
        const forwarded = await fetch(`${apiBase}${path}`, { method: req.method ?? 'POST', headers, body: raw });
        const text = await forwarded.text();
        try { call.answer = JSON.parse(text) as Record<string, any>; } catch { /* not JSON */ }
        const out: Record<string, string> = { 'content-type': forwarded.headers.get('content-type') ?? 'application/json' };
        const retryAfter = forwarded.headers.get('retry-after');
        if (retryAfter) out['retry-after'] = retryAfter;
        res.writeHead(forwarded.status, out);
        res.end(text);
      })().catch((e: unknown) => { res.writeHead(502); res.end(String(e)); });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${encodeURIComponent(id)}`,
    calls,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
