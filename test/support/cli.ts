// The duebot CLI run in process, as main.ts builds it (src/cli/program.ts): what it printed on
// stdout and the exit code it set. A command that throws (a refused argument, a bad org) rejects, as
// main.ts would turn into exit code 2. Commander's own help and errors are kept out of the output.
import { vi } from 'vitest';
import { duebotProgram } from '../../src/cli/program.js';

export interface CliRun { printed: string; exitCode: number | string | undefined }

export async function runCli(...args: string[]): Promise<CliRun> {
  const program = duebotProgram().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  let printed = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { printed += String(chunk); return true; });
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  const exitCode = process.exitCode;
  process.exitCode = before;
  return { printed, exitCode };
}

/** What the command printed (for commands whose exit code the test does not look at). */
export async function duebot(...args: string[]): Promise<string> {
  return (await runCli(...args)).printed;
}
