// One `duebot worker` process for the fault test (fault.test.ts): the real jobs runtime and the
// real Slack and Lark ports, against the test's fake platforms and its own Redis. Prints "ready"
// once its workers run; SIGTERM stops it as `duebot worker` stops (jobs still running past the
// shutdown timeout are left to another worker, never requeued), SIGKILL is a crash.
import { pino } from 'pino';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { createLarkAdapter } from '../../../adapters/lark/index.js';
import type { Chat } from '../../../src/chat/chat.js';
import type { ChatPort, PlatformName } from '../../../src/chat/port.js';
import { connect } from '../../../src/store/connection.js';
import { createJobsRuntime, PLATFORM_LIMITS, scaleLimits } from '../../../jobs/index.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`fault-worker: ${name} is not set`);
  return v;
};

const log = pino({ level: process.env.FAULT_LOG ?? 'silent' });
const noChat = {} as Chat;   // this process only sends: no event reaches a chat layer
const db = connect(env('DATABASE_URL'), { max: 10 });
const timeoutMs = Number(env('FAULT_API_TIMEOUT_MS'));
const slack = createSlackAdapter({ chat: noChat, db: db.db, log, locale: 'en-US', apiTimeoutMs: timeoutMs,
  config: { signingSecret: 'fault-secret', botToken: 'xoxb-fault', apiUrl: env('FAULT_SLACK_URL') } });
// The port judges Lark's 14-day update window on the same clock the runtime stamps it with.
const now = new Date(env('FAULT_NOW'));
const lark = createLarkAdapter({ chat: noChat, db: db.db, log, apiTimeoutMs: timeoutMs, now: () => now,
  config: { appId: 'cli_fa17fa17fa17fa17', appSecret: 'secret', verificationToken: 'tok', encryptKey: 'enc-key', domain: env('FAULT_LARK_URL'), mode: 'http' } });
const ports: Partial<Record<PlatformName, ChatPort>> = { slack: slack.port, lark: lark.port };
// Five times the documented limits: the 50 alerts take seconds per channel, so the kill, the Redis
// restart and the shutdown below land while sends are still going on.
const runtime = createJobsRuntime({ db: db.db, redisUrl: env('REDIS_URL'), prefix: env('FAULT_PREFIX'), ports, log, maintenance: false,
  now: () => now, limits: scaleLimits(PLATFORM_LIMITS, 5), concurrency: { delivery: 8 }, platformCallTimeoutMs: timeoutMs,
  // A crashed worker's jobs are handed on within seconds, not the minute of production.
  deliveryLock: { durationMs: 3000, stalledIntervalMs: 1000 }, shutdownTimeoutMs: 500 });

await runtime.start();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void (async () => {
    await runtime.stop();
    await db.close();
    process.exit(0);
  })();
});
