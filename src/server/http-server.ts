// The HTTP front: platform endpoints mounted by the adapters, plus health, readiness and metrics.
// Stateless: run as many as you like behind a load balancer.
import http from 'node:http';
import type { Logger } from 'pino';
import { registry, httpRequests } from './metrics.js';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => Promise<void> | void;

export interface HttpServerOptions {
  routes: Record<string, RouteHandler>;            // 'POST /slack/events' → handler
  ready: () => Promise<Record<string, boolean>>;   // readiness checks by name
  log: Logger;
  maxBodyBytes?: number;
}

export function createHttpServer(opts: HttpServerOptions): http.Server {
  const max = opts.maxBodyBytes ?? 1024 * 1024;
  return http.createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const key = `${req.method} ${path}`;
    res.on('finish', () => httpRequests.inc({ route: opts.routes[key] ? path : key.startsWith('GET') ? path : 'other', status: String(res.statusCode) }));
    try {
      if (key === 'GET /healthz') return send(res, 200, { ok: true });
      if (key === 'GET /readyz') {
        const checks = await opts.ready();
        return send(res, Object.values(checks).every(Boolean) ? 200 : 503, checks);
      }
      if (key === 'GET /metrics') {
        res.writeHead(200, { 'content-type': registry.contentType });
        return res.end(await registry.metrics());
      }
      const handler = opts.routes[key];
      if (!handler) return send(res, 404, { error: 'not found' });
      const body = await readBody(req, max);
      if (body === null) return send(res, 413, { error: 'body too large' });
      await handler(req, res, body);
    } catch (e) {
      opts.log.error({ err: e, route: key }, 'http handler failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.end();
    }
  });
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
