// What every CLI command shares: the validated config and the database, closed afterwards.
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';

export interface CliContext { config: Config; database: OpenDatabase }

export async function withDatabase<T>(fn: (ctx: CliContext) => Promise<T>, opts: { poolSize?: number } = {}): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config, opts);
  try {
    return await fn({ config, database });
  } finally {
    await database.close();
  }
}

/** Prints to stdout without the trailing-newline surprises of console.log on huge strings. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
