// The HTTP front: platform endpoints mounted by the adapters, plus health, readiness and metrics.
// Stateless: run as many as you like behind a load balancer.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Logger } from 'pino';
import { registry, httpRequests } from './metrics.js';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => Promise<void> | void;

export interface HttpServerOptions {
  routes: Record<string, RouteHandler>;            // 'POST /slack/events' → handler
  ready: () => Promise<Record<string, boolean>>;   // readiness checks by name
  log: Logger;
  maxBodyBytes?: number;
  /**
   * `GET /metrics` on this server: 'open' (the separate METRICS_PORT server), a bearer token
   * (METRICS_TOKEN on the public port), or absent: not served here.
   */
  metrics?: 'open' | { bearer: string };
}

const BUILT_IN = new Set(['GET /healthz', 'GET /readyz', 'GET /metrics']);

export function createHttpServer(opts: HttpServerOptions): http.Server {
  const max = opts.maxBodyBytes ?? 1024 * 1024;
  return http.createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const key = `${req.method} ${path}`;
    // A label per path someone typed would grow memory and /metrics without bound: only our own
    // routes get a label of their own.
    const route = opts.routes[key] || BUILT_IN.has(key) ? path : 'other';
    res.on('finish', () => httpRequests.inc({ route, status: String(res.statusCode) }));
    try {
      if (key === 'GET /healthz') return send(res, 200, { ok: true });
      if (key === 'GET /readyz') {
        const checks = await opts.ready();
        return send(res, Object.values(checks).every(Boolean) ? 200 : 503, checks);
      }
      if (key === 'GET /metrics' && opts.metrics) {
        if (opts.metrics !== 'open' && !bearerMatches(req.headers.authorization, opts.metrics.bearer)) {
          res.setHeader('www-authenticate', 'Bearer');
          return send(res, 401, { error: 'unauthorized' });
        }
        res.writeHead(200, { 'content-type': registry.contentType });
        return res.end(await registry.metrics());
      }
      const handler = opts.routes[key];
      if (!handler) return send(res, 404, { error: 'not found' });
      const body = await readBody(req, max);
      if (body === null) {
        opts.log.warn({ route, reason: 'body_too_large', limitBytes: max }, 'request refused: body too large');
        return send(res, 413, { error: 'body too large' });
      }
      await handler(req, res, body);
    } catch (e) {
      opts.log.error({ err: e, route: key }, 'http handler failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.end();
    }
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = createHash('sha256').update(m[1]!).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) { resolve(null); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function listen(server: http.Server, port: number, host = '0.0.0.0'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}
