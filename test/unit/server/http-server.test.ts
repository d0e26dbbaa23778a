// The HTTP front's own routes: metrics labels stay bounded, and /metrics is not open on the
// public webhook port (issue 9, 3).
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createHttpServer, listen, type HttpServerOptions } from '../../../src/server/http-server.js';

const log = pino({ level: 'silent' });
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function start(o: Partial<HttpServerOptions> = {}): Promise<string> {
  const server = createHttpServer({ routes: { 'POST /slack/events': (_q, res) => { res.end('ok'); } }, ready: async () => ({}), log, ...o });
  servers.push(server);
  return `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
}

const TOKEN = 'metrics-token-0123456789';

describe('HTTP server', () => {
  it('labels unknown paths "other": a scan of /a1, /a2, … adds no label per path', async () => {
    const url = await start({ metrics: 'open' });
    for (let i = 0; i < 30; i++) expect((await fetch(`${url}/scan-${i}`)).status).toBe(404);
    await fetch(`${url}/healthz`);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).not.toMatch(/route="\/scan-/);
    expect(text).toMatch(/duebot_http_requests_total\{route="other",status="404"\} \d+/);
    expect(text).toMatch(/route="\/healthz"/);
  });

  it('does not serve /metrics without a METRICS_PORT server or a token', async () => {
    const url = await start();
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('serves /metrics on the public port only with the bearer token', async () => {
    const url = await start({ metrics: { bearer: TOKEN } });
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    const ok = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('duebot_http_requests_total');
  });
});
