// Small builders for view inputs.
import type { Level } from '../../../../src/domain/aging.js';
import type { DigestCase, DigestInput } from '../../../../src/chat/views/digest.js';

export const li = { id: 7, name: 'Li Wei' };
export const chen = { id: 8, name: '陈经理' };
export const prl = { code: 'PRL', name: 'Pearl River Logistics' };

const LEVELS: (Level | null)[] = ['red', 'orange', 'yellow', null];

export function digestCases(n: number): DigestCase[] {
  return Array.from({ length: n }, (_, i) => ({
    caseId: i + 1,
    version: 1 + (i % 5),
    customer: { code: `C${String(i + 1).padStart(4, '0')}`, name: `华南贸易有限公司 Customer With A Rather Long Trading Name Number ${i + 1}` },
    level: LEVELS[Math.min(3, Math.floor(i / (n / 4)))]!,
    overdueMinor: BigInt(1_000_000_00 - i * 100_00),
    maxDaysOverdue: 400 - i,
    owner: i % 3 === 0 ? null : { id: 100 + i, name: `Owner ${i} 张伟` },
  }));
}

export function digestInput(n: number, overrides: Partial<DigestInput> = {}): DigestInput {
  const worst = digestCases(n);
  const total = worst.reduce((s, c) => s + c.overdueMinor, 0n);
  return {
    org: 1,
    asOf: '2026-11-23',
    currency: 'CNY',
    overdue: { amountMinor: total, customers: n, invoices: n * 3 },
    levels: {
      red: { count: Math.ceil(n / 4), amountMinor: total / 2n },
      orange: { count: Math.ceil(n / 4), amountMinor: total / 4n },
      yellow: { count: Math.ceil(n / 4), amountMinor: total / 8n },
      none: { count: Math.floor(n / 4), amountMinor: total / 8n },
    },
    newSinceYesterday: { count: 4, amountMinor: 1_234_56n },
    promisesDueToday: { count: 2, amountMinor: 50_000_00n },
    promisesBroken: { count: 1, amountMinor: 20_000_00n },
    unclaimedReds: { count: 9, amountMinor: 300_000_00n },
    worst,
    totalCases: n,
    ...overrides,
  };
}
