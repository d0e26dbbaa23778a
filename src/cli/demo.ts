// `duebot demo`: nothing to install. Embedded PostgreSQL in ./.duebot, a realistic demo org, its
// aging and provision reports, then the chat console on the same router as Slack and Lark.
import type { Config } from '../config.js';
import { log } from '../log.js';
import { openDatabase } from '../store/database.js';
import { loadDemoOrg } from '../services/demo/index.js';
import { agingReport, provisionReport, renderReport } from '../services/reports/index.js';
import { createChat } from '../chat/router.js';
import { ConsolePort } from '../../adapters/console/console-port.js';
import { runConsoleSession } from '../../adapters/console/session.js';
import { out } from './context.js';

export async function runDemo(config: Config, opts: { as: string; asOf?: string; console: boolean }): Promise<void> {
  if (!config.DATABASE_URL) out(`duebot demo: starting the embedded PostgreSQL in ${config.DUEBOT_HOME}/pg …`);
  const database = await openDatabase(config);
  try {
    const demo = await loadDemoOrg(database.db, { asOf: opts.asOf });
    out(demo.created ? `demo org loaded: ${summary(demo.counts)}` : `demo org already loaded: ${summary(demo.counts)}`);
    const locale = config.DUEBOT_LOCALE;
    const asOf = opts.asOf;
    for (const report of [await agingReport(database.db, { orgId: demo.orgId, by: 'region', asOf }), await provisionReport(database.db, { orgId: demo.orgId, asOf })]) {
      out(`\n${renderReport(report, { format: 'table', locale })}`);
    }
    if (!opts.console) return;
    const interactive = Boolean(process.stdin.isTTY);
    const port = new ConsolePort(process.stdout, interactive && !process.env.NO_COLOR);
    const chat = createChat({ db: database.db, ports: { console: port }, log,
      ...(asOf ? { now: () => new Date(`${asOf}T03:00:00Z`) } : {}) });
    out([
      '',
      `duebot chat console — you are ${opts.as} (demo org). Try:`,
      '  /ar digest            the overdue digest          /ar mine     your cases',
      '  /ar case C0001        a case card                 /ar help     every command',
      '  a number              presses the button shown beside it',
      '  :as chen.jing@demo.duebot.local   act as a manager (to approve)',
      '  exit                  leave',
    ].join('\n'));
    await runConsoleSession({ chat, port, orgSlug: 'demo', as: opts.as, input: process.stdin, output: process.stdout, interactive });
  } finally {
    await database.close();
  }
}

function summary(counts: Record<string, number>): string {
  return ['customers', 'invoices', 'payments', 'cases', 'collection_records', 'promises']
    .filter((k) => counts[k] !== undefined).map((k) => `${counts[k]} ${k.replace('_', ' ')}`).join(', ');
}
