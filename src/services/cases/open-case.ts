// One case per customer with an overdue balance (DOMAIN.md): created, refreshed (level, stage) and
// closed from the customer's open invoices as of a date.
import { DuebotError } from '../../errors.js';
import { daysOverdue, levelOf, levelRank, stageOf, thresholdsFor, worstLevel, type CaseStage, type Level } from '../../domain/aging.js';
import type { IsoDate } from '../../domain/calendar.js';
import type { Db } from '../../store/connection.js';
import type { Case, CaseStatus, Customer } from '../../store/schema.js';
import { toJson, loadOrgContext, type CommandContext, type OrgContext } from './case-command.js';
import { findCustomer } from './find-customer.js';

export interface OverdueInvoice {
  id: number; number: string; currency: string; balanceMinor: bigint; dueOn: IsoDate;
  daysOverdue: number; disputed: boolean; level: Level | null;
}

export interface OpenCase {
  row: Case;
  customer: Customer;
  /** Overdue balance in the org's currency (open and disputed invoices). */
  overdueMinor: bigint;
  currency: string;
  /** Worst days overdue of the open, undisputed invoices (0 when all are disputed). */
  maxDaysOverdue: number;
  invoices: OverdueInvoice[];
}

/** What a view needs to show a case in one line or a card header. */
export interface CaseSummary {
  id: number;
  version: number;
  status: CaseStatus;
  stage: CaseStage;
  level: Level | null;
  customer: { id: number; code: string; name: string };
  overdueMinor: bigint;
  currency: string;
  maxDaysOverdue: number;
  owner: { id: number; name: string } | null;
  nextActionOn: IsoDate | null;
  snoozedUntil: IsoDate | null;
}

/**
 * Creates or refreshes the customer's open case as of `today` (level = worst of its open undisputed
 * invoices by the org's thresholds incl. grade/industry overrides; stage by days overdue), or closes
 * it when nothing is overdue any more. Locks the case row for the rest of the transaction.
 * Returns null when the customer has no overdue balance.
 */
export async function ensureOpenCase(trx: Db, orgId: number, customerId: number, today: IsoDate,
  opts: { org?: OrgContext; closeReason?: 'paid' | 'written_off'; now?: Date } = {}): Promise<OpenCase | null> {
  const org = opts.org ?? await loadOrgContext(trx, orgId);
  const customer = await trx.selectFrom('customers').selectAll()
    .where('org_id', '=', orgId).where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new DuebotError('not_found', `no customer ${customerId}`, { kind: 'customer' });
  const rows = await trx.selectFrom('invoices')
    .select(['id', 'number', 'currency', 'amount_minor', 'paid_minor', 'due_on', 'status'])
    .where('org_id', '=', orgId).where('customer_id', '=', customerId)
    .where('status', 'in', ['open', 'disputed'])
    .where('due_on', '<', today)
    .whereRef('amount_minor', '>', 'paid_minor')
    .orderBy('due_on').orderBy('id')
    .execute();
  const thresholds = thresholdsFor(org.policy.thresholds, org.policy.overrides,
    { creditGrade: customer.credit_grade, industry: customer.industry });
  const invoices: OverdueInvoice[] = rows.map((r) => {
    const days = daysOverdue(r.due_on, today);
    const disputed = r.status === 'disputed';
    return { id: r.id, number: r.number, currency: r.currency.trim(), balanceMinor: r.amount_minor - r.paid_minor,
      dueOn: r.due_on, daysOverdue: days, disputed, level: disputed ? null : levelOf(days, thresholds) };
  });

  let row = await trx.selectFrom('cases').selectAll()
    .where('org_id', '=', orgId).where('customer_id', '=', customerId).where('status', '<>', 'closed')
    .forUpdate().executeTakeFirst();

  if (invoices.length === 0) {
    if (row) {
      await trx.updateTable('cases')
        .set((eb) => ({ status: 'closed', closed_at: opts.now ?? new Date(), close_reason: opts.closeReason ?? 'paid', version: eb('version', '+', 1) }))
        .where('id', '=', row.id).execute();
      await trx.insertInto('case_events').values({ org_id: orgId, case_id: row.id, type: 'case.closed',
        payload: toJson({ caseId: row.id, customerId, reason: opts.closeReason ?? 'paid' }) }).execute();
    }
    return null;
  }

  const undisputed = invoices.filter((i) => !i.disputed);
  const maxDaysOverdue = undisputed.reduce((m, i) => Math.max(m, i.daysOverdue), 0);
  const maxDaysAll = invoices.reduce((m, i) => Math.max(m, i.daysOverdue), 0);
  const level = worstLevel(undisputed.map((i) => i.level));
  const stage = stageOf(maxDaysAll, org.policy.preDueDays) ?? 'primary';

  if (!row) {
    const inserted = await trx.insertInto('cases').values({ org_id: orgId, customer_id: customerId, level, stage })
      .onConflict((oc) => oc.columns(['org_id', 'customer_id']).where('status', '<>', 'closed').doNothing())
      .returningAll().executeTakeFirst();
    if (inserted) {
      await trx.insertInto('case_events').values({ org_id: orgId, case_id: inserted.id, type: 'case.opened',
        payload: toJson({ caseId: inserted.id, customerId, level, stage }) }).execute();
    }
    // Lost the race to another transaction: take its case (committed by now), locked.
    row = inserted ?? await trx.selectFrom('cases').selectAll()
      .where('org_id', '=', orgId).where('customer_id', '=', customerId).where('status', '<>', 'closed')
      .forUpdate().executeTakeFirstOrThrow();
  }
  const wantStage = row.status === 'legal' ? 'legal' : stage;
  if (row.level !== level || row.stage !== wantStage) {
    // Issue 10: a lower level updates the alert in place with a thread line, never a new alert
    // (a higher one is raised by the aging scan as a new alert).
    if (levelRank(level) < levelRank(row.level)) {
      await trx.insertInto('case_events').values({ org_id: orgId, case_id: row.id, type: 'case.level_lowered',
        payload: toJson({ caseId: row.id, customerId, from: row.level, to: level }) }).execute();
    }
    row = await trx.updateTable('cases').set((eb) => ({ level, stage: wantStage, version: eb('version', '+', 1) }))
      .where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
  }
  const overdueMinor = invoices.filter((i) => i.currency === org.currency).reduce((s, i) => s + i.balanceMinor, 0n);
  return { row, customer, overdueMinor, currency: org.currency, maxDaysOverdue, invoices };
}

