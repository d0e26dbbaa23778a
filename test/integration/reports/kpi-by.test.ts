// Done-when of issue 10 item 3: `report kpi --by region --format json` equals an independent
// computation on the test ledger, per region. The reference below walks the raw rows in plain
// TypeScript (no SQL aggregate, no code of the report), then applies the KPI formulas.
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../support/db.js';
import { kpiReport, renderReport } from '../../../src/services/reports/index.js';
import { addDays } from '../../../src/domain/calendar.js';
import { formatMinor } from '../../../src/domain/money.js';
import { badDebtRate, cei, collectionCycle, dso, promiseKeptRate, ratingCoverage, recoveryRate } from '../../../src/domain/kpi.js';
import { AS_OF, seedLedger, type Ledger } from './ledger-fixture.js';
import { duebot } from '../../support/cli.js';

const t = testDatabase();
let ledger: Ledger;
beforeAll(async () => {
  ledger = await seedLedger(t.db);
  process.env.DATABASE_URL = t.url;
});

/** The KPI object of DESIGN.md, computed row by row from the ledger for the invoices `keep` selects. */
async function reference(orgId: number, asOf: string, periodDays: number, keep: (i: { region: string | null }) => boolean,
  promises: { kept: number; broken: number } | null) {
  const start = addDays(asOf, -periodDays);
  const invoices = await t.db.selectFrom('invoices').selectAll().where('org_id', '=', orgId).where('currency', '=', 'CNY').execute();
  const payments = await t.db.selectFrom('payments').selectAll().where('org_id', '=', orgId).execute();
  const s = { ar: 0n, overdue: 0n, current: 0n, opening: 0n, sales: 0n, openingOverdue: 0n, newlyDue: 0n, collected: 0n, writtenOff: 0n };
  for (const i of invoices) {
    if (i.issued_on > asOf || !keep(i)) continue;
    const paidBy = (d: string) => payments.filter((p) => p.invoice_id === i.id && p.paid_on <= d).reduce((a, p) => a + p.amount_minor, 0n);
    const live = (d: string) => i.status !== 'written_off' || (i.written_off_on !== null && i.written_off_on > d);
    const balEnd = i.amount_minor - paidBy(asOf);
    const balStart = i.amount_minor - paidBy(start);
    if (live(asOf) && balEnd > 0n) {
      s.ar += balEnd;
      if (i.due_on < asOf) s.overdue += balEnd; else s.current += balEnd;
    }
    if (live(start) && balStart > 0n) {
      if (i.issued_on <= start) s.opening += balStart;
      if (i.due_on < start) s.openingOverdue += balStart;
      else if (i.due_on < asOf) s.newlyDue += balStart;
      if (i.due_on < asOf) s.collected += balStart - balEnd;
    }
    if (i.issued_on > start) s.sales += i.amount_minor;
    if (i.status === 'written_off' && i.written_off_on !== null && i.written_off_on > start && i.written_off_on <= asOf && balEnd > 0n) s.writtenOff += balEnd;
  }
  // Issue 10: rating coverage (customers with an invoice in 12 months, graded in the last 90 days) and the collection
  // cycle (due date → the payment that completed the invoice, within the period), walked row by row.
  const graded = new Map((await t.db.selectFrom('customers').select(['id', 'grade_refreshed_on']).where('org_id', '=', orgId).execute())
    .map((c) => [c.id, c.grade_refreshed_on]));
  const seen = new Set<number>();
  let rated = 0;
  const cycle: { dueOn: string; completedOn: string }[] = [];
  for (const i of invoices) {
    if (i.issued_on > asOf || !keep(i)) continue;
    if (i.issued_on > addDays(asOf, -365) && !seen.has(i.customer_id)) {
      seen.add(i.customer_id);
      const g = graded.get(i.customer_id);
      if (g && g > addDays(asOf, -90) && g <= asOf) rated++;
    }
    let run = 0n;
    const mine = payments.filter((p) => p.invoice_id === i.id && p.paid_on <= asOf).sort((a, b) => (a.paid_on < b.paid_on ? -1 : a.paid_on > b.paid_on ? 1 : a.id - b.id));
    const done = mine.find((p) => (run += p.amount_minor) >= i.amount_minor);
    if (done && done.paid_on > start) cycle.push({ dueOn: i.due_on, completedOn: done.paid_on });
  }
  return {
    arBalance: formatMinor(s.ar, 'CNY'), overdueBalance: formatMinor(s.overdue, 'CNY'), dso: dso(s.ar, s.sales, periodDays),
    cei: cei(s.opening, s.sales, s.ar, s.current), recoveryRate: recoveryRate(s.collected, s.openingOverdue, s.newlyDue),
    badDebtRate: badDebtRate(s.writtenOff, s.sales), promiseKeptRate: promises ? promiseKeptRate(promises.kept, promises.broken) : null,
    ratingCoverage: seen.size ? ratingCoverage(rated, seen.size) : null, collectionCycleDays: collectionCycle(cycle), timeToClaimHours: null,
  };
}

