// Loads the demo org: staff, customers, a year of invoices and payments, cases with their
// collection records, promises and an approved write-off, dated relative to as-of so the demo
// always looks fresh. Deterministic: the same seed and as-of give the same data.
import type { Transaction } from 'kysely';
import { dateIn, isIsoDate } from '../../domain/calendar.js';
import { DuebotError } from '../../errors.js';
import type { Db } from '../../store/connection.js';
import type { Database } from '../../store/schema.js';
import { addOrg } from '../orgs.js';
import { DEMO_CURRENCY, DEMO_TIMEZONE, buildDemoPlan, paymentImportKey, type DemoPlan, type PlanRecord } from './demo-plan.js';
import { DEFAULT_SEED } from './invoice-rows.js';

export interface LoadDemoOptions {
  /** Default 'demo'. */
  slug?: string;
  /** Default: today in Asia/Shanghai. */
  asOf?: string;
  seed?: number;
}

export interface LoadDemoResult {
  orgId: number;
  /** False when the org already held data: nothing was written. */
  created: boolean;
  /** Rows per table in the org (written now, or already there). */
  counts: Record<string, number>;
}

export const DEMO_ORG_NAME = '东方机电集团(演示) Orient Electromechanical Group (demo)';

const COUNTED = ['users', 'chat_identities', 'customers', 'invoices', 'payments', 'cases', 'collection_records',
  'promises', 'escalations', 'alerts_sent', 'targets'] as const;
type Counted = (typeof COUNTED)[number];

/**
 * Creates the org (with its policy row) and fills it. An org that already has customers is left
 * alone (created: false); an empty one (made by `duebot org add`, or a load that failed) is filled.
 * The fill is one transaction holding the org row's lock, so two concurrent loads write once.
 */
export async function loadDemoOrg(db: Db, opts: LoadDemoOptions = {}): Promise<LoadDemoResult> {
  const asOf = opts.asOf ?? dateIn(DEMO_TIMEZONE);
  if (!isIsoDate(asOf)) throw new DuebotError('invalid', `demo as-of date "${asOf}" must be a real date written YYYY-MM-DD`);
  const seed = opts.seed ?? DEFAULT_SEED;
  const { org } = await addOrg(db, { slug: opts.slug ?? 'demo', name: DEMO_ORG_NAME, timezone: DEMO_TIMEZONE,
    currency: DEMO_CURRENCY, locale: 'zh-CN' });

  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('orgs').select('id').where('id', '=', org.id).forUpdate().executeTakeFirstOrThrow();
    const filled = await trx.selectFrom('customers').select('id').where('org_id', '=', org.id).limit(1).executeTakeFirst();
    if (filled) return { orgId: org.id, created: false, counts: await countRows(trx, org.id) };
    const counts = await writePlan(trx, org.id, buildDemoPlan({ seed, asOf }));
    await trx.insertInto('audit_log').values({ org_id: org.id, actor: 'cli', action: 'demo.load', subject_type: 'org',
      subject_id: String(org.id), detail: JSON.stringify({ seed, asOf, counts }) }).execute();
    return { orgId: org.id, created: true, counts };
  });
}

