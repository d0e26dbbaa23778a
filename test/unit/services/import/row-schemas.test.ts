import { describe, expect, it } from 'vitest';
import { rowValidator, type Cells, type RowVerdict } from '../../../../src/services/import/row-schemas.js';

const issues = (v: RowVerdict<unknown>) => (v.ok ? [] : v.issues);

describe('invoice rows', () => {
  const validate = rowValidator('invoices', { currency: 'CNY' });
  const good: Cells = { number: 'INV-1', customer_code: 'C1', amount: '1234.5', issued_on: '2025-01-31', due_on: '2025-03-02' };

  it('reads a good row into minor units, with empty optional cells as null', () => {
    const v = validate({ ...good, region: ' ', product_line: 'steel ' });
    expect(v).toEqual({ ok: true, row: { number: 'INV-1', customer_code: 'C1', amount: 123450n, currency: null,
      issued_on: '2025-01-31', due_on: '2025-03-02', product_line: 'steel', region: null } });
  });

  it('refuses more decimals than the currency has, naming the currency', () => {
    expect(issues(validate({ ...good, amount: '10.005' }))).toEqual([{ column: 'amount', message: 'at most 2 decimals for CNY' }]);
  });

  it("reads the amount in the row's own currency", () => {
    expect(validate({ ...good, currency: 'jpy', amount: '1500' })).toMatchObject({ ok: true, row: { currency: 'JPY', amount: 1500n } });
    expect(issues(validate({ ...good, currency: 'JPY', amount: '15.5' }))).toEqual([{ column: 'amount', message: 'no decimals for JPY' }]);
    expect(validate({ ...good, currency: 'KWD', amount: '1.125' })).toMatchObject({ ok: true, row: { amount: 1125n } });
  });

  it('refuses negative, zero and non-decimal amounts', () => {
    expect(issues(validate({ ...good, amount: '-5' }))).toEqual([{ column: 'amount', message: 'must not be negative' }]);
    expect(issues(validate({ ...good, amount: '0.00' }))).toEqual([{ column: 'amount', message: 'must be greater than 0' }]);
    expect(issues(validate({ ...good, amount: '1,234.50' }))[0]?.message).toMatch(/^not an amount/);
    expect(issues(validate({ ...good, amount: '1e3' }))[0]?.message).toMatch(/^not an amount/);
  });

  it('refuses impossible dates and a due date before the issue date', () => {
    expect(issues(validate({ ...good, issued_on: '2025-02-30' }))).toEqual([{ column: 'issued_on', message: 'not a date: use YYYY-MM-DD' }]);
    expect(issues(validate({ ...good, due_on: '2025/03/02' }))).toEqual([{ column: 'due_on', message: 'not a date: use YYYY-MM-DD' }]);
    expect(issues(validate({ ...good, due_on: '2025-01-30' }))).toEqual([{ column: 'due_on', message: 'is before issued_on' }]);
    expect(validate({ ...good, due_on: '2025-01-31' }).ok).toBe(true);
  });

  it('reports every problem of a row at once', () => {
    const v = validate({ number: ' ', customer_code: 'C1', amount: '1.234', currency: 'euro', issued_on: '2025-02-01', due_on: '2025-01-01' });
    expect(issues(v).map((i) => i.column)).toEqual(['number', 'amount', 'currency', 'due_on']);
    expect(issues(v)[0]!.message).toBe('required');
  });
});

describe('customer rows', () => {
  const validate = rowValidator('customers', { currency: 'CNY' });
  const good: Cells = { code: 'C1', name: 'Acme', credit_grade: 'b', credit_limit: '0', payment_terms_days: '30' };

  it('accepts a zero credit limit and a lower-case grade', () => {
    expect(validate(good)).toMatchObject({ ok: true, row: { credit_grade: 'B', credit_limit: 0n, payment_terms_days: 30, owner_email: null } });
  });

  it('refuses a grade outside A–D, a negative limit, fractional terms and a bad owner email', () => {
    const v = validate({ ...good, credit_grade: 'E', credit_limit: '-1', payment_terms_days: '30.5', owner_email: 'bob@' });
    expect(issues(v)).toEqual([
      { column: 'credit_grade', message: 'must be A, B, C or D' },
      { column: 'credit_limit', message: 'must not be negative' },
      { column: 'payment_terms_days', message: 'must be a whole number of days from 0 to 3650' },
      { column: 'owner_email', message: 'not an email address' },
    ]);
  });
});

describe('payment rows', () => {
  it('reads the amount in the currency of its invoice', () => {
    const validate = rowValidator('payments', { currency: 'CNY', invoiceCurrency: (n) => (n === 'INV-J' ? 'JPY' : undefined) });
    expect(validate({ invoice_number: 'INV-J', amount: '300', paid_on: '2025-05-01' })).toMatchObject({ ok: true, row: { amount: 300n } });
    expect(issues(validate({ invoice_number: 'INV-J', amount: '300.5', paid_on: '2025-05-01' })))
      .toEqual([{ column: 'amount', message: 'no decimals for JPY' }]);
    expect(validate({ invoice_number: 'INV-C', amount: '300.5', paid_on: '2025-05-01', reference: 'R1' }))
      .toMatchObject({ ok: true, row: { amount: 30050n, reference: 'R1' } });
  });

  it('refuses a zero payment and a missing date', () => {
    const validate = rowValidator('payments', { currency: 'CNY' });
    expect(issues(validate({ invoice_number: 'I', amount: '0', paid_on: '' }))).toEqual([
      { column: 'amount', message: 'must be greater than 0' },
      { column: 'paid_on', message: 'required' },
    ]);
  });
});

describe('user rows', () => {
  const validate = rowValidator('users', { currency: 'CNY' });
  const good: Cells = { email: 'li.wei@example.cn', name: 'Li Wei', role: 'Sales' };

  it('accepts a known role in any case and an IANA time zone', () => {
    expect(validate({ ...good, timezone: 'Asia/Shanghai', slack_user_id: 'U123' }))
      .toMatchObject({ ok: true, row: { role: 'sales', timezone: 'Asia/Shanghai', slack_user_id: 'U123', lark_open_id: null } });
  });

  it('refuses an unknown role, a made-up time zone and an implausible email', () => {
    expect(issues(validate({ email: 'li.wei', name: 'Li', role: 'boss', timezone: 'Mars/Olympus' }))).toEqual([
      { column: 'email', message: 'not an email address' },
      { column: 'role', message: 'must be one of admin, manager, finance, sales, legal' },
      { column: 'timezone', message: 'not an IANA time zone such as Asia/Shanghai' },
    ]);
  });
});
