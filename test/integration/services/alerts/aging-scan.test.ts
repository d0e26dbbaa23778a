import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabase } from '../../../support/db.js';
import { addDays } from '../../../../src/domain/calendar.js';
import { agingScan, levelCrossingsSql } from '../../../../src/services/alerts/aging-scan.js';
import { loadOrgContext } from '../../../../src/services/cases/case-command.js';
import { staleCases } from '../../../../src/services/cases/refresh-levels.js';
import { addCustomer, addInvoice, seedOrg } from '../../jobs/jobs-fixtures.js';

const t = testDatabase();
const TODAY = '2026-03-10';

describe('aging scan: exactly-once raise', () => {
  it('raises the alert after a crash between alerts_sent and its alert.raised event', async () => {
    const orgId = await seedOrg(t.db, 'crash-org');
    const cust = await addCustomer(t.db, orgId, { code: 'CRASH1' });
    const invoice = await addInvoice(t.db, orgId, cust, { number: 'CR-1', amount: 1000_00n, dueOn: addDays(TODAY, -31) });
    // The failure injected exactly there: the event's insert fails after the alerts_sent row is written.
    await sql`create function fail_alert_raised() returns trigger language plpgsql as $$
      begin if new.type = 'alert.raised' then raise exception 'injected crash before alert.raised'; end if; return new; end $$`.execute(t.db);
    await sql`create trigger fail_alert_raised before insert on case_events for each row execute function fail_alert_raised()`.execute(t.db);

    await expect(agingScan(t.db, orgId, { asOf: TODAY })).rejects.toThrow(/injected crash/);
    const lost = await t.db.selectFrom('alerts_sent').select('id').where('org_id', '=', orgId).execute();
    expect(lost).toEqual([]);   // rolled back with the event: nothing recorded as raised

    await sql`drop trigger fail_alert_raised on case_events`.execute(t.db);
    const after = await agingScan(t.db, orgId, { asOf: TODAY });
    expect(after.raised).toBe(1);
    const events = await t.db.selectFrom('case_events').select(['type', 'payload']).where('org_id', '=', orgId).where('type', '=', 'alert.raised').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ invoiceIds: [invoice], level: 'yellow' });
    // And a rescan raises nothing twice.
    expect((await agingScan(t.db, orgId, { asOf: TODAY })).raised).toBe(0);
  });

  it('raises each alert once when two scans run at the same time', async () => {
    const orgId = await seedOrg(t.db, 'race-org');
    for (let i = 0; i < 20; i++) {
      const cust = await addCustomer(t.db, orgId, { code: `RACE${i}` });
      await addInvoice(t.db, orgId, cust, { number: `RA-${i}`, amount: 1000_00n, dueOn: addDays(TODAY, -(31 + (i % 3) * 30)) });
    }
    const [a, b] = await Promise.all([agingScan(t.db, orgId, { asOf: TODAY }), agingScan(t.db, orgId, { asOf: TODAY })]);
    expect(a.raised + b.raised).toBe(20);
    const events = await t.db.selectFrom('case_events').select('payload').where('org_id', '=', orgId).where('type', '=', 'alert.raised').execute();
    const invoices = events.flatMap((e) => (e.payload as { invoiceIds: number[] }).invoiceIds);
    expect(invoices).toHaveLength(20);
    expect(new Set(invoices).size).toBe(20);
  });
});

describe('aging scan: the org policy written into the SQL', () => {
  it('finds the same crossings and stale cases as the per-customer thresholds when no override exists', async () => {
    const orgId = await seedOrg(t.db, 'literal-org');
    for (let i = 0; i < 30; i++) {
      const cust = await addCustomer(t.db, orgId, { code: `LIT${i}`, grade: 'ABCD'[i % 4]! });
      await addInvoice(t.db, orgId, cust, { number: `LI-${i}`, amount: 1000_00n, dueOn: addDays(TODAY, -(i * 4)), status: i % 7 === 0 ? 'disputed' : 'open' });
      if (i % 5 === 0) await addInvoice(t.db, orgId, cust, { number: `LJ-${i}`, amount: 500_00n, dueOn: addDays(TODAY, -(i * 2)) });
    }
    await agingScan(t.db, orgId, { asOf: addDays(TODAY, -40) });   // cases and alerts as of an earlier day
    const org = await loadOrgContext(t.db, orgId);
    expect(org.policy.overrides).toEqual([]);
    const crossings = async (policy?: typeof org.policy) =>
      (await sql<{ invoice_id: number; level: string }>`${levelCrossingsSql(orgId, TODAY, policy)} order by invoice_id`.execute(t.db)).rows;
    const literal = await crossings(org.policy);
    expect(literal.length).toBeGreaterThan(5);
    expect(literal).toEqual(await crossings());
    const stale = await staleCases(t.db, orgId, TODAY, { org });
    expect(stale.length).toBeGreaterThan(0);
    expect(stale).toEqual(await staleCases(t.db, orgId, TODAY));
  });
});
