import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { bucketOf, daysOverdue, levelOf, stageOf, worstLevel, BUCKETS, LEVELS, type Bucket } from '../../../src/domain/aging.js';
import { dateIn } from '../../../src/domain/calendar.js';
import { missingEvidence } from '../../../src/domain/escalation-rule.js';
import { verifyRecordChain } from '../../../src/services/audit.js';
import { loadDemoOrg } from '../../../src/services/demo/index.js';
import { addOrg } from '../../../src/services/orgs.js';
import type { Db } from '../../../src/store/connection.js';
import { createTestDatabase, testDatabase } from '../../support/db.js';

const t = testDatabase();
const AS_OF = '2026-03-15';
const SEED = 7;

async function demoOrg(db: Db, slug: string, opts: { seed?: number; asOf?: string } = {}) {
  const existing = await db.selectFrom('orgs').select('id').where('slug', '=', slug).executeTakeFirst();
  if (existing) return existing.id;
  const result = await loadDemoOrg(db, { slug, asOf: AS_OF, seed: SEED, ...opts });
  return result.orgId;
}

/** Open balance per aging bucket as of `asOf`, by DESIGN.md's definition of an open invoice. */
async function bucketTotals(db: Db, orgId: number, asOf: string) {
  const invoices = await db.selectFrom('invoices').select(['amount_minor', 'paid_minor', 'due_on'])
    .where('org_id', '=', orgId).where('status', '<>', 'written_off').where('issued_on', '<=', asOf).execute();
  const totals = Object.fromEntries(BUCKETS.map((b) => [b, { amount: 0n, count: 0 }])) as Record<Bucket, { amount: bigint; count: number }>;
  for (const inv of invoices) {
    const balance = inv.amount_minor - inv.paid_minor;
    if (balance <= 0n) continue;
    const bucket = totals[bucketOf(daysOverdue(inv.due_on, asOf))];
    bucket.amount += balance;
    bucket.count++;
  }
  return totals;
}

/** Everything that should repeat for the same seed and as-of, without database ids or clocks. */
async function fingerprint(db: Db, orgId: number) {
  const invoices = await db.selectFrom('invoices').innerJoin('customers', 'customers.id', 'invoices.customer_id')
    .select(['invoices.number', 'customers.code', 'customers.name', 'invoices.amount_minor', 'invoices.paid_minor',
      'invoices.issued_on', 'invoices.due_on', 'invoices.status'])
    .where('invoices.org_id', '=', orgId).orderBy('invoices.number').execute();
  const payments = await db.selectFrom('payments').select(['import_key', 'amount_minor', 'paid_on'])
    .where('org_id', '=', orgId).orderBy('import_key').execute();
  const records = await db.selectFrom('collection_records').select(['seq', 'method', 'outcome', 'body', 'recorded_at'])
    .where('org_id', '=', orgId).orderBy('seq').execute();
  const promises = await db.selectFrom('promises').select(['amount_minor', 'promised_on', 'status'])
    .where('org_id', '=', orgId).orderBy('promised_on').orderBy('amount_minor').execute();
  return { invoices, payments, records, promises };
}