async function countRows(db: Db, orgId: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', orgId).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Inserts in chunks: one statement per chunk keeps round trips few and parameters < 65,535. */
async function insertChunks<R>(rows: readonly R[], size: number, insert: (chunk: R[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

function must<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const v = map.get(key);
  if (v === undefined) throw new Error(`demo plan refers to an unknown ${what}: ${String(key)}`);
  return v;
}

async function writePlan(trx: Transaction<Database>, orgId: number, plan: DemoPlan): Promise<Record<Counted, number>> {
  const counts = Object.fromEntries(COUNTED.map((t) => [t, 0])) as Record<Counted, number>;

  const users = await trx.insertInto('users').values(plan.users.map((u) => ({
    org_id: orgId, email: u.email, name: u.name, role: u.role, region: u.region, timezone: u.timezone, locale: u.locale,
  }))).returning(['id', 'email']).execute();
  const userId = new Map(users.map((u) => [u.email, u.id]));
  counts.users = users.length;

  const identities = plan.users.flatMap((u) => [
    ...(u.slackUserId ? [{ platform: 'slack' as const, external_user_id: u.slackUserId, email: u.email }] : []),
    ...(u.larkOpenId ? [{ platform: 'lark' as const, external_user_id: u.larkOpenId, email: u.email }] : []),
  ]);
  await trx.insertInto('chat_identities').values(identities.map((i) => ({
    org_id: orgId, user_id: must(userId, i.email, 'user'), platform: i.platform, external_user_id: i.external_user_id,
  }))).execute();
  counts.chat_identities = identities.length;

  const customerId = new Map<number, number>();
  await insertChunks(plan.customers, 1000, async (chunk) => {
    const rows = await trx.insertInto('customers').values(chunk.map((c) => ({
      org_id: orgId, code: c.code, name: c.name, credit_grade: c.grade, credit_limit_minor: c.creditLimitMinor,
      payment_terms_days: c.termsDays, industry: c.industry, region: c.region,
      owner_user_id: must(userId, c.ownerEmail, 'user'), grade_refreshed_on: c.gradeRefreshedOn,
    }))).returning(['id', 'code']).execute();
    const byCode = new Map(rows.map((r) => [r.code, r.id]));
    for (const c of chunk) customerId.set(c.index, must(byCode, c.code, 'customer'));
  });
  counts.customers = plan.customers.length;
  // Issue 11: each customer's accounts-payable desk gets reminders and statements (a reserved
  // .example domain: the demo's mail lands in its local sink, never on the internet).
  await insertChunks(plan.customers, 1000, async (chunk) => {
    await trx.insertInto('contacts').values(chunk.map((c) => ({
      org_id: orgId, customer_id: must(customerId, c.index, 'customer'), name: '财务部 Accounts Payable',
      email: `ap@${c.code.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.demo.example`, role: 'billing', locale: null,
    }))).execute();
  });

  const invoiceId = new Map<string, number>();
  await insertChunks(plan.invoices, 1000, async (chunk) => {
    const rows = await trx.insertInto('invoices').values(chunk.map((i) => ({
      org_id: orgId, customer_id: must(customerId, i.customerIndex, 'customer'), number: i.number,
      product_line: i.productLine, region: i.region, currency: i.currency, amount_minor: i.amountMinor,
      paid_minor: i.paidMinor, issued_on: i.issuedOn, due_on: i.dueOn, status: i.status,
      disputed_reason: i.disputedReason, written_off_on: i.writtenOffOn,
    }))).returning(['id', 'number']).execute();
    for (const r of rows) invoiceId.set(r.number, r.id);
  });
  counts.invoices = plan.invoices.length;

  const payments = plan.invoices.flatMap((inv) => {
    const seen = new Map<string, number>();
    return inv.payments.map((p) => {
      // Same invoice, date and amount twice: the occurrence tells them apart.
      const same = `${p.paidOn}|${p.amountMinor}`;
      const occurrence = (seen.get(same) ?? 0) + 1;
      seen.set(same, occurrence);
      return { org_id: orgId, invoice_id: must(invoiceId, inv.number, 'invoice'), amount_minor: p.amountMinor,
        paid_on: p.paidOn, reference: p.reference, import_key: paymentImportKey(inv, p, occurrence) };
    });
  });
  await insertChunks(payments, 2000, async (chunk) => { await trx.insertInto('payments').values(chunk).execute(); });
  counts.payments = payments.length;

  const caseId = new Map<number, number>();
  await insertChunks(plan.cases, 1000, async (chunk) => {
    const rows = await trx.insertInto('cases').values(chunk.map((c) => ({
      org_id: orgId, customer_id: must(customerId, c.customerIndex, 'customer'), status: 'open' as const,
      stage: c.stage, level: c.level, owner_user_id: c.ownerEmail ? must(userId, c.ownerEmail, 'user') : null,
      claimed_at: c.claimedAt, next_action_on: c.nextActionOn, last_record_at: c.lastRecordAt, opened_at: c.openedAt,
    }))).returning(['id', 'customer_id']).execute();
    const byCustomer = new Map(rows.map((r) => [r.customer_id, r.id]));
    for (const c of chunk) caseId.set(c.customerIndex, must(byCustomer, must(customerId, c.customerIndex, 'customer'), 'case'));
  });
  counts.cases = plan.cases.length;

  // Records in time order, so the hash chain's sequence follows the story (the trigger sets seq).
  const records = plan.cases.flatMap((c) => c.records.map((r) => ({ r, c })))
    .sort((a, b) => a.r.recordedAt.getTime() - b.r.recordedAt.getTime());
  const recordId = new Map<PlanRecord, number>();
  await insertChunks(records, 1000, async (chunk) => {
    const rows = await trx.insertInto('collection_records').values(chunk.map(({ r, c }) => ({
      org_id: orgId, case_id: must(caseId, c.customerIndex, 'case'), customer_id: must(customerId, c.customerIndex, 'customer'),
      author_user_id: must(userId, r.authorEmail, 'user'), method: r.method, outcome: r.outcome, body: r.body,
      next_action_on: r.nextActionOn, recorded_at: r.recordedAt,
    }))).returning(['id', 'case_id', 'recorded_at']).execute();
    // A case never has two records at the same instant, so (case, time) names a record.
    const byKey = new Map(rows.map((row) => [`${row.case_id}|${row.recorded_at.getTime()}`, row.id]));
    for (const { r, c } of chunk) {
      recordId.set(r, must(byKey, `${must(caseId, c.customerIndex, 'case')}|${r.recordedAt.getTime()}`, 'record'));
    }
  });
  counts.collection_records = records.length;

  const promises = plan.cases.flatMap((c) => c.promises.map((p) => ({
    org_id: orgId, case_id: must(caseId, c.customerIndex, 'case'), customer_id: must(customerId, c.customerIndex, 'customer'),
    record_id: must(recordId, c.records[p.record]!, 'record'), made_by_user_id: must(userId, p.madeByEmail, 'user'),
    amount_minor: p.amountMinor, currency: DEMO_CURRENCY, promised_on: p.promisedOn, note: p.note, status: p.status,
    resolved_at: p.resolvedAt, created_at: p.createdAt,
  })));
  await insertChunks(promises, 1000, async (chunk) => { await trx.insertInto('promises').values(chunk).execute(); });
  counts.promises = promises.length;

  const escalations = plan.cases.flatMap((c) => c.escalations.map((e) => ({
    org_id: orgId, case_id: must(caseId, c.customerIndex, 'case'), kind: e.kind,
    invoice_id: e.invoiceNumber === null ? null : must(invoiceId, e.invoiceNumber, 'invoice'),
    requested_by: must(userId, e.requestedByEmail, 'user'), reason: e.reason, missing: '[]', case_version: 1,
    balance_minor: e.balanceMinor, status: e.status, decided_by: e.decidedByEmail ? must(userId, e.decidedByEmail, 'user') : null,
    decision_note: e.decisionNote, decided_at: e.decidedAt, created_at: e.createdAt,
  })));
  if (escalations.length > 0) await trx.insertInto('escalations').values(escalations).execute();
  counts.escalations = escalations.length;

  const alerts = plan.alerts.map((a) => ({
    org_id: orgId, invoice_id: must(invoiceId, a.invoiceNumber, 'invoice'), case_id: caseId.get(a.customerIndex) ?? null,
    level: a.level, raised_on: a.raisedOn,
  }));
  await insertChunks(alerts, 2000, async (chunk) => { await trx.insertInto('alerts_sent').values(chunk).execute(); });
  counts.alerts_sent = alerts.length;

  const admin = plan.users.find((u) => u.role === 'admin')!;
  await trx.insertInto('targets').values(plan.targets.map((t) => ({
    org_id: orgId, scope: t.scope, scope_value: t.scopeValue, percent: t.percent, created_by: must(userId, admin.email, 'user'),
  }))).execute();
  counts.targets = plan.targets.length;

  return counts;
}