/** A command's case: the named customer's open case, refreshed and locked, or a clear refusal. */
export async function openCaseFor(ctx: CommandContext, customerRef: string): Promise<OpenCase> {
  const customer = await findCustomer(ctx.trx, ctx.actor.orgId, customerRef);
  return openCaseOf(ctx, customer);
}

export async function openCaseOf(ctx: CommandContext, customer: Pick<Customer, 'id' | 'code' | 'name'>): Promise<OpenCase> {
  const oc = await ensureOpenCase(ctx.trx, ctx.actor.orgId, customer.id, ctx.today, { org: ctx.org, now: ctx.now });
  if (!oc) {
    throw new DuebotError('not_found', `${customer.code} has no overdue balance: no open case`,
      { reason: 'no_open_case', customer: { code: customer.code, name: customer.name } });
  }
  return oc;
}

/** Bumps the case's version with the given changes and returns the new row. */
export async function updateCase(ctx: CommandContext, caseId: number,
  set: Partial<Pick<Case, 'owner_user_id' | 'claimed_at' | 'next_action_on' | 'snoozed_until' | 'snooze_reason'
    | 'last_record_at' | 'status' | 'stage' | 'legal_stage'>> = {}): Promise<Case> {
  return ctx.trx.updateTable('cases').set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('org_id', '=', ctx.actor.orgId).where('id', '=', caseId)
    .returningAll().executeTakeFirstOrThrow();
}

/** The summary of a case row, with its owner's name. */
export async function summarize(trx: Db, oc: Pick<OpenCase, 'customer' | 'overdueMinor' | 'currency' | 'maxDaysOverdue'>,
  row: Case): Promise<CaseSummary> {
  const owner = row.owner_user_id === null ? undefined
    : await trx.selectFrom('users').select(['id', 'name']).where('id', '=', row.owner_user_id).executeTakeFirst();
  return {
    id: row.id, version: row.version, status: row.status, stage: row.stage, level: row.level,
    customer: { id: oc.customer.id, code: oc.customer.code, name: oc.customer.name },
    overdueMinor: row.status === 'closed' ? 0n : oc.overdueMinor, currency: oc.currency,
    maxDaysOverdue: row.status === 'closed' ? 0 : oc.maxDaysOverdue,
    owner: owner ? { id: owner.id, name: owner.name } : null,
    nextActionOn: row.next_action_on, snoozedUntil: row.snoozed_until,
  };
}
