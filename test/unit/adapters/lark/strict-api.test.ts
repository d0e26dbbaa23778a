// The strict fake Lark Open API (test/support/lark-card-rules.ts) against what duebot sends: it
// refuses what Lark refuses (1.0 tags, unknown attributes, over 30 KB or 200 components, a mention
// of someone the tenant does not have) and accepts every card the product renders, in both
// languages, at the size limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { LarkApi } from '../../../../adapters/lark/api.js';
import { renderCard, renderFormCard } from '../../../../adapters/lark/render.js';
import { LOCALES } from '../../../../src/chat/i18n.js';
import type { Locale, Message } from '../../../../src/chat/message.js';
import { alertView } from '../../../../src/chat/views/alert.js';
import { digestView } from '../../../../src/chat/views/digest.js';
import { escalateForm } from '../../../../src/chat/views/escalate-form.js';
import { escalationRequestView } from '../../../../src/chat/views/escalation-request.js';
import { helpView } from '../../../../src/chat/views/help.js';
import { logForm } from '../../../../src/chat/views/log-form.js';
import { promiseForm } from '../../../../src/chat/views/promise-form.js';
import { larkCardRefusal } from '../../../support/lark-card-rules.js';
import { startFakeLarkApi, type FakeLarkApi } from '../../../support/fake-lark-api.js';
import { chen, digestInput, li, prl } from '../../chat/views/fixtures.js';

let fake: FakeLarkApi;
let api: LarkApi;
beforeAll(async () => {
  fake = await startFakeLarkApi();
  fake.knowUsers('ou_li');
  api = new LarkApi({ appId: 'cli_strict', appSecret: 'secret', domain: fake.url, log: pino({ level: 'silent' }) });
});
afterAll(async () => { await fake.close(); });

const card = (elements: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ schema: '2.0', body: { elements }, ...extra });
const md = (content: string) => ({ tag: 'markdown', content });

describe('the strict fake Lark API', () => {
  it('refuses what Lark refuses, with its code and sub-code', () => {
    expect(larkCardRefusal(card([md('ok')]), null)).toBeUndefined();
    expect(larkCardRefusal(JSON.stringify({ elements: [md('x')] }), null)?.code).toBe(230099);           // a 1.0 card
    expect(larkCardRefusal(card([{ tag: 'note', elements: [] }]), null)?.msg).toContain('unknown or misplaced tag note');
    expect(larkCardRefusal(card([{ tag: 'markdown', content: 'x', colour: 'red' }]), null)?.errors).toEqual(['body.elements[0].colour: unknown attribute']);
    expect(larkCardRefusal(card([{ tag: 'input', name: 'a' }]), null)?.errors).toEqual(['body.elements[0]: input must sit in a form']);
    expect(larkCardRefusal(card([{ tag: 'button', text: { tag: 'plain_text', content: 'x' }, confirm: { title: { tag: 'plain_text', content: 't' } } }]), null)?.errors)
      .toEqual(['body.elements[0].confirm.text: missing required field']);
    expect(larkCardRefusal(card([md('x'.repeat(31 * 1024))]), null)?.code).toBe(230025);
    expect(larkCardRefusal(card(Array.from({ length: 201 }, () => ({ tag: 'hr' }))), null)?.errors).toEqual(['body: 201 components > 200']);
    expect(larkCardRefusal(card([md('hi'), md('<at id=ou_gone></at>')]), new Set(['ou_li']))?.msg).toContain('ErrCode: 100290');
    expect(larkCardRefusal(card([md('<at id=ou_li></at>')]), new Set(['ou_li']))).toBeUndefined();
    expect(larkCardRefusal(card([md('x')], { config: { update_multi: false } }), null)?.errors).toEqual(['config.update_multi: JSON 2.0 cards are shared: must be true']);
  });

  it('answers an unknown mention through the API as Lark does: 230099 with sub-code 100290', async () => {
    const e = await api.sendCard('oc_group', JSON.parse(card([md('<at id=ou_someone_else></at>')]))).catch((x: unknown) => x) as { larkCode?: number; subCode?: number; reason?: string };
    expect([e.larkCode, e.subCode, e.reason]).toEqual([230099, 100290, 'unknown_mention']);
    fake.reset();
  });

  const longName = { code: 'C-0001', name: '华南国际贸易（集团）有限公司 South China International Trading Group Company Limited' };
  const views = (locale: Locale): [string, Message][] => [
    ['escalation request with 40 long records', escalationRequestView({
      org: 3, caseId: 42, caseVersion: 9, escalationId: 5, kind: 'legal', customer: prl, currency: 'CNY', balanceMinor: 4_500_000n, maxDaysOverdue: 120,
      level: 'red', stage: 'advanced', requester: li, requestedOn: '2026-11-21', reason: 'No payment :OK: {{x}}', overrideReason: null, missing: [],
      evidence: Array.from({ length: 40 }, (_, i) => ({ on: '2026-11-20', author: chen, method: 'letter' as const, outcome: 'refused' as const, body: `Letter ${i} ${'说明 '.repeat(200)}` })),
    }, locale)],
    ['red alert with a long name and 30 other invoices', alertView({
      org: 3, caseId: 42, caseVersion: 9, invoiceId: 11, invoiceNumber: 'INV-2026-0042', level: 'red', customer: longName, currency: 'CNY',
      openMinor: 123_456_789_00n, dueOn: '2026-06-01', daysOverdue: 179, owner: li,
      otherInvoices: Array.from({ length: 30 }, (_, i) => ({ number: `INV-${i}`, openMinor: 1_000_00n, daysOverdue: 95 })),
    }, locale)],
    ['digest of 300 cases', digestView(digestInput(300), locale)],
    ['help', helpView({}, locale)],
  ];

  describe.each(LOCALES)('accepts every card the product sends (%s, with the other language zipped in)', (locale) => {
    const other: Locale = locale === 'en-US' ? 'zh-CN' : 'en-US';
    it.each(views(locale).map(([name, m], i) => [name, m, views(other)[i]![1]] as const))('%s', async (_name, m, alt) => {
      const c = renderCard(m, { locale, alternates: { [other]: alt }, openIds: new Map([[li.id, 'ou_li']]) });
      const sent = await api.sendCard('oc_group', c);
      await api.patchCard(sent.messageId, c);
      await api.replyCard(sent.messageId, c, true);
      fake.assertNothingRefused();
    });

    it('sends the log, promise and escalate forms', async () => {
      const input = { case: { org: 3, caseId: 42, version: 9, customer: longName } };
      for (const f of [logForm(input, locale), promiseForm(input, locale), escalateForm(input, locale), logForm({}, locale)]) {
        await api.sendCard('oc_group', renderFormCard(f, { locale }));
      }
      fake.assertNothingRefused();
    });
  });
});
