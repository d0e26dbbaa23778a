// Configuration from the environment, validated once at start. A bad value is one clear line.
import { z } from 'zod';
import { DEFAULT_LOCALE, LOCALES } from './domain/locale.js';

const zone = z.string().refine((tz) => {
  try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return true; } catch { return false; }
}, 'an IANA time zone such as Asia/Shanghai');

const url = (example: string) =>
  z.string().refine((v) => { try { new URL(v); return true; } catch { return false; } }, `a URL such as ${example}`);

/** Why LARK_MODE=http needs the encrypt key (the config error and the adapter's). */
export const LARK_ENCRYPT_KEY_NEEDED = 'the Encrypt Key with LARK_MODE=http (the app\'s "Events & Callbacks > Encryption strategy" page): without it Lark signs nothing and the verification token alone can be replayed forever; or set LARK_MODE=ws';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const EMAIL_OR_NAMED = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

const schema = z.object({
  DATABASE_URL: url('postgres://user:pass@host:5432/duebot').optional(),
  /** The tables' owner, for migrations only; DATABASE_URL is then a role that reads and writes rows (issue 9). */
  MIGRATION_DATABASE_URL: url('postgres://owner:pass@host:5432/duebot').optional(),
  REDIS_URL: url('redis://localhost:6379').optional(),
  /** REDIS_URL names one node of a Redis Cluster; the queues run on the cluster (issue 9). */
  REDIS_CLUSTER: z.enum(['true', 'false', '1', '0'], { message: 'true or false' }).transform((v) => v === 'true' || v === '1').default(false),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DUEBOT_TZ: zone.default('Asia/Shanghai'),
  DUEBOT_LOCALE: z.enum(LOCALES).default(DEFAULT_LOCALE),
  DUEBOT_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'a 3-letter ISO currency code such as CNY').default('CNY'),
  DUEBOT_HOME: z.string().default('.duebot'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_API_URL: url('https://slack.com/api/').optional(),
  LARK_APP_ID: z.string().min(1).optional(),
  LARK_APP_SECRET: z.string().min(1).optional(),
  LARK_VERIFICATION_TOKEN: z.string().min(1).optional(),
  LARK_ENCRYPT_KEY: z.string().min(1).optional(),
  LARK_DOMAIN: z.string().default('feishu'),
  LARK_MODE: z.enum(['http', 'ws']).default('http'),
  DUEBOT_RETENTION_DAYS: z.coerce.number().int().min(7, 'a number of days, at least 7').default(180),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_TOKEN: z.string().min(16, 'a bearer token of at least 16 characters').optional(),
  // Issue 11: email to customers. The URL carries the SMTP login: it is never logged.
  SMTP_URL: z.string().refine((v) => { try { return ['smtp:', 'smtps:'].includes(new URL(v).protocol); } catch { return false; } },
    'an SMTP URL such as smtp://user:pass@mail.example.com:587 (STARTTLS) or smtps://user:pass@mail.example.com:465').optional(),
  SMTP_FROM: z.string().regex(EMAIL_OR_NAMED, 'the sender, such as "AR Team <ar@example.com>" or ar@example.com').optional(),
  SMTP_REPLY_TO: z.string().regex(EMAIL, 'an email address such as ar@example.com').optional(),
}).superRefine((c, ctx) => {
  if (c.SMTP_URL && !c.SMTP_FROM) {
    ctx.addIssue({ code: 'custom', path: ['SMTP_FROM'], message: 'the sender address with SMTP_URL, such as "AR Team <ar@example.com>"' });
  }
  if (c.REDIS_CLUSTER && !c.REDIS_URL) {
    ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'one node of the Redis Cluster with REDIS_CLUSTER=true, such as redis://10.0.0.5:6379 (the other nodes are found from it)' });
  }
  // Issue 9 (2): HTTP mode on the verification token alone has no signature and no timestamp.
  if (c.LARK_APP_ID && c.LARK_APP_SECRET && c.LARK_MODE === 'http' && !c.LARK_ENCRYPT_KEY) {
    ctx.addIssue({ code: 'custom', path: ['LARK_ENCRYPT_KEY'], message: LARK_ENCRYPT_KEY_NEEDED });
  }
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  readonly code = 'duebot_config_error';
}

/** Reads the environment; empty strings count as absent. Throws ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')}: expected ${issue.message}`);
  }
  return parsed.data;
}
