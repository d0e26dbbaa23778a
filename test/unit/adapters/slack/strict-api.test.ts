// The strict fake Slack Web API (test/support/slack-api-rules.ts) against what duebot sends: it
// refuses the escalation request as it was rendered before confirm/deny (Slack answers such a
// message `invalid_blocks`, and the managers never see it), and accepts every message and modal
// the product renders, in both languages, at the size limits.
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackPort, type SlackPort } from '../../../../adapters/slack/slack-port.js';
import { renderMessage } from '../../../../adapters/slack/render.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import type { Message } from '../../../../src/chat/message.js';
import { alertView, type AlertInput } from '../../../../src/chat/views/alert.js';
import { digestView } from '../../../../src/chat/views/digest.js';
import { escalateForm } from '../../../../src/chat/views/escalate-form.js';
import { escalationRequestView, type EscalationRequestInput } from '../../../../src/chat/views/escalation-request.js';
import { helpView } from '../../../../src/chat/views/help.js';
import { logForm } from '../../../../src/chat/views/log-form.js';
import { promiseForm } from '../../../../src/chat/views/promise-form.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../../support/fake-slack-api.js';
import { slackRefusal } from '../../../support/slack-api-rules.js';
import { chen, digestInput, li, prl } from '../../chat/views/fixtures.js';

const log = pino({ level: 'silent' });
let api: FakeSlackApi;
let client: webApi.WebClient;
let port: SlackPort;

beforeAll(async () => {
  api = await startFakeSlackApi();
  client = new webApi.WebClient('xoxb-strict', { slackApiUrl: api.url, retryConfig: { retries: 0 }, logger: { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} } });
  port = createSlackPort({ client, log, mentions: async () => new Map([[li.id, 'U07LIWEI']]) });
});
afterAll(async () => { await api.close(); });
beforeEach(() => { api.reset(); });

const longName = { code: 'C-0001', name: '华南国际贸易（集团）有限公司 South China International Trading Group Company Limited' };

const escalation: EscalationRequestInput = {
  org: 3, caseId: 42, caseVersion: 9, escalationId: 5, kind: 'legal', customer: prl, currency: 'CNY',
  balanceMinor: 4_500_000n, maxDaysOverdue: 120, level: 'red', stage: 'advanced', requester: li, requestedOn: '2026-11-21',
  reason: 'Three letters and a lawyer\'s letter, no payment', overrideReason: null, missing: [],
  evidence: Array.from({ length: 40 }, (_, i) => ({ on: '2026-11-20', author: chen, method: 'letter' as const, outcome: 'refused' as const, body: `Letter ${i} ${'说明 '.repeat(200)}` })),
};

const alert: AlertInput = {
  org: 3, caseId: 42, caseVersion: 9, invoiceId: 11, invoiceNumber: 'INV-2026-0042', level: 'red', customer: longName, currency: 'CNY',
  openMinor: 123_456_789_00n, dueOn: '2026-06-01', daysOverdue: 179, owner: null,
  otherInvoices: Array.from({ length: 30 }, (_, i) => ({ number: `INV-${i}`, openMinor: 1_000_00n, daysOverdue: 95 })),
};

