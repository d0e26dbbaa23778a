// The duebot command with every subcommand: main.ts runs it, and the CLI tests run the same
// program in process (test/support/cli.ts), so what they exercise is what an operator types.
import { Command } from 'commander';
import { registerAdmin } from './commands/admin.js';
import { registerCalendar } from './commands/calendar.js';
import { registerOrgSettings } from './commands/org-settings.js';
import { registerDocuments } from './commands/documents.js';
import { registerImport } from './commands/import.js';
import { registerReport } from './commands/report.js';
import { registerRuntime } from './commands/runtime.js';
import { registerJobs } from './commands/jobs.js';
import { registerEvidence, registerLegal } from './commands/legal.js';

export function duebotProgram(): Command {
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
  return program;
}
