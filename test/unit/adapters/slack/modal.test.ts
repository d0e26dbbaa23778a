import { describe, expect, it } from 'vitest';
import type { Form } from '../../../../src/chat/message.js';
import { readSubmission, renderModal } from '../../../../adapters/slack/modal.js';

const form: Form = {
  id: 'promise', title: 'Promise to pay — a very long title indeed', submitLabel: 'Save', value: '1.2.3.4',
  fields: [
    { name: 'amount', label: 'Amount', kind: 'amount' },
    { name: 'date', label: 'Pays by', kind: 'date', initial: '2026-06-01' },
    { name: 'method', label: 'How', kind: 'select', options: [{ value: 'call', label: 'Call' }], initial: 'call' },
    { name: 'note', label: 'Note <!channel>', kind: 'multiline', optional: true },
  ],
};

const state = (values: Record<string, Record<string, unknown>>) => ({ values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])) });

describe('renderModal', () => {
  it('renders a form as a modal with one input per field, within the title limit', () => {
    const view = renderModal(form, { channelId: 'C1', threadId: '111.222' });
    expect(view.callback_id).toBe('form:promise');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    // The title was cut: the first block says it in full (it names the customer).
    expect(view.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: '*Promise to pay — a very long title indeed*' } });
    const inputs = view.blocks.slice(1);
    expect(inputs.map((b: any) => [b.block_id, b.element.type, b.optional])).toEqual([
      ['amount', 'number_input', false], ['date', 'datepicker', false], ['method', 'static_select', false], ['note', 'plain_text_input', true],
    ]);
    expect((inputs[1] as any).element.initial_date).toBe('2026-06-01');
    expect((inputs[2] as any).element.initial_option.value).toBe('call');
    expect(JSON.stringify(inputs[3])).toContain('Note &lt;!channel&gt;');
    expect(JSON.parse(view.private_metadata!)).toMatchObject({ v: '1.2.3.4', c: 'C1', t: '111.222' });
  });
});

describe('readSubmission', () => {
  const view = renderModal(form, { channelId: 'C1' });

  it('reads values by field name, amounts normalised', () => {
    const sub = readSubmission({ ...view, state: state({
      amount: { type: 'number_input', value: '12000.5' }, date: { type: 'datepicker', selected_date: '2026-06-30' },
      method: { type: 'static_select', selected_option: { value: 'call' } }, note: { type: 'plain_text_input', value: null },
    }) }, 'en-US');
    expect(sub).toMatchObject({ formId: 'promise', value: '1.2.3.4', channelId: 'C1', errors: {} });
    expect(sub.values).toEqual({ amount: '12000.5', date: '2026-06-30', method: 'call' });
  });

  it('answers per-field errors for a bad amount, a bad date and a blank required field', () => {
    const sub = readSubmission({ ...view, state: state({
      amount: { type: 'number_input', value: '0' }, date: { type: 'datepicker', selected_date: '2026-02-30' },
      method: { type: 'static_select', selected_option: null },
    }) }, 'en-US');
    expect(Object.keys(sub.errors).sort()).toEqual(['amount', 'date', 'method']);
    expect(sub.errors.amount).toMatch(/amount/i);
    const zh = readSubmission({ ...view, state: state({ amount: { type: 'number_input', value: 'abc' } }) }, 'zh-CN');
    expect(zh.errors.amount).toMatch(/[\u4e00-\u9fff]/);
  });
});
