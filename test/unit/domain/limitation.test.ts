import { describe, expect, it } from 'vitest';
import {
  addYears, limitationBucket, limitationClock, limitationWarningDue, type Interruption,
} from '../../../src/domain/limitation.js';

const invoice = { id: 7, dueOn: '2023-03-31' };
const at = (on: string, kind: Interruption['kind'], invoiceId: number | null = null, delivered = true): Interruption =>
  ({ on, kind, invoiceId, delivered });

describe('limitation clock (民法典 第188條, 第195條)', () => {
  it('runs three years from the due date when nothing interrupted it', () => {
    expect(limitationClock(invoice, [])).toEqual({ runsFrom: '2023-03-31', endsOn: '2026-03-31', lastInterruption: null });
  });

  it('restarts in full from a delivered demand, a promise, a payment on the invoice and a filing', () => {
    for (const kind of ['demand', 'promise', 'payment', 'filing'] as const) {
      const i = at('2024-06-10', kind, kind === 'payment' ? 7 : null);
      expect(limitationClock(invoice, [i])).toEqual({ runsFrom: '2024-06-10', endsOn: '2027-06-10', lastInterruption: i });
    }
  });

  it('counts the latest interruption, whatever order they come in', () => {
    const c = limitationClock(invoice, [at('2025-01-02', 'promise'), at('2024-02-01', 'demand')]);
    expect(c.endsOn).toBe('2028-01-02');
  });

  it('ignores a bounced demand, a payment on another invoice, and anything before the due date', () => {
    const c = limitationClock(invoice, [
      at('2024-05-01', 'demand', null, false),
      at('2024-05-02', 'payment', 8),
      at('2023-03-30', 'promise'),
    ]);
    expect(c.endsOn).toBe('2026-03-31');
    expect(c.lastInterruption).toBeNull();
  });

  it('cannot revive a lapsed period', () => {
    const c = limitationClock(invoice, [at('2026-04-01', 'demand')]);
    expect(c.endsOn).toBe('2026-03-31');
    const onTheLastDay = limitationClock(invoice, [at('2026-03-31', 'demand')]);
    expect(onTheLastDay.endsOn).toBe('2029-03-31');
  });

  it('chains interruptions, each restarting the period it falls in', () => {
    const c = limitationClock(invoice, [at('2026-01-10', 'demand'), at('2028-12-01', 'promise'), at('2032-01-01', 'filing')]);
    expect(c.endsOn).toBe('2031-12-01');
  });

  it('takes the length from the org', () => {
    expect(limitationClock(invoice, [], { years: 2 }).endsOn).toBe('2025-03-31');
  });

  it('turns 29 February into 28 February in a common year', () => {
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2023-12-31', 3)).toBe('2026-12-31');
  });
});

describe('limitation warnings', () => {
  const clock = limitationClock(invoice, []);   // ends 2026-03-31
  it('is due at 180, 90 and 30 days before the end, the tightest one reached', () => {
    expect(limitationWarningDue(clock, '2025-10-01')).toBeNull();       // 181 days left
    expect(limitationWarningDue(clock, '2025-10-02')).toBe(180);
    expect(limitationWarningDue(clock, '2025-12-31')).toBe(90);
    expect(limitationWarningDue(clock, '2026-03-01')).toBe(30);
    expect(limitationWarningDue(clock, '2026-03-31')).toBe(30);
    expect(limitationWarningDue(clock, '2026-04-01')).toBeNull();
  });
  it('buckets invoices for the report', () => {
    expect(limitationBucket(clock, '2025-10-01')).toBeNull();
    expect(limitationBucket(clock, '2025-10-02')).toBe('d180');
    expect(limitationBucket(clock, '2026-01-01')).toBe('d90');
    expect(limitationBucket(clock, '2026-03-02')).toBe('d30');
    expect(limitationBucket(clock, '2026-04-01')).toBe('lapsed');
  });
});
