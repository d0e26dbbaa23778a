// duebot demo | serve | worker | start.
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { log } from '../../log.js';
import { openDatabase } from '../../store/database.js';
import { out } from '../context.js';
import { runDemo } from '../demo.js';
import { startService } from '../service.js';

export function registerRuntime(program: Command): void {
  program.command('demo').description('embedded database, a demo org, its reports, and a chat console')
    .option('--as <email>', 'act as this person of the demo org', 'liu.yang@demo.duebot.local')
    .option('--as-of <date>', 'the demo\'s today (YYYY-MM-DD); default today in Asia/Shanghai')
    .option('--no-console', 'load and print the reports only')
    .option('--no-jobs', 'no scheduled jobs (digests, scans, reminders): the console, its case updates delivered in process')
    .action(async (o: { as: string; asOf?: string; console: boolean; jobs: boolean }) => {
      const config = loadConfig();
      await runDemo(config, { as: o.as, asOf: o.asOf, console: o.console, queues: o.jobs });
    });

  program.command('generate').description('write a generated dataset as CSV files (for benchmarks and trials)')
    .requiredOption('--out <dir>', 'directory for users.csv, customers.csv, invoices.csv, payments.csv')
    .option('--invoices <n>', 'number of invoices', '10000')
    .option('--customers <n>', 'number of customers')
    .option('--seed <n>', 'random seed', '1')
    .action(async (o: { out: string; invoices: string; customers?: string; seed: string }) => {
      const { writeDemoCsv } = await import('../../services/demo/index.js');
      const started = Date.now();
      const r = await writeDemoCsv({ dir: o.out, invoices: Number(o.invoices), customers: o.customers ? Number(o.customers) : undefined, seed: Number(o.seed) });
      out(`wrote ${Object.entries(r.rows).map(([k, v]) => `${v} ${k}`).join(', ')} to ${o.out} in ${Date.now() - started} ms`);
    });

  for (const [name, description, parts] of [
    ['serve', 'HTTP: Slack and Lark endpoints, health, readiness, metrics', { http: true, jobs: false }],
    ['worker', 'job workers and schedulers: digests, alerts, reminders, delivery', { http: false, jobs: true }],
    ['start', 'serve and worker in one process (single machine)', { http: true, jobs: true }],
  ] as const) {
    program.command(name).description(description).action(async () => {
      const config = loadConfig();
      const database = await openDatabase(config);
      const service = await startService({ config, database, log, ...parts });
      const stop = async (signal: string) => {
        log.info({ signal }, 'shutting down');
        await service.stop();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
  }
}
