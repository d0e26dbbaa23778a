// `duebot serve | worker | start` as real processes, wired by the CLI exactly as in production
// (src/cli/main.ts → src/cli/service.ts), for tests that need several of them or kill them.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
export const DUEBOT_START_TIMEOUT_MS = 90_000;

export interface DuebotProcess {
  what: 'serve' | 'worker' | 'start';
  child: ChildProcess;
  /** The HTTP port (serve, start). */
  port: number | undefined;
  /** Everything it printed so far. */
  output(): string;
  /** Its JSON log lines so far. */
  logs(): Record<string, any>[];
  /** Resolves with the exit code (null) and signal once it is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `duebot <what>` and resolves once it logs that it serves (serve, start) or its workers run. */
export function startDuebot(what: DuebotProcess['what'], env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<DuebotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), what], {
    cwd: root, env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const records: Record<string, any>[] = [];
  let partial = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return new Promise((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(() => reject(new Error(`duebot ${what} did not start:\n${text}`)), opts.timeoutMs ?? DUEBOT_START_TIMEOUT_MS);
    const onData = (b: Buffer) => {
      const s = b.toString();
      text += s;
      partial += s;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        let rec: Record<string, any>;
        try { rec = JSON.parse(line); } catch { continue; }
        records.push(rec);
        if (ready) continue;
        if (what === 'worker' ? rec.msg === 'jobs running' : rec.msg === 'duebot serving') {
          ready = true;
          clearTimeout(timer);
          resolve({ what, child, port: rec.port, output: () => text, logs: () => records, exited });
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => { clearTimeout(timer); if (!ready) reject(new Error(`duebot ${what} exited ${code ?? signal}:\n${text}`)); });
  });
}

/** SIGTERM (a clean stop) and its exit code; a process already gone gives its code. */
export async function stopDuebot(p: DuebotProcess | undefined): Promise<number | null> {
  if (!p) return null;
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode;
  p.child.kill('SIGTERM');
  return (await p.exited).code;
}
