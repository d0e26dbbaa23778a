// The long-running processes: HTTP (serve), jobs (worker), or both (start).
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { OpenDatabase } from '../store/database.js';
import type { ChatPort, PlatformName } from '../chat/port.js';
import { createChat } from '../chat/router.js';
import { createHttpServer, listen, type RouteHandler } from '../server/http-server.js';

export interface Service { stop(): Promise<void> }

export async function startService(o: { config: Config; database: OpenDatabase; log: Logger; http: boolean; jobs: boolean }): Promise<Service> {
  const { config, database, log } = o;
  const ports: Partial<Record<PlatformName, ChatPort>> = {};
  const routes: Record<string, RouteHandler> = {};
  const stops: (() => Promise<void>)[] = [];
  const chat = createChat({ db: database.db, ports, log });
  void chat;   // the platform adapters mount on it (below)

  if (!o.http && !o.jobs) throw new Error('nothing to run');
  if (o.http) {
    const server = createHttpServer({
      routes, log,
      ready: async () => ({ postgres: await database.pool.query('select 1').then(() => true, () => false) }),
    });
    const port = await listen(server, config.PORT);
    log.info({ port, platforms: Object.keys(ports) }, 'duebot serving');
    stops.push(() => new Promise((resolve) => server.close(() => resolve())));
  }
  return { stop: async () => { for (const s of stops.reverse()) await s(); } };
}
