import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { instalmentDates, keptAndBroken, promiseStates, type PromiseTerm } from '../../../src/domain/promise-allocation.js';

const term = (id: number, amount: number, dueOn: string, madeOn = '2026-01-01'): PromiseTerm => ({ id, amountMinor: BigInt(amount), dueOn, madeOn });
const pay = (amount: number, paidOn: string) => ({ amountMinor: BigInt(amount), paidOn });
const states = (o: ReturnType<typeof promiseStates>) => o.map((x) => x.state);

describe('promise states from the ledger', () => {
  const plan = [term(1, 1000, '2026-03-01'), term(2, 1000, '2026-04-01'), term(3, 1000, '2026-05-01')];

  it('three instalments, only the first paid: kept, broken, pending', () => {
    expect(states(promiseStates(plan, [pay(1000, '2026-02-27')], '2026-04-10'))).toEqual(['kept', 'broken', 'pending']);
  });

  it('a back-dated payment known later turns the broken instalment kept', () => {
    const payments = [pay(1000, '2026-02-27'), pay(1000, '2026-04-03')];
    expect(states(promiseStates(plan, payments, '2026-04-10'))).toEqual(['kept', 'kept', 'pending']);
  });

  it('does not count every payment toward every overlapping promise: one payment counts once', () => {
    expect(states(promiseStates(plan, [pay(1000, '2026-02-20')], '2026-06-01'))).toEqual(['kept', 'broken', 'broken']);
  });

  it('grace is 3 days: paid on date + 3 is kept, on date + 4 broken; pending up to date + 3 itself', () => {
    const p = [term(1, 500, '2026-03-01')];
    expect(states(promiseStates(p, [pay(500, '2026-03-04')], '2026-03-10'))).toEqual(['kept']);
    expect(states(promiseStates(p, [pay(500, '2026-03-05')], '2026-03-10'))).toEqual(['broken']);
    expect(states(promiseStates(p, [], '2026-03-04'))).toEqual(['pending']);
    expect(states(promiseStates(p, [], '2026-03-05'))).toEqual(['broken']);
  });

  it('a payment dated before the promise was made never counts toward it', () => {
    const p = [term(1, 500, '2026-03-10', '2026-03-05')];
    expect(promiseStates(p, [pay(500, '2026-03-04')], '2026-03-20')[0]).toMatchObject({ state: 'broken', allocatedMinor: 0n });
    expect(promiseStates(p, [pay(500, '2026-03-05')], '2026-03-20')[0]).toMatchObject({ state: 'kept', allocatedMinor: 500n });
  });

  it('payments dated after the as-of date do not exist yet', () => {
    expect(states(promiseStates([term(1, 500, '2026-03-10')], [pay(500, '2026-03-09')], '2026-03-08'))).toEqual(['pending']);
  });

  it('earliest first, each taking up to its unpaid amount; partial payments add up', () => {
    const o = promiseStates(plan, [pay(600, '2026-02-01'), pay(900, '2026-02-15')], '2026-03-02');
    expect(o.map((x) => x.allocatedMinor)).toEqual([1000n, 500n, 0n]);
    expect(o[0]!.completedOn).toBe('2026-02-15');
  });

  it('allocation never exceeds what was paid nor what was promised (property)', () => {
    const date = fc.integer({ min: 0, max: 120 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(fc.property(
      fc.array(fc.record({ amount: fc.integer({ min: 1, max: 5000 }), due: date, made: date }), { maxLength: 6 }),
      fc.array(fc.record({ amount: fc.integer({ min: 1, max: 5000 }), on: date }), { maxLength: 8 }),
      date,
      (ts, ps, asOf) => {
        const terms = ts.map((t, i) => term(i + 1, t.amount, t.due, t.made));
        const payments = ps.map((p) => pay(p.amount, p.on));
        const o = promiseStates(terms, payments, asOf);
        const allocated = o.reduce((s, x) => s + x.allocatedMinor, 0n);
        const paid = payments.filter((p) => p.paidOn <= asOf).reduce((s, p) => s + p.amountMinor, 0n);
        return allocated <= paid && o.every((x) => x.allocatedMinor <= x.amountMinor && (x.state !== 'kept' || x.allocatedMinor === x.amountMinor));
      }));
  });
});

describe('promise-kept rate inputs', () => {
  it('counts promises whose date + grace falls in the period', () => {
    const o = promiseStates([term(1, 10, '2026-03-01'), term(2, 10, '2026-03-28'), term(3, 10, '2026-02-20')],
      [pay(20, '2026-02-25')], '2026-03-31');
    // earliest first: #3 (deadline 02-23, paid late: broken, outside the period), then #1 (deadline 03-04: kept);
    // #2's deadline 03-31 is in the period but it is still pending on 03-31
    expect(keptAndBroken(o, '2026-03-01', '2026-03-31')).toEqual({ kept: 1, broken: 0 });
    expect(keptAndBroken(promiseStates([term(1, 10, '2026-03-01')], [], '2026-03-31'), '2026-03-01', '2026-03-31')).toEqual({ kept: 0, broken: 1 });
  });
});

describe('instalment dates', () => {
  it('weekly and monthly; the 31st falls back to the month end', () => {
    expect(instalmentDates('2026-01-31', 3, 'month')).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    expect(instalmentDates('2026-11-15', 3, 'month')).toEqual(['2026-11-15', '2026-12-15', '2027-01-15']);
    expect(instalmentDates('2026-12-28', 2, 'week')).toEqual(['2026-12-28', '2027-01-04']);
  });
});
