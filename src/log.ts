// One logger. Secrets are redacted by path; never log a token, a signing secret or a payload body.
import { pino, type Logger } from 'pino';

export const redactPaths = [
  '*.token', '*.secret', '*.password', '*.authorization', '*.Authorization',
  'config.SLACK_SIGNING_SECRET', 'config.SLACK_BOT_TOKEN', 'config.SLACK_APP_TOKEN',
  'config.LARK_APP_SECRET', 'config.LARK_VERIFICATION_TOKEN', 'config.LARK_ENCRYPT_KEY',
  'config.DATABASE_URL', 'config.REDIS_URL', 'config.SMTP_URL', 'headers.authorization', 'req.headers.authorization',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' }, base: { app: 'duebot' } },
    pino.destination(2));
}

export const log: Logger = createLogger();
export type { Logger };