describe('report kpi --by', () => {
  it('--by region --format json: each region equals the independent computation, totals unchanged', async () => {
    const j = JSON.parse(await duebot('report', 'kpi', '--org', 'acme', '--as-of', AS_OF, '--by', 'region', '--format', 'json'));
    const regionOf = (r: string | null) => (r === null || r === '' ? '(none)' : r);
    // C1 (region east) holds every CNY promise: 4 kept, 0 broken in the period (see reports.test.ts).
    const expected = await Promise.all(['east', 'north', 'south', '(none)'].map(async (key) =>
      ({ key, ...await reference(ledger.orgId, AS_OF, 90, (i) => regionOf(i.region) === key, key === 'east' ? { kept: 4, broken: 0 } : null) })));
    expect(j.groups).toEqual(expect.arrayContaining(expected));
    expect(j.groups).toHaveLength(4);
    expect(Object.keys(j.groups[0])).toEqual(['key', 'arBalance', 'overdueBalance', 'dso', 'cei', 'recoveryRate', 'badDebtRate', 'promiseKeptRate',
      'ratingCoverage', 'collectionCycleDays', 'timeToClaimHours']);
    const { groups: _groups, ...totals } = j;
    expect(totals).toEqual({ org: 'acme', asOf: AS_OF, currency: 'CNY', periodDays: 90,
      ...await reference(ledger.orgId, AS_OF, 90, () => true, { kept: 4, broken: 0 }) });
    // Largest AR first.
    expect(j.groups.map((g: { key: string }) => g.key)).toEqual(['east', 'north', 'south', '(none)']);
  });

  it('a region filter (a subscription) gives that region’s figures, not the company’s', async () => {
    const r = await kpiReport(t.db, { orgId: ledger.orgId, asOf: AS_OF, filter: { region: 'North' } });
    const { org: _o, asOf: _a, currency: _c, periodDays: _p, ...figures } = JSON.parse(renderReport(r, { format: 'json', locale: 'en-US' }));
    expect(figures).toEqual(await reference(ledger.orgId, AS_OF, 90, (i) => i.region === 'north', { kept: 0, broken: 0 }));
  });

  it('--period month is the calendar month to date; quarter and <N>d too; a bad period is refused before the database is read', async () => {
    const month = JSON.parse(await duebot('report', 'kpi', '--org', 'acme', '--as-of', AS_OF, '--period', 'month', '--format', 'json'));
    expect(month.periodDays).toBe(30);   // June 1–30
    expect(month).toMatchObject(await reference(ledger.orgId, AS_OF, 30, () => true, null).then(({ promiseKeptRate: _k, ...f }) => f));
    const quarter = JSON.parse(await duebot('report', 'kpi', '--org', 'acme', '--as-of', '2026-05-15', '--period', 'quarter', '--format', 'json'));
    expect(quarter.periodDays).toBe(45);   // April 1 – May 15
    const days = JSON.parse(await duebot('report', 'kpi', '--org', 'acme', '--as-of', AS_OF, '--period', '7d', '--format', 'json'));
    expect(days.periodDays).toBe(7);
    await expect(duebot('report', 'kpi', '--org', 'acme', '--period', 'fortnight')).rejects.toMatchObject({ code: 'invalid' });
    await expect(duebot('report', 'aging', '--org', 'acme', '--period', 'month')).rejects.toMatchObject({ code: 'invalid' });
  });

  it('prints groups as CSV rows and as a table', async () => {
    const csv = await duebot('report', 'kpi', '--org', 'acme', '--as-of', AS_OF, '--by', 'owner', '--format', 'csv');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('key,org,asOf,currency,periodDays,arBalance,overdueBalance,dso,cei,recoveryRate,badDebtRate,promiseKeptRate,ratingCoverage,collectionCycleDays,timeToClaimHours');
    expect(lines.slice(2).map((l) => l.split(',')[0])).toEqual(['alice@acme.test', 'bob@acme.test', '(unassigned)']);
    const table = await duebot('report', 'kpi', '--org', 'acme', '--as-of', AS_OF, '--by', 'product', '--locale', 'en-US');
    expect(table).toContain('steel');
  });
});
