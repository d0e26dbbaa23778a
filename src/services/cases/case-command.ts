// What every case command shares: one transaction, the org's policy, "today" in the org's time
// zone, idempotency receipts, and the audit row + domain event written with the change.
import type { CaseEventType } from '../../domain/case-events.js';
import { sql } from 'kysely';
import type { z } from 'zod';
import { DuebotError } from '../../errors.js';
import { dateIn, isIsoDate, type IsoDate } from '../../domain/calendar.js';
import type { LevelThresholds, ThresholdOverride } from '../../domain/aging.js';
import { isStaleCard, type CardRef } from '../../domain/stale-card.js';
import type { Locale } from '../../domain/locale.js';
import type { Db } from '../../store/connection.js';
import type { Actor } from '../identity.js';

export interface CommandOptions {
  /** A Slack action id + message ts, a Lark event id…: a retry with the same key returns the first answer. */
  idempotencyKey?: string;
  /** YYYY-MM-DD; default today in the org's time zone. */
  today?: IsoDate;
  /** The card a button sat on: its case closed or changed since → DuebotError('stale', {reason: 'card'}), nothing written. */
  card?: CardRef;
  /**
   * The instant the command happens at (the caller's clock: the chat layer's `now`); default the
   * real time. Business timestamps (a claim, a record, a decision) take it, so a test that fixes
   * the date gets the same story on any day (issue 14).
   */
  now?: Date;
}

export interface OrgPolicy {
  thresholds: LevelThresholds;
  overrides: ThresholdOverride[];
  preDueDays: number;
  escalationMinWritten: number;
  escalationMinDays: number;
  contactCapPerWeek: number;
}

/** `locale`: the org's language, for what duebot itself writes into the ledger (./ledger-notes.ts). */
export interface OrgContext { id: number; timezone: string; currency: string; locale: Locale; policy: OrgPolicy }

export interface CommandContext { trx: Db; actor: Actor; org: OrgContext; today: IsoDate; now: Date }

/** The org's time zone, currency and collection policy (level thresholds incl. per grade/industry overrides). */
export async function loadOrgContext(db: Db, orgId: number): Promise<OrgContext> {
  const org = await db.selectFrom('orgs').innerJoin('org_policies', 'org_policies.org_id', 'orgs.id')
    .select(['orgs.id', 'orgs.timezone', 'orgs.currency', 'orgs.locale', 'org_policies.yellow_days', 'org_policies.orange_days',
      'org_policies.red_days', 'org_policies.pre_due_days', 'org_policies.escalation_min_written',
      'org_policies.escalation_min_days', 'org_policies.contact_cap_per_week'])
    .where('orgs.id', '=', orgId).executeTakeFirst();
  if (!org) throw new DuebotError('not_found', `no org with id ${orgId} (or it has no policy row)`);
  const overrides = await db.selectFrom('level_thresholds')
    .select(['credit_grade', 'industry', 'yellow_days', 'orange_days', 'red_days'])
    .where('org_id', '=', orgId).execute();
  return {
    id: org.id, timezone: org.timezone, currency: org.currency.trim(), locale: org.locale,
    policy: {
      thresholds: { yellow: org.yellow_days, orange: org.orange_days, red: org.red_days },
      overrides: overrides.map((o) => ({ creditGrade: o.credit_grade, industry: o.industry,
        yellow: o.yellow_days, orange: o.orange_days, red: o.red_days })),
      preDueDays: org.pre_due_days,
      escalationMinWritten: org.escalation_min_written,
      escalationMinDays: org.escalation_min_days,
      contactCapPerWeek: org.contact_cap_per_week,
    },
  };
}

export function resolveToday(org: { timezone: string }, today?: string): IsoDate {
  if (today === undefined) return dateIn(org.timezone);
  if (!isIsoDate(today)) throw new DuebotError('invalid', `today must be a date YYYY-MM-DD, got "${today}"`, { field: 'today' });
  return today;
}

/** A refusal that still commits what the command wrote (a stale approval cancels the request, then refuses). */
export class CommittedRefusal {
  constructor(readonly error: DuebotError) {}
}

/**
 * Runs a command in one transaction. With an idempotency key, same-key executions are serialised
 * by an advisory lock; the first stores its result in action_receipts (same transaction) and a
 * retry returns that stored result, writing nothing. Refusals store no receipt.
 */
