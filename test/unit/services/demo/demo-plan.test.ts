import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketOf, daysOverdue, LEVELS } from '../../../../src/domain/aging.js';
import { missingEvidence } from '../../../../src/domain/escalation-rule.js';
import { buildDemoPlan, type DemoPlan } from '../../../../src/services/demo/demo-plan.js';

const AS_OF = '2026-03-15';

function buckets(plan: DemoPlan): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const inv of plan.invoices) {
    if (inv.status === 'written_off' || inv.amountMinor === inv.paidMinor) continue;
    const b = bucketOf(daysOverdue(inv.dueOn, plan.asOf));
    counts[b] = (counts[b] ?? 0) + 1;
  }
  return counts;
}

describe('buildDemoPlan', () => {
  it.each([1, 2, 3, 42, 20260315])('fills every bucket and level and shows every promise outcome with seed %i', (seed) => {
    const plan = buildDemoPlan({ seed, asOf: AS_OF });
    expect(Object.keys(buckets(plan)).sort()).toEqual([...BUCKETS].sort());
    expect(new Set(plan.cases.map((c) => c.level))).toEqual(new Set([...LEVELS, null]));
    expect(new Set(plan.cases.flatMap((c) => c.promises.map((p) => p.status)))).toEqual(new Set(['kept', 'pending', 'broken']));
    expect(plan.cases.some((c) => c.level === 'red' && c.ownerEmail === null)).toBe(true);
  });

  it('keeps each invoice\'s paid amount, status and payments in agreement', () => {
    const plan = buildDemoPlan({ seed: 11, asOf: AS_OF });
    for (const inv of plan.invoices) {
      const sum = inv.payments.reduce((s, p) => s + p.amountMinor, 0n);
      expect(sum).toBe(inv.paidMinor);
      expect(sum <= inv.amountMinor).toBe(true);
      expect(inv.status === 'paid').toBe(sum === inv.amountMinor);
      expect(inv.payments.every((p) => p.paidOn <= AS_OF && p.paidOn >= inv.issuedOn)).toBe(true);
    }
    expect(new Set(plan.invoices.map((i) => i.number)).size).toBe(plan.invoices.length);
    expect(plan.invoices.every((i) => /^INV-\d{6}-\d{4}$/.test(i.number))).toBe(true);
  });

  it('scripts C0001 as ready for legal escalation and C0006 as short of written records', () => {
    const plan = buildDemoPlan({ seed: 11, asOf: AS_OF });
    const byCode = (code: string) => plan.cases.find((c) => plan.customers[c.customerIndex]!.code === code)!;
    expect(byCode('C0001').level).toBe('red');
    expect(missingEvidence(byCode('C0001').records, 130)).toEqual([]);
    expect(missingEvidence(byCode('C0006').records, 200)).toEqual([{ kind: 'written_records', have: 2, need: 3 }]);
    expect(byCode('C0002')).toMatchObject({ level: 'red', ownerEmail: null, records: [] });
  });

  it('writes records in the author\'s language, after the claim and before as-of', () => {
    const plan = buildDemoPlan({ seed: 4, asOf: AS_OF });
    const english = new Set(plan.users.filter((u) => u.locale === 'en-US').map((u) => u.email));
    const records = plan.cases.flatMap((c) => c.records.map((r) => ({ r, c })));
    expect(records.length).toBeGreaterThan(50);
    for (const { r, c } of records) {
      expect(/[\u4e00-\u9fff]/.test(r.body)).toBe(!english.has(r.authorEmail));
      expect(r.recordedAt.getTime()).toBeGreaterThan(c.claimedAt!.getTime());
      expect(r.recordedAt.getTime()).toBeLessThan(Date.parse(`${AS_OF}T00:00:00+08:00`));
      expect(r.body).not.toMatch(/\{\w+\}/);
    }
  });

  it('moves with as-of: the same story a month later is dated a month later', () => {
    const march = buildDemoPlan({ seed: 5, asOf: AS_OF });
    const april = buildDemoPlan({ seed: 5, asOf: '2026-04-14' });
    expect(april.invoices.map((i) => daysOverdue(i.dueOn, april.asOf))).toEqual(march.invoices.map((i) => daysOverdue(i.dueOn, march.asOf)));
    expect(april.invoices.map((i) => i.amountMinor)).toEqual(march.invoices.map((i) => i.amountMinor));
  });
});
