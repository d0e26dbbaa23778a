import { describe, expect, it } from 'vitest';
import { decodeAction } from '../../../../src/chat/action-payload.js';
import { METHODS, OUTCOMES } from '../../../../src/chat/grammar.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import { escalateForm, escalateFormView, ESCALATE_FIELDS } from '../../../../src/chat/views/escalate-form.js';
import { logForm, logFormView, LOG_FIELDS } from '../../../../src/chat/views/log-form.js';
import { promiseForm, PROMISE_FIELDS } from '../../../../src/chat/views/promise-form.js';
import { planForm, PLAN_FIELDS } from '../../../../src/chat/views/plan-form.js';
import { checkMessage } from './message-checks.js';
import { prl } from './fixtures.js';

const forCase = { case: { org: 3, caseId: 42, version: 9, customer: prl } };

describe('forms', () => {
  it.each(LOCALES)('log form offers every method and outcome, outcome optional (%s)', (locale) => {
    const f = logForm(forCase, locale);
    expect(f.id).toBe('log');
    const method = f.fields.find((x) => x.name === LOG_FIELDS.method)!;
    expect(method.kind).toBe('select');
    expect(method.options!.map((o) => o.value)).toEqual([...METHODS]);
    const outcome = f.fields.find((x) => x.name === LOG_FIELDS.outcome)!;
    expect(outcome.options!.map((o) => o.value)).toEqual([...OUTCOMES]);
    expect(outcome.optional).toBe(true);
    expect(f.fields.find((x) => x.name === LOG_FIELDS.text)!.kind).toBe('multiline');
    expect(decodeAction(f.value)).toEqual({ v: 1, org: 3, case: 42, ver: 9 });
    expect(f.fields.some((x) => x.name === 'customer')).toBe(false);
    expect(f.title).toContain('Pearl River Logistics (PRL)');
  });

  it('asks for the customer when opened without a case', () => {
    for (const f of [logForm({}, 'en-US'), promiseForm({}, 'en-US'), escalateForm({}, 'en-US'), planForm({}, 'en-US')]) {
      expect(f.value).toBe('');
      expect(f.fields[0]!.name).toBe('customer');
      expect(f.fields[0]!.kind).toBe('text');
    }
  });

  it.each(LOCALES)('plan form asks the count, amount, first date and week or month (month by default), note optional (%s)', (locale) => {
    const f = planForm(forCase, locale);
    expect(f.id).toBe('plan');
    expect(f.fields.map((x) => [x.name, x.kind, x.optional ?? false])).toEqual([
      [PLAN_FIELDS.instalments, 'text', false], [PLAN_FIELDS.amount, 'amount', false], [PLAN_FIELDS.firstOn, 'date', false],
      [PLAN_FIELDS.every, 'select', false], [PLAN_FIELDS.note, 'multiline', true],
    ]);
    const every = f.fields.find((x) => x.name === PLAN_FIELDS.every)!;
    expect(every.options!.map((o) => o.value)).toEqual(['week', 'month']);
    expect(every.initial).toBe('month');
  });

  it('promise form asks amount and date, note optional', () => {
    const f = promiseForm(forCase, 'zh-CN');
    expect(f.fields.map((x) => [x.name, x.kind, x.optional ?? false])).toEqual([
      [PROMISE_FIELDS.amount, 'amount', false], [PROMISE_FIELDS.date, 'date', false], [PROMISE_FIELDS.note, 'multiline', true],
    ]);
  });

  it('escalate form asks a reason and an optional override reason', () => {
    const f = escalateForm(forCase, 'en-US');
    expect(f.fields.map((x) => [x.name, x.optional ?? false])).toEqual([[ESCALATE_FIELDS.reason, false], [ESCALATE_FIELDS.overrideReason, true]]);
    expect(f.submitLabel).toBe('Request');
  });

  it('wraps into a message that carries the form', () => {
    for (const m of [logFormView(forCase, 'en-US'), escalateFormView({}, 'zh-CN')]) {
      checkMessage(m);
      expect(m.form).toBeDefined();
    }
  });
});