export async function runCommand<T>(db: Db, actor: Actor, command: string, opts: CommandOptions,
  fn: (ctx: CommandContext) => Promise<T | CommittedRefusal>): Promise<T> {
  const org = await loadOrgContext(db, actor.orgId);
  const now = opts.now ?? new Date();
  const today = resolveToday(org, opts.today ?? dateIn(org.timezone, now));
  const key = opts.idempotencyKey ? `${command}:${opts.idempotencyKey}` : undefined;
  const outcome = await retryOnConflict(() => db.transaction().execute(async (trx) => {
    if (key) {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`${actor.orgId}:${key}`}, 0))`.execute(trx);
      const receipt = await trx.selectFrom('action_receipts').select('result')
        .where('org_id', '=', actor.orgId).where('key', '=', key).executeTakeFirst();
      if (receipt) return decodeResult(receipt.result) as T;
    }
    if (opts.card) await checkCard(trx, actor.orgId, opts.card);
    const result = await fn({ trx, actor, org, today, now });
    if (key && !(result instanceof CommittedRefusal)) {
      await trx.insertInto('action_receipts').values({ org_id: actor.orgId, key, result: encodeResult(result) }).execute();
    }
    return result;
  }));
  if (outcome instanceof CommittedRefusal) throw outcome.error;
  return outcome;
}

/**
 * Issue 8: a click on an out-of-date card changes nothing. Checked after the receipt, so a retried
 * click still gets its first answer; the row is locked so no change slips in between.
 */
async function checkCard(trx: Db, orgId: number, card: CardRef): Promise<void> {
  const row = await trx.selectFrom('cases').select(['status', 'version']).where('org_id', '=', orgId).where('id', '=', card.caseId)
    .forUpdate().executeTakeFirst();
  if (isStaleCard(card, row)) throw new DuebotError('stale', 'the card is out of date', { reason: 'card', caseId: card.caseId });
}

/**
 * PostgreSQL ends one side of a deadlock (40P01) or a serialization conflict (40001) with an
 * error; the whole transaction rolled back, so running it again is safe (a command is one transaction).
 * Workers opening cases in bulk can meet a command on the same rows.
 */
export async function retryOnConflict<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (i >= attempts || (code !== '40P01' && code !== '40001')) throw e;
      await new Promise((r) => setTimeout(r, 20 * i + Math.floor(Math.random() * 30)));
    }
  }
}

/** Results carry bigint money: stored as {"$bigint":"…"} and revived exactly. */
export function encodeResult(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

export function decodeResult(stored: unknown): unknown {
  const text = typeof stored === 'string' ? stored : JSON.stringify(stored);
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const big = (v as { $bigint?: unknown }).$bigint;
      if (keys.length === 1 && typeof big === 'string') return BigInt(big);
    }
    return v;
  });
}

/** JSON for audit details and event payloads: bigint money as a decimal string of minor units. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export interface Change {
  /** audit_log action, e.g. 'case.claim'. */
  action: string;
  subject: { type: 'case' | 'invoice' | 'escalation' | 'promise' | 'plan' | 'record'; id: number };
  /** case_events type, e.g. 'case.claimed' (src/domain/case-events.ts). */
  event: CaseEventType;
  caseId: number;
  customerId: number;
  /** What renderers need beyond caseId, customerId and actor (ids, amounts as minor strings…). */
  payload?: Record<string, unknown>;
}

/** The audit row and the domain event of a change, in the command's transaction. */
export async function recordChange(ctx: CommandContext, change: Change): Promise<void> {
  const { trx, actor } = ctx;
  const payload = { caseId: change.caseId, customerId: change.customerId,
    actor: { userId: actor.userId, name: actor.name }, ...change.payload };
  await trx.insertInto('audit_log').values({ org_id: actor.orgId, actor_user_id: actor.userId, actor: `user:${actor.userId}`,
    action: change.action, subject_type: change.subject.type, subject_id: String(change.subject.id), detail: toJson(payload) }).execute();
  await trx.insertInto('case_events').values({ org_id: actor.orgId, case_id: change.caseId, type: change.event,
    payload: toJson(payload) }).execute();
}

/** Validates a command's input; the first problem becomes DuebotError('invalid') naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'input';
  throw new DuebotError('invalid', `${field}: ${issue?.message ?? 'invalid'}`, { field });
}