describe('the strict fake Slack API', () => {
  it('refuses the escalation request rendered without confirm/deny, as Slack does (invalid_blocks)', async () => {
    // Today's request before the fix: the Approve button's confirmation dialog had only title and text.
    const m = renderMessage(escalationRequestView(escalation, 'en-US'), { locale: 'en-US' });
    const old = JSON.parse(JSON.stringify(m)) as typeof m;
    for (const b of old.blocks as any[]) for (const e of b.elements ?? []) if (e.confirm) { delete e.confirm.confirm; delete e.confirm.deny; }
    const err = await client.chat.postMessage({ channel: 'CMGR', text: old.text, blocks: old.blocks }).catch((e: unknown) => e) as { data?: { error?: string; errors?: string[] } };
    expect(err.data?.error).toBe('invalid_blocks');
    expect(err.data?.errors?.join('\n')).toMatch(/confirm\.confirm: missing required field[\s\S]*confirm\.deny: missing required field/);
    expect(api.refusals).toHaveLength(1);
    // The same message as rendered now goes through.
    await client.chat.postMessage({ channel: 'CMGR', text: m.text, blocks: m.blocks });
    expect(api.refusals).toHaveLength(1);
  });

  it('refuses what Slack refuses: blocks without fallback text, unknown block types, oversize text, bad metadata', () => {
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'x' } };
    expect(slackRefusal('chat.postMessage', { channel: 'C1', blocks: [section] })?.error).toBe('invalid_arguments');
    expect(slackRefusal('chat.postMessage', { channel: 'C1' })?.error).toBe('no_text');
    expect(slackRefusal('chat.postMessage', { text: 'x' })?.error).toBe('invalid_arguments');
    expect(slackRefusal('chat.postMessage', { channel: 'C1', text: 'x', blocks: [{ type: 'sectoin' }] })?.error).toBe('invalid_blocks');
    expect(slackRefusal('chat.postMessage', { channel: 'C1', text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }] })?.errors)
      .toEqual(['blocks[0].text.type: must be plain_text']);
    expect(slackRefusal('chat.postMessage', { channel: 'C1', text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] })?.error).toBe('invalid_blocks');
    expect(slackRefusal('chat.postMessage', { channel: 'C1', text: 'x', blocks: Array.from({ length: 51 }, () => section) })?.error).toBe('invalid_blocks');
    expect(slackRefusal('chat.postMessage', { channel: 'C1', text: 'x', blocks: [{ type: 'actions', elements: [
      { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'A' } }, { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'B' } }] }] })?.errors)
      .toEqual(['blocks: action_id values must be unique']);
    expect(slackRefusal('chat.postMessage', { channel: 'C1', text: 'x', metadata: { event_type: 'case_updated' } })?.error).toBe('invalid_metadata_format');
    expect(slackRefusal('chat.postMessage', { channel: 'C1', text: 'x', metadata: { event_type: 'case_updated', event_payload: { id: 1 } } })).toBeUndefined();
    expect(slackRefusal('views.open', { trigger_id: 't', view: { type: 'modal', title: { type: 'plain_text', text: 'x'.repeat(25) }, blocks: [] } })?.error).toBe('invalid_arguments');
  });

  describe.each(LOCALES)('accepts every message the product sends (%s)', (locale) => {
    const messages: [string, Message][] = [
      ['escalation request with 40 long records', escalationRequestView(escalation, locale)],
      ['red alert with a long name and 30 other invoices', alertView(alert, locale)],
      ['digest of 300 cases', digestView(digestInput(300), locale)],
      ['help', helpView({}, locale)],
    ];
    it.each(messages)('%s: posted, updated, sent ephemerally and as a DM', async (_name, m) => {
      const ref = await port.post('CALERTS', m, { locale });
      await port.update(ref, m, { locale });
      await port.ephemeral('CALERTS', 'U1', m, { locale });
      await port.dm('U07LIWEI', m, { locale });
      api.assertNothingRefused();
      expect(api.callsTo('chat.postMessage')).toHaveLength(2);
    });

    it('opens the log, promise and escalate modals for a customer with a long name', async () => {
      const input = { case: { org: 3, caseId: 42, version: 9, customer: longName } };
      for (const form of [logForm(input, locale), promiseForm(input, locale), escalateForm(input, locale), logForm({}, locale)]) {
        await port.openModal('trigger.1', form, { channelId: 'C1' });
      }
      api.assertNothingRefused();
      const views = api.callsTo('views.open').map((c) => c.body.view);
      expect(views).toHaveLength(4);
      // The title holds 24 characters; the modal still names its customer in full.
      for (const v of views.slice(0, 3)) expect(JSON.stringify(v.blocks[0])).toMatch(/华南国际贸易.*\(C-0001\)/);
    });
  });
});
