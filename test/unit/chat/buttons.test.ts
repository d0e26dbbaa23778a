import { describe, expect, it } from 'vitest';
import { BUTTON_ACTIONS, buttonCommand, cardOf, type ButtonInput } from '../../../src/chat/buttons.js';
import { COMMAND_HANDLERS } from '../../../src/chat/commands/index.js';
import { isDuebotError } from '../../../src/errors.js';

const onCard = (over: Partial<ButtonInput> = {}): ButtonInput => ({
  org: 1, payload: { v: 1, org: 1, case: 5, ver: 2, esc: 9 }, kase: { id: 5, version: 2, code: 'C001', name: '华东机电' },
  form: {}, message: { v: 1, org: 1, msg: 3 }, targetFlag: { v: 1, org: 1, flag: 7 }, rerating: { v: 1, org: 1, customer: 11, suggestion: 4 }, ...over,
});

describe('buttons', () => {
  it('maps every button it knows to a command that has a handler', () => {
    for (const action of BUTTON_ACTIONS) {
      const cmd = buttonCommand(action, onCard({ form: { method: 'call', text: 'rang', reason: 'r', amount: '1', date: '2026-12-01' } }));
      expect(Object.keys(COMMAND_HANDLERS)).toContain(cmd.kind);
    }
  });

  it('names the card\'s customer, and the case by id for the case button', () => {
    expect(buttonCommand('claim', onCard())).toEqual({ kind: 'claim', customer: 'C001' });
    expect(buttonCommand('case', onCard())).toEqual({ kind: 'case', caseId: 5 });
  });

  it('takes the customer from the form when the form was opened without a case', () => {
    const cmd = buttonCommand('form:promise', onCard({ payload: null, kase: null,
      form: { customer: ' C002 ', amount: '12,500.00', date: '2026-12-01', note: '' } }));
    expect(cmd).toEqual({ kind: 'promise', form: false, customer: 'C002', amount: '12500.00', date: '2026-12-01', note: null });
  });

  it('turns the submitted plan form into the plan command; a count that is not a whole number reaches the service as NaN', () => {
    const cmd = buttonCommand('form:plan', onCard({ payload: null, kase: null,
      form: { customer: 'C002', instalments: ' 3 ', amount: '5,000', first_on: '2026-12-01', every: 'week', note: ' CFO ' } }));
    expect(cmd).toEqual({ kind: 'plan', form: false, customer: 'C002', instalments: 3, amount: '5000', date: '2026-12-01', every: 'week', note: 'CFO' });
    const bad = buttonCommand('form:plan', onCard({ payload: null, kase: null, form: { customer: 'C002', instalments: '3.5', amount: '1', first_on: '2026-12-01', every: '' } }));
    expect(bad).toMatchObject({ instalments: Number.NaN, every: 'month', note: null });
  });

  it('turns Propose write-off on the monthly review into proposing the customer\'s invoices over 180 days, checking only that the case is open', () => {
    expect(buttonCommand('writeoff_review', onCard())).toEqual({ kind: 'propose_writeoffs', customer: 'C001' });
    expect(cardOf('writeoff_review', { v: 1, org: 1, case: 5, ver: 2 })).toEqual({ caseId: 5, version: null });
  });

  it('sends, cancels or asks for the override reason of the preview\'s message (issue 11)', () => {
    expect(buttonCommand('email_send', onCard())).toEqual({ kind: 'send_message', org: 1, messageId: 3, overrideReason: undefined });
    expect(buttonCommand('email_cancel', onCard())).toEqual({ kind: 'cancel_message', org: 1, messageId: 3 });
    expect(buttonCommand('form:email_override', onCard({ form: { reason: ' customer asked for it ' } })))
      .toEqual({ kind: 'send_message', org: 1, messageId: 3, overrideReason: 'customer asked for it' });
    expect(() => buttonCommand('email_send', onCard({ message: null }))).toThrow('this button names no message');
  });

  it('opens and submits the remediation plan of the flagged target the button names (issue 10)', () => {
    expect(buttonCommand('target_plan', onCard())).toEqual({ kind: 'open_target_plan_form', org: 1, flagId: 7 });
    expect(buttonCommand('form:target_plan', onCard({ form: { owner: ' 12 ', action: ' call them ', due_on: '2026-12-01' } })))
      .toEqual({ kind: 'submit_target_plan', org: 1, flagId: 7, ownerUserId: 12, action: 'call them', dueOn: '2026-12-01' });
    expect(buttonCommand('form:target_plan', onCard({ form: { owner: 'Li' } }))).toMatchObject({ ownerUserId: Number.NaN, action: '', dueOn: '' });
    expect(() => buttonCommand('target_plan', onCard({ targetFlag: null }))).toThrow('this button names no target');
    expect(cardOf('target_plan', { v: 1, org: 1, case: 5, ver: 2 })).toBeUndefined();
  });

  it('accepts or keeps the re-rating of the customer the button names (issue 10)', () => {
    expect(buttonCommand('rerating_accept', onCard())).toEqual({ kind: 'decide_rerating', org: 1, customerId: 11, suggestionId: 4, decision: 'accepted' });
    expect(buttonCommand('rerating_keep', onCard())).toEqual({ kind: 'decide_rerating', org: 1, customerId: 11, suggestionId: 4, decision: 'kept' });
    expect(() => buttonCommand('rerating_keep', onCard({ rerating: null }))).toThrow('this button names no customer');
  });

  it('leaves the card\'s defaults (snooze length, reject note) to the services', () => {
    expect(buttonCommand('reject', onCard())).toEqual({ kind: 'decide', escalationId: 9, decision: 'reject', note: undefined });
    expect(buttonCommand('reject', onCard({ form: { reason: ' too early ' } }))).toMatchObject({ note: 'too early' });
    expect(buttonCommand('snooze', onCard())).toEqual({ kind: 'snooze', customer: 'C001', fromCard: true });
  });

  it('refuses an action it never rendered, and a decision button without a request', () => {
    const code = (f: () => unknown) => { try { f(); return null; } catch (e) { return isDuebotError(e) ? e.code : 'other'; } };
    expect(code(() => buttonCommand('drop_tables', onCard()))).toBe('invalid');
    expect(code(() => buttonCommand('approve', onCard({ payload: { v: 1, org: 1, case: 5, ver: 2 } })))).toBe('invalid');
    expect(code(() => buttonCommand('claim', onCard({ payload: null, kase: null })))).toBe('invalid');
  });

  it('checks the card\'s version on a click, only that the case is open on a submitted form, and leaves decisions to their request', () => {
    const p = { v: 1 as const, org: 1, case: 5, ver: 2, esc: 9 };
    expect(cardOf('snooze', p)).toEqual({ caseId: 5, version: 2 });
    expect(cardOf('form:log', p)).toEqual({ caseId: 5, version: null });
    expect(cardOf('approve', p)).toBeUndefined();
    expect(cardOf('drop_tables', p)).toBeUndefined();
  });
});