describe('loadDemoOrg', () => {
  it('creates the org with its policy and the rows its counts claim', async () => {
    // Its own org: the other tests load 'demo' on first use, in whatever order they run.
    const result = await loadDemoOrg(t.db, { slug: 'demo-created', asOf: AS_OF, seed: SEED });
    expect(result.created).toBe(true);
    const org = await t.db.selectFrom('orgs').selectAll().where('id', '=', result.orgId).executeTakeFirstOrThrow();
    expect(org).toMatchObject({ slug: 'demo-created', timezone: 'Asia/Shanghai', currency: 'CNY', locale: 'zh-CN' });
    await t.db.selectFrom('org_policies').select('org_id').where('org_id', '=', org.id).executeTakeFirstOrThrow();

    for (const [table, n] of Object.entries(result.counts)) {
      const row = await t.db.selectFrom(table as 'users').select((eb) => eb.fn.countAll<string>().as('n'))
        .where('org_id', '=', org.id).executeTakeFirstOrThrow();
      expect({ table, n: Number(row.n) }).toEqual({ table, n });
    }
    expect(result.counts).toMatchObject({ users: 15, customers: 300, invoices: 2500 });
    expect(result.counts.payments).toBeGreaterThan(1500);
    expect(result.counts.cases).toBeGreaterThan(30);
    expect(result.counts.collection_records).toBeGreaterThan(50);
  });

  it('staffs the org with every role, demo emails and Slack and Lark identities', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const users = await t.db.selectFrom('users').select(['email', 'role', 'region']).where('org_id', '=', orgId).execute();
    const roles = users.reduce<Record<string, number>>((m, u) => ({ ...m, [u.role]: (m[u.role] ?? 0) + 1 }), {});
    expect(roles).toEqual({ admin: 1, manager: 2, finance: 2, sales: 8, legal: 2 });
    expect(users.map((u) => u.email)).toContain('wang.fang@demo.duebot.local');
    expect(new Set(users.filter((u) => u.role === 'sales').map((u) => u.region)))
      .toEqual(new Set(['east', 'south', 'north', 'southwest', 'overseas']));
    const ids = await t.db.selectFrom('chat_identities').select(['platform', 'external_user_id']).where('org_id', '=', orgId).execute();
    expect(ids.some((i) => i.platform === 'slack' && i.external_user_id.startsWith('U0DEMO'))).toBe(true);
    expect(ids.some((i) => i.platform === 'lark' && i.external_user_id.startsWith('ou_demo'))).toBe(true);
  });

  it('gives customers grades, terms, high-risk industries, regions and an owner from sales in their region', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const customers = await t.db.selectFrom('customers').innerJoin('users', 'users.id', 'customers.owner_user_id')
      .select(['customers.code', 'customers.name', 'customers.credit_grade', 'customers.industry', 'customers.region',
        'users.role', 'users.region as owner_region'])
      .where('customers.org_id', '=', orgId).execute();
    expect(customers).toHaveLength(300);
    expect(customers.every((c) => /^C\d{4}$/.test(c.code))).toBe(true);
    expect(new Set(customers.map((c) => c.credit_grade))).toEqual(new Set(['A', 'B', 'C', 'D']));
    expect(customers.some((c) => c.industry === 'construction')).toBe(true);
    expect(customers.some((c) => c.industry === 'foreign_trade')).toBe(true);
    expect(customers.every((c) => c.role === 'sales' && c.owner_region === c.region)).toBe(true);
    expect(customers.some((c) => /有限公司$/.test(c.name))).toBe(true);
    expect(customers.some((c) => /Ltd\.$/.test(c.name))).toBe(true);
    expect(new Set(customers.map((c) => c.name)).size).toBe(300);
  });

  it('keeps every invoice\'s paid amount and status true to its payments', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const { rows } = await sql<{ number: string }>`
      select i.number from invoices i
      left join (select invoice_id, sum(amount_minor) as paid, max(paid_on) as last from payments where org_id = ${orgId} group by invoice_id) p
        on p.invoice_id = i.id
      where i.org_id = ${orgId} and (
        i.paid_minor <> coalesce(p.paid, 0) or i.paid_minor > i.amount_minor
        or (i.status = 'paid') <> (i.paid_minor = i.amount_minor)
        or p.last > ${AS_OF}::date or i.issued_on > ${AS_OF}::date)`.execute(t.db);
    expect(rows).toEqual([]);
    const statuses = await t.db.selectFrom('invoices').select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('org_id', '=', orgId).groupBy('status').execute();
    const byStatus = Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]));
    expect(byStatus.disputed).toBeGreaterThanOrEqual(2);
    expect(byStatus.written_off).toBe(1);
    const partial = await t.db.selectFrom('invoices').select('id').where('org_id', '=', orgId).where('status', '=', 'open')
      .where('paid_minor', '>', 0n).execute();
    expect(partial.length).toBeGreaterThan(0);
  });

  it('populates every aging bucket', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const totals = await bucketTotals(t.db, orgId, AS_OF);
    for (const b of BUCKETS) expect({ b, hasInvoices: totals[b].count > 0 }).toEqual({ b, hasInvoices: true });
  });

  it('opens one case per customer with an overdue balance, at the worst level of its undisputed invoices', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const open = await t.db.selectFrom('invoices').select(['customer_id', 'due_on', 'status'])
      .where('org_id', '=', orgId).where('status', 'in', ['open', 'disputed']).whereRef('paid_minor', '<', 'amount_minor')
      .where('due_on', '<', AS_OF).execute();
    const expected = new Map<number, { level: ReturnType<typeof worstLevel>; maxDays: number }>();
    for (const inv of open) {
      const e = expected.get(inv.customer_id) ?? { level: null, maxDays: 0 };
      const days = daysOverdue(inv.due_on, AS_OF);
      if (inv.status === 'open') e.level = worstLevel([e.level, levelOf(days)]);
      e.maxDays = Math.max(e.maxDays, days);
      expected.set(inv.customer_id, e);
    }
    const cases = await t.db.selectFrom('cases').select(['customer_id', 'level', 'stage', 'status'])
      .where('org_id', '=', orgId).execute();
    expect(cases.map((c) => c.customer_id).sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const c of cases) {
      expect(c.status).toBe('open');
      expect(c.level).toBe(expected.get(c.customer_id)!.level);
      expect(['primary', 'intermediate', 'advanced']).toContain(c.stage);
    }
    expect(new Set(cases.map((c) => c.level))).toEqual(new Set([...LEVELS, null]));
    // The stage follows the oldest open invoice (the scenario customers have no disputed-only cases).
    const c0001 = await t.db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['cases.stage', 'cases.level', 'cases.customer_id']).where('cases.org_id', '=', orgId)
      .where('customers.code', '=', 'C0001').executeTakeFirstOrThrow();
    expect(c0001).toMatchObject({ level: 'red', stage: stageOf(expected.get(c0001.customer_id)!.maxDays) });
  });

  it('has claimed cases, unclaimed reds, and kept, pending and broken promises', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const cases = await t.db.selectFrom('cases').select(['level', 'owner_user_id', 'claimed_at']).where('org_id', '=', orgId).execute();
    expect(cases.some((c) => c.owner_user_id !== null && c.claimed_at !== null)).toBe(true);
    expect(cases.some((c) => c.level === 'red' && c.owner_user_id === null)).toBe(true);
    const promises = await t.db.selectFrom('promises').select(['status', 'promised_on', 'record_id']).where('org_id', '=', orgId).execute();
    expect(new Set(promises.map((p) => p.status))).toEqual(new Set(['kept', 'pending', 'broken']));
    expect(promises.every((p) => p.record_id !== null)).toBe(true);
    expect(promises.filter((p) => p.status === 'pending').every((p) => p.promised_on >= AS_OF)).toBe(true);
    expect(promises.filter((p) => p.status !== 'pending').every((p) => p.promised_on < AS_OF)).toBe(true);
    expect(promises.some((p) => p.status === 'pending' && p.promised_on === AS_OF)).toBe(true);
  });

  it('makes each kept promise covered by payments by its date, and each broken one not', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const { rows } = await sql<{ id: number; status: string; amount_minor: bigint; paid: bigint | null }>`
      select p.id, p.status, p.amount_minor,
        (select sum(pay.amount_minor) from payments pay join invoices i on i.id = pay.invoice_id
          where pay.org_id = ${orgId} and i.customer_id = p.customer_id
            and pay.paid_on > (p.created_at at time zone 'Asia/Shanghai')::date and pay.paid_on <= p.promised_on) as paid
      from promises p where p.org_id = ${orgId} and p.status in ('kept', 'broken')`.execute(t.db);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const covered = (r.paid ?? 0n) >= r.amount_minor;
      expect({ id: r.id, covered }).toEqual({ id: r.id, covered: r.status === 'kept' });
    }
  });

  it('has a red case that meets the legal-escalation evidence rule, and one that does not', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const reds = await t.db.selectFrom('cases').innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['cases.id', 'customers.code', 'cases.customer_id']).where('cases.org_id', '=', orgId).where('cases.level', '=', 'red').execute();
    const verdicts = new Map<string, number>();
    for (const c of reds) {
      const records = await t.db.selectFrom('collection_records').select(['method', 'outcome'])
        .where('org_id', '=', orgId).where('case_id', '=', c.id).execute();
      const oldest = await t.db.selectFrom('invoices').select('due_on').where('org_id', '=', orgId)
        .where('customer_id', '=', c.customer_id).where('status', '=', 'open').orderBy('due_on').limit(1).executeTakeFirstOrThrow();
      verdicts.set(c.code, missingEvidence(records, daysOverdue(oldest.due_on, AS_OF)).length);
    }
    expect(verdicts.get('C0001')).toBe(0);
    expect(verdicts.get('C0006')).toBeGreaterThan(0);
  });

  it('records an approved write-off for the written-off invoice', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const writeoff = await t.db.selectFrom('escalations').innerJoin('invoices', 'invoices.id', 'escalations.invoice_id')
      .select(['escalations.kind', 'escalations.status', 'escalations.requested_by', 'escalations.decided_by', 'invoices.status as invoice_status'])
      .where('escalations.org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(writeoff).toMatchObject({ kind: 'writeoff', status: 'approved', invoice_status: 'written_off' });
    expect(writeoff.decided_by).not.toBe(writeoff.requested_by);
  });

  it('writes collection records with an intact hash chain, no later than as-of', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const verdict = await verifyRecordChain(t.db, orgId);
    expect(verdict.ok).toBe(true);
    const methods = await t.db.selectFrom('collection_records').select('method').distinct().where('org_id', '=', orgId).execute();
    expect(methods.map((m) => m.method).sort()).toEqual(['call', 'email', 'lawyer_letter', 'letter', 'note', 'sms', 'visit']);
    const late = await t.db.selectFrom('collection_records').select('id').where('org_id', '=', orgId)
      .where(sql<boolean>`(recorded_at at time zone 'Asia/Shanghai')::date >= ${AS_OF}::date`).execute();
    expect(late).toEqual([]);
  });

  it('marks alerts as already raised for thresholds crossed before as-of, none for disputed invoices', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const alerts = await t.db.selectFrom('alerts_sent').innerJoin('invoices', 'invoices.id', 'alerts_sent.invoice_id')
      .select(['alerts_sent.level', 'alerts_sent.raised_on', 'invoices.due_on', 'invoices.status'])
      .where('alerts_sent.org_id', '=', orgId).execute();
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(a.status).toBe('open');
      expect(a.raised_on < AS_OF).toBe(true);
      expect(levelOf(daysOverdue(a.due_on, a.raised_on))).toBe(a.level);
    }
  });

  it('does nothing the second time and says so', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const before = await t.db.selectFrom('invoices').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    const again = await loadDemoOrg(t.db, { slug: 'demo', asOf: '2026-04-01', seed: 99 });
    expect(again).toMatchObject({ orgId, created: false });
    expect(again.counts.invoices).toBe(Number(before.n));
    const after = await t.db.selectFrom('invoices').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('fills an org that exists but is empty, and writes once when two loads race', async () => {
    await addOrg(t.db, { slug: 'empty-demo' });
    const filled = await loadDemoOrg(t.db, { slug: 'empty-demo', asOf: AS_OF, seed: SEED });
    expect(filled.created).toBe(true);
    const [a, b] = await Promise.all([
      loadDemoOrg(t.db, { slug: 'race-demo', asOf: AS_OF, seed: SEED }),
      loadDemoOrg(t.db, { slug: 'race-demo', asOf: AS_OF, seed: SEED }),
    ]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.orgId).toBe(b.orgId);
    const customers = await t.db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', a.orgId).executeTakeFirstOrThrow();
    expect(Number(customers.n)).toBe(300);
  });

  it('gives the same data for the same seed and as-of in another database, and other data for another seed', async () => {
    const orgId = await demoOrg(t.db, 'demo');
    const other = await createTestDatabase();
    try {
      const again = await loadDemoOrg(other.db, { slug: 'demo', asOf: AS_OF, seed: SEED });
      const mine = await bucketTotals(t.db, orgId, AS_OF);
      expect(await bucketTotals(other.db, again.orgId, AS_OF)).toEqual(mine);
      expect(await fingerprint(other.db, again.orgId)).toEqual(await fingerprint(t.db, orgId));
      const reseeded = await loadDemoOrg(other.db, { slug: 'demo-seed-8', asOf: AS_OF, seed: 8 });
      expect(await bucketTotals(other.db, reseeded.orgId, AS_OF)).not.toEqual(mine);
    } finally {
      await other.close();
    }
  });

  it('dates everything relative to as-of, today in Shanghai by default', async () => {
    const today = dateIn('Asia/Shanghai');
    const { orgId } = await loadDemoOrg(t.db, { slug: 'demo-today' });
    const c0001 = await t.db.selectFrom('invoices').innerJoin('customers', 'customers.id', 'invoices.customer_id')
      .select('invoices.due_on').where('invoices.org_id', '=', orgId).where('customers.code', '=', 'C0001')
      .where('invoices.status', '=', 'open').orderBy('invoices.due_on').executeTakeFirstOrThrow();
    expect(daysOverdue(c0001.due_on, today)).toBe(130);
    const totals = await bucketTotals(t.db, orgId, today);
    expect(BUCKETS.filter((b) => totals[b].count === 0)).toEqual([]);
  });
});
